"""What decides: for each ranked unit, the one reason that matters most, its blockers (its
worst risk findings) and the first move toward extracting it (rules/risks.toml, [moves]).

extraction-candidates.md opens with these for its top five, and `coupling plan` opens with
the unit's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coupling.records import Role, Verdict
from coupling.records.words import plural

if TYPE_CHECKING:
    from coupling.records import Candidate, RiskRules, UnitRisks
    from coupling.score.context import Context

DECISIVE = 9  # a finding this severe (High × High) matters more than any pro


def verdict(candidate: Candidate, risks: UnitRisks, context: Context, rules: RiskRules) -> Verdict:
    cleared = tuple(
        rule.title
        for rule in rules.risks
        if rule.id not in {f.id for f in (*risks.findings, *risks.silenced)}
        and rule.id not in {n.id for n in risks.not_assessed}
    )
    return Verdict(
        unit=candidate.unit,
        reason=_reason(candidate, risks),
        first_move=_first_move(candidate, risks, context, rules),
        risks=risks,
        cleared=cleared,
    )


def _reason(candidate: Candidate, risks: UnitRisks) -> str:
    """The one reason that matters most: a finding no pro outweighs, the cap on its score,
    what makes a kernel one, its strongest pro, else its worst con."""
    worst = risks.findings[0] if risks.findings else None
    if worst is not None and worst.severity >= DECISIVE:
        return f"{worst.title}: {worst.evidence}"
    if candidate.cap:
        return f"Capped: {candidate.cap}"
    texts = [*candidate.pros, *candidate.cons, candidate.rationale]
    if candidate.role is Role.SHARED_KERNEL:
        texts = [candidate.rationale.split(" · ")[0], *texts]
    return next((text for text in texts if text), "Nothing stands out")


def _first_move(candidate: Candidate, risks: UnitRisks, context: Context, rules: RiskRules) -> str:
    """The first of: seal its facade, cut its cycle, publish it (a kernel), freeze it."""
    unit, facts = candidate.unit, context.units[candidate.unit]
    if candidate.role is Role.SHARED_KERNEL:
        return rules.move("publish", unit=unit, importers=plural(facts.stats.ca, "unit"))
    leaks = facts.boundary.incoming - facts.boundary.through_facade
    if leaks > 0:
        return rules.move("seal", unit=unit, leaks=plural(leaks, "import"))
    if facts.cycle.cycle_now:
        group = next(g for g in context.analysis.imports.groups if unit in g)
        cuts = sorted(
            (
                b
                for b in context.analysis.imports.breakers
                if b.importer_unit in group and b.imported_unit in group
            ),
            key=lambda b: unit not in (b.importer_unit, b.imported_unit),  # its own first
        )
        if cuts:
            first = cuts[0]
            site = first.sites[0] if first.sites else None
            where = f" ({site.file}:{site.line})" if site else ""
            return rules.move(
                "cut",
                unit=unit,
                imports="the module import"
                if len(cuts) == 1
                else f"the {plural(len(cuts), 'module import')}",
                others=", ".join(sorted(set(group) - {unit})),
                first=f"{first.importer} → {first.imported}{where}",
            )
    step = risks.findings[0].recommendation if risks.findings else ""
    return rules.move(
        "freeze", unit=unit, next=_lower_first(step) or f"write its plan: `coupling plan {unit}`"
    )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text
