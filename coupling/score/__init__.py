"""Analysis → Assessment: every unit's ease of extraction out of 10, with its factors,
reasons, role and a recommendation; the extraction order as phases (rules/scoring.toml)."""

from __future__ import annotations

import statistics

from coupling.records import Assessment, Candidate, Role
from coupling.score.context import Context, UnitFacts
from coupling.score.factors import factors
from coupling.score.order import phases
from coupling.score.reasons import reasons


def assess(context: Context) -> Assessment:
    """Every unit scored, services ranked, kernels apart, the extraction order."""
    analysis = context.analysis
    scored = [_candidate(unit, context) for unit in sorted(context.units)]
    kernels = tuple(c for c in scored if c.role is Role.SHARED_KERNEL)
    services = sorted(
        (c for c in scored if c.role is not Role.SHARED_KERNEL),
        key=lambda c: (-c.score, -c.uncapped, c.unit),
    )
    return Assessment(
        analysis=analysis,
        candidates=tuple(services),
        kernels=kernels,
        phases=phases(analysis, tuple(services), kernels),
        production=context.metrics,
    )


def _candidate(unit: str, context: Context) -> Candidate:
    found = factors(unit, context)
    uncapped = 10 * sum(f.weight * f.value for f in found if f.value is not None)
    facts = context.units[unit]
    cap, score = "", uncapped
    if facts.cycle.in_group and score > context.rules.cycle_cap:
        cap, score = f"in a cycle: at most {context.rules.cycle_cap:g}", context.rules.cycle_cap
    if facts.data.written_by and score > context.rules.written_cap:
        writers = ", ".join(sorted(facts.data.written_by))
        cap, score = (
            f"{writers} write its tables: at most {context.rules.written_cap:g}",
            context.rules.written_cap,
        )
    role = _role(unit, facts, context)
    said = reasons(unit, found, role, context)
    return Candidate(
        unit=unit,
        score=round(score, 1),
        uncapped=round(uncapped, 2),
        cap=cap,
        role=role,
        factors=found,
        pros=said.pros,
        cons=said.cons,
        benefits=said.benefits,
        rationale=said.rationale,
        recommendation=_recommendation(facts, role, round(score, 1)),
        unknown=tuple(f.name for f in found if f.value is None),
    )


def _role(unit: str, facts: UnitFacts, context: Context) -> Role:
    stats, rules = facts.stats, context.rules
    if stats.shared_kernel:
        return Role.SHARED_KERNEL
    if stats.fan_in + stats.fan_out == 0:
        return Role.ISOLATED
    if stats.fan_in == 0:
        return Role.LEAF
    others = len(context.units) - 1
    median = statistics.median(context.others(unit, "fan_in")) if others else 0
    if (
        stats.fan_in >= rules.hub_fan_in * max(median, 1)
        and stats.ca >= rules.hub_importers * others
    ):
        return Role.HUB
    return Role.CORE


def _recommendation(facts: UnitFacts, role: Role, score: float) -> str:
    stats = facts.stats
    rules = [  # the first that applies
        (
            role is Role.SHARED_KERNEL,
            f"Publish it as a versioned library before extracting any service: {stats.ca} units import it.",
        ),
        (
            role is Role.ISOLATED,
            "Nothing imports it and it imports nothing: it can move whenever it is worth it.",
        ),
        (
            bool(facts.cycle.cycle_now),
            f"Break its cycle with {', '.join(facts.cycle.cycle_now)} first (see Imports to cut), then extract it.",
        ),
        (
            role is Role.LEAF and score >= 7,
            "Extract it first: no caller changes, and it can keep calling the monolith through an API.",
        ),
        (
            role is Role.HUB,
            f"Extract it last: {stats.ca} units depend on it. Put an internal API in front of it first.",
        ),
        (
            facts.cycle.in_group,
            "Cut the lazy imports that close its cycle, then extract it behind its own API.",
        ),
    ]
    return next(
        (text for applies, text in rules if applies),
        "Extract it once an internal API covers what its importers use (see Public surface).",
    )
