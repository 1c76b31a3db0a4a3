"""Assessment → what can go wrong when each top candidate leaves (rules/risks.toml).

Each detector looks at one kind of risk for one unit and, when it applies, cites its
evidence: counts and file:line samples. Likelihood × impact gives each finding a severity;
the findings give the unit an overall level. Recommendations come from the findings.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

from coupling.records import (
    Finding,
    Level,
    NotAssessed,
    Overall,
    UnitRisks,
)
from coupling.risks.detectors import DETECTORS
from coupling.risks.verdict import verdict

if TYPE_CHECKING:
    from coupling.records import (
        Assessment,
        RiskRule,
        RiskRules,
    )
    from coupling.risks.detectors import Evidence
    from coupling.score.context import Context

_POINTS = {Level.LOW: 1, Level.MEDIUM: 2, Level.HIGH: 3}


def assess_risks(assessment: Assessment, context: Context, rules: RiskRules) -> Assessment:
    """The assessment with every ranked unit's risks and verdict, from the measures scoring
    read; risk-assessment.md covers the top candidates."""
    ranked = (*assessment.candidates, *assessment.kernels)
    units = [_unit(candidate.unit, candidate.score, context, rules) for candidate in ranked]
    return dataclasses.replace(
        assessment,
        risks=tuple(units[: min(rules.top, len(assessment.candidates))]),
        verdicts=tuple(
            verdict(candidate, risks, context, rules)
            for candidate, risks in zip(ranked, units, strict=True)
        ),
    )


# Risks that need more than the code's imports, and the evidence they need.
_NEEDS: dict[str, tuple[str, Callable[[Context], bool]]] = {
    "data-consistency": ("ORM models or SQL", lambda c: c.has_data),
    "transaction-consistency": ("ORM models or SQL", lambda c: c.has_data),
    "data-access": ("ORM models or SQL", lambda c: c.has_data),
    "hidden-coupling": ("git history", lambda c: c.has_history),
    "team-coordination": ("git history or CODEOWNERS", lambda c: c.has_history or c.has_owners),
    "operational": ("production metrics (--metrics)", lambda c: c.loads > 0),
}


def _unit(unit: str, score: float, context: Context, rules: RiskRules) -> UnitRisks:
    findings: list[Finding] = []
    silenced: list[Finding] = []
    not_assessed: list[NotAssessed] = []
    for name, detect in DETECTORS:
        rule = rules.rule(name)
        lacking, holds = _NEEDS.get(name, ("", _always))
        if not holds(context):
            not_assessed.append(NotAssessed(rule.id, rule.title, lacking))
            continue
        evidence = detect(unit, context, rule)
        if evidence is None:
            continue
        finding = _finding(rule, evidence, unit)
        reason = next((s.reason for s in rules.silence if s.unit == unit and s.id == rule.id), "")
        (silenced if reason else findings).append(dataclasses.replace(finding, silenced=reason))
    findings.sort(key=lambda f: (-f.severity, f.id))
    return UnitRisks(
        unit, score, _level(findings, rules), tuple(findings), tuple(silenced), tuple(not_assessed)
    )


def _always(_context: Context) -> bool:
    return True


def _finding(rule: RiskRule, evidence: Evidence, unit: str) -> Finding:
    likelihood = evidence.likelihood or rule.likelihood
    return Finding(
        id=rule.id,
        risk=rule.name,
        title=rule.title,
        likelihood=likelihood,
        impact=rule.impact,
        severity=_POINTS[likelihood] * _POINTS[rule.impact],
        mitigation=rule.mitigation,
        evidence=evidence.text,
        samples=evidence.samples,
        recommendation=rule.recommendation.format(unit=unit, **evidence.values),
    )


def _level(findings: list[Finding], rules: RiskRules) -> Overall:
    nines = sum(1 for f in findings if f.severity == 9)
    sixes = sum(1 for f in findings if f.severity == 6)
    if nines >= rules.critical:
        return Overall.CRITICAL
    if nines >= rules.high:
        return Overall.HIGH
    if sixes >= rules.medium_high:
        return Overall.MEDIUM_HIGH
    if any(f.severity >= 4 for f in findings):
        return Overall.MEDIUM
    return Overall.LOW
