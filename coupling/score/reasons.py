"""Pros, cons and benefits in words with numbers, the one-line rationale, a recommendation."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coupling.records import FactorName, Role
from coupling.records.words import plural

if TYPE_CHECKING:
    from coupling.records import Factor, ScoringRules
    from coupling.score.context import Context, UnitFacts


@dataclass(frozen=True)
class Reasons:
    pros: tuple[str, ...]
    cons: tuple[str, ...]
    benefits: tuple[str, ...]
    rationale: str


def reasons(unit: str, found: tuple[Factor, ...], role: Role, context: Context) -> Reasons:
    facts, rules = context.units[unit], context.rules
    goods: list[tuple[float, str, bool, str]] = []  # (what it adds, phrase, a pro?, factor)
    bads: list[tuple[float, str, bool, str]] = []  # (what it costs, phrase, a con?, factor)
    for factor in found:
        if factor.value is None or not factor.weight:
            continue  # not assessed, or weighing nothing here (inbound, for a library)
        good, bad = _PHRASES[factor.name](facts, factor.value, rules, context)
        if good:
            goods.append(
                (factor.weight * factor.value, good, factor.value >= rules.pro, factor.name)
            )
        if bad:
            bads.append(
                (factor.weight * (1 - factor.value), bad, factor.value <= rules.con, factor.name)
            )
    goods.sort(key=lambda item: -item[0])
    bads.sort(key=lambda item: -item[0])
    pros = [(w, text) for w, text, strong, _f in goods if strong]
    cons = [(w, text) for w, text, strong, _f in bads if strong]
    benefits = _benefits(facts, context)
    line = [text for _w, text in pros[:3]] + benefits[:1] + [text for _w, text in cons[:2]]
    if not pros and not cons and goods:
        # Nothing stands out: say what helps most and what hurts most (another factor).
        best = goods[0]
        worst = [text for _w, text, _s, factor in bads if factor != best[3]][:1]
        line = [best[1], *benefits[:1], *worst]
    if role is Role.SHARED_KERNEL:
        line = [f"Shared kernel: {facts.stats.ca} units import it", *line[:3]]
    return Reasons(
        tuple(text for _w, text in pros),
        tuple(text for _w, text in cons),
        tuple(benefits),
        " · ".join(line[:5]),
    )


Phrase = tuple[str, str]  # (pro, con); "" when the factor has nothing to say that way


def _inbound(facts: UnitFacts, value: float, rules: ScoringRules, _c: Context) -> Phrase:
    stats = facts.stats
    if stats.fan_in == 0:
        return rules.phrase("zero_incoming"), ""
    words = {"imports": plural(stats.fan_in, "import"), "importers": plural(stats.ca, "unit")}
    return rules.phrase("few_incoming", **words), rules.phrase("many_incoming", **words)


def _outbound(facts: UnitFacts, value: float, rules: ScoringRules, _c: Context) -> Phrase:
    return (
        rules.phrase("few_outgoing", weighted=f"{facts.reach.weighted_imports:.1f}"),
        rules.phrase(
            "many_outgoing",
            units=plural(len(facts.reach.imported_units), "unit"),
            imports=plural(
                facts.reach.service_imports
                + facts.reach.kernel_imports
                + facts.reach.other_imports,
                "import",
            ),
            kernel=facts.reach.kernel_imports,
        ),
    )


def _seam(facts: UnitFacts, value: float, rules: ScoringRules, _c: Context) -> Phrase:
    # Its own packages are named by the "distinct resource profile" benefit; no second phrase.
    return "", ""


def _acyclicity(facts: UnitFacts, value: float, rules: ScoringRules, _c: Context) -> Phrase:
    if facts.stats.fan_in == 0:
        return "", ""  # nothing imports it: "not in a cycle" says nothing new
    if facts.cycle.cycle_now:
        return "", rules.phrase("cycle", units=", ".join(facts.cycle.cycle_now))
    return (rules.phrase("acyclic"), "") if value == 1 else ("", rules.phrase("lazy_cycle"))


def _boundary(facts: UnitFacts, value: float, rules: ScoringRules, _c: Context) -> Phrase:
    leaks = facts.boundary.incoming - facts.boundary.through_facade
    if facts.boundary.endpoints:
        good = rules.phrase("clear_api", endpoints=plural(facts.boundary.endpoints, "endpoint"))
    elif facts.boundary.incoming:
        good = rules.phrase(
            "clear_facade", through=facts.boundary.through_facade / facts.boundary.incoming
        )
    else:
        good = ""
    bad = (
        rules.phrase("leaky", entries=facts.boundary.entries, leaks=plural(leaks, "import"))
        if leaks
        else rules.phrase("no_api")
    )
    return good, bad


def _data(facts: UnitFacts, value: float, rules: ScoringRules, _c: Context) -> Phrase:
    return rules.phrase("data_isolated"), rules.phrase(
        "data_shared",
        fk_in=facts.data.fk_in,
        fk_out=facts.data.fk_out,
        used=plural(facts.data.used_by_others, "use"),
        uses=facts.data.uses_theirs,
    )


def _ownership(facts: UnitFacts, value: float, rules: ScoringRules, _c: Context) -> Phrase:
    if facts.teams.owners and len(facts.teams.owners) == 1:
        share = (
            facts.teams.top_team[1]
            if facts.teams.top_team and facts.teams.top_team[0] == facts.teams.owners[0]
            else 1.0
        )
        good = rules.phrase("single_team", team=facts.teams.owners[0], share=share)
    elif facts.teams.top_team:
        good = rules.phrase(
            "single_team", team=facts.teams.top_team[0], share=facts.teams.top_team[1]
        )
    else:
        good = ""
    top = facts.teams.top_team[0] if facts.teams.top_team else ", ".join(facts.teams.owners)
    teams = max(len(facts.teams.owners), 1)
    return good, rules.phrase(
        "split_team", teams=teams, top=top
    ) if teams > 1 or facts.teams.top_team else ""


def _change(facts: UnitFacts, value: float, rules: ScoringRules, _c: Context) -> Phrase:
    partners = ", ".join(f"{other} ({degree:.0%})" for other, degree in facts.teams.co_change)
    return (rules.phrase("no_co_change") if not facts.teams.co_change else ""), (
        rules.phrase("co_change", **{"with": partners}) if partners else ""
    )


def _size(facts: UnitFacts, value: float, rules: ScoringRules, context: Context) -> Phrase:
    lines = facts.stats.code_lines
    others = context.others(facts.stats.name, "logic_lines")
    big = facts.stats.logic_lines > (statistics.median(others) if others else 0)
    return "", rules.phrase("too_big" if big else "too_small", lines=f"{lines:,}")


_PHRASES = {
    FactorName.INBOUND: _inbound,
    FactorName.OUTBOUND: _outbound,
    FactorName.SEAM: _seam,
    FactorName.ACYCLICITY: _acyclicity,
    FactorName.BOUNDARY: _boundary,
    FactorName.DATA: _data,
    FactorName.OWNERSHIP: _ownership,
    FactorName.CHANGE: _change,
    FactorName.SIZE: _size,
}


def _benefits(facts: UnitFacts, context: Context) -> list[str]:
    rules, load = context.rules, facts.load
    details: list[str] = list(facts.unique_packages[:4])
    distinct = False
    if load is not None and context.loads:
        even = 1 / context.loads
        for label, share in (("CPU", load.cpu_share), ("memory", load.memory_share)):
            if share is not None and share >= rules.resource_share * even:
                details.append(f"{share:.0%} {label}")
                distinct = True
    elif len(facts.unique_packages) >= rules.distinct_packages:
        distinct = True  # no production metrics: its own heavy dependencies are the sign
    found = (
        [rules.phrase("distinct_profile", detail="; ".join(_grouped(details)))] if distinct else []
    )
    if facts.teams.commits and context.months:
        per_month = facts.teams.commits / context.months
        median = (
            sorted(f.teams.commits or 0 for f in context.units.values())[len(context.units) // 2]
            / context.months
        )
        if per_month > 2 * median > 0:
            found.append(rules.phrase("frequent_change", per_month=per_month))
    return found


def _grouped(details: list[str]) -> list[str]:
    """Packages joined by commas, loads after a semicolon: "pandas, reportlab; 78% CPU"."""
    packages = [d for d in details if "%" not in d]
    loads = [d for d in details if "%" in d]
    return [part for part in (", ".join(packages), ", ".join(loads)) if part]
