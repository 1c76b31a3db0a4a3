"""Analysis → Assessment: every unit's ease of extraction out of 10, with its factors,
reasons, role and a recommendation; the extraction order as phases (rules/scoring.toml)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coupling.records import Assessment, Candidate, Role, UnitKind
from coupling.score.factors import factors
from coupling.score.order import phases
from coupling.score.reasons import reasons

if TYPE_CHECKING:
    from coupling.records import Factor
    from coupling.score.context import Context, UnitFacts
    from coupling.score.factors import Weights


def assess(context: Context) -> Assessment:
    """Every ranked unit scored: services ranked (subsystems before single modules, each by
    score), shared kernels ranked apart as libraries to publish, the extraction order."""
    analysis = context.analysis
    kernels = sorted(
        (
            _candidate(unit, context, context.rules.library_weights)
            for unit, facts in context.units.items()
            if facts.stats.role is Role.SHARED_KERNEL
        ),
        key=_ranking,
    )
    services = sorted(
        (
            _candidate(unit, context, context.rules.weights)
            for unit, facts in context.units.items()
            if facts.stats.role is not Role.SHARED_KERNEL
        ),
        key=_ranking,
    )
    if any(c.kind is UnitKind.SUBSYSTEM for c in services):
        # A one-file unit is rarely a service of its own: modules rank after subsystems.
        services.sort(key=lambda c: c.kind is UnitKind.MODULE)
    return Assessment(
        analysis=analysis,
        candidates=tuple(services),
        kernels=tuple(kernels),
        phases=phases(analysis, tuple(services), tuple(kernels)),
        production=context.metrics,
    )


def _ranking(candidate: Candidate) -> tuple[float, float, str]:
    return (-candidate.score, -candidate.uncapped, candidate.unit)


def _candidate(unit: str, context: Context, weights: Weights) -> Candidate:
    found = factors(unit, context, weights)
    uncapped = 10 * sum(f.weight * f.value for f in found if f.value is not None)
    facts = context.units[unit]
    cap, score = _capped(uncapped, facts, context)
    role = facts.stats.role
    said = reasons(unit, found, role, context)
    service = (
        score
        if weights is context.rules.weights
        else _capped(_weighted(factors(unit, context, context.rules.weights)), facts, context)[1]
    )
    return Candidate(
        unit=unit,
        kind=facts.stats.kind,
        score=round(score, 1),
        service_score=round(service, 3),  # finer than the shown score: ties only when equal
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


def _weighted(found: tuple[Factor, ...]) -> float:
    return 10 * sum(f.weight * f.value for f in found if f.value is not None)


def _capped(uncapped: float, facts: UnitFacts, context: Context) -> tuple[str, float]:
    """The score after caps, and why it was capped ("" when it was not)."""
    cap, score = "", uncapped
    if facts.data.written_by and score > context.rules.written_cap:
        writers = ", ".join(sorted(facts.data.written_by))
        verb = "writes" if len(facts.data.written_by) == 1 else "write"
        cap, score = (
            f"{writers} {verb} its tables: at most {context.rules.written_cap:g}",
            context.rules.written_cap,
        )
    return cap, score


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
