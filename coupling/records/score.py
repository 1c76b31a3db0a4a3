"""What the scoring concluded: each unit's factors, score, role and reasons; the order."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coupling.records.analysis import Analysis
from coupling.records.inputs import ProductionMetrics
from coupling.records.kinds import FactorName, Level, Overall, Role


@dataclass(frozen=True)
class Factor:
    """One ease-of-extraction factor: value in [0, 1], 1 = easy; None when its input is missing."""

    name: FactorName
    value: float | None
    weight: float  # the weight it carried in this unit's score (renormalised when some are missing)
    raw: tuple[tuple[str, float], ...]  # the measures it came from, by name


@dataclass(frozen=True)
class Candidate:
    unit: str
    score: float  # out of 10, one decimal, after caps
    uncapped: float
    cap: str  # why the score was capped, or ""
    role: Role
    factors: tuple[Factor, ...]
    pros: tuple[str, ...]
    cons: tuple[str, ...]
    benefits: tuple[str, ...]  # shown beside the score, never in it
    rationale: str
    recommendation: str
    unknown: tuple[str, ...]  # factors left out for lack of input


@dataclass(frozen=True)
class Phase:
    title: str
    units: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class Finding:
    """A risk one detector found for one unit, with the evidence that triggered it."""

    id: str  # "CPL-R001"…
    risk: str  # "data-consistency"…
    title: str
    likelihood: Level
    impact: Level
    severity: int  # likelihood × impact, 1 to 9
    mitigation: str
    evidence: str
    samples: tuple[str, ...]  # file:line
    recommendation: str
    silenced: str = ""  # the reason given for silencing it


@dataclass(frozen=True)
class UnitRisks:
    unit: str
    score: float
    level: Overall
    findings: tuple[Finding, ...]  # worst first
    silenced: tuple[Finding, ...]


@dataclass(frozen=True)
class Assessment:
    analysis: Analysis
    candidates: tuple[Candidate, ...]  # services, best first
    kernels: tuple[Candidate, ...]  # shared kernels: libraries, not services
    phases: tuple[Phase, ...]
    production: ProductionMetrics
    risks: tuple[UnitRisks, ...] = ()  # for the top candidates


@dataclass(frozen=True)
class ScanOutcome:
    assessment: Assessment
    written: tuple[Path, ...]  # the reports written; none for `score` and `explain`
    cache_note: str = ""
