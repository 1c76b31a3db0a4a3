"""What the scoring concluded: each unit's factors, score, role and reasons; the order."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coupling.records.analysis import Analysis
from coupling.records.inputs import ProductionMetrics
from coupling.records.kinds import FactorName, Level, Overall, Role, UnitKind


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
    kind: UnitKind  # a subsystem or a single module
    score: float  # out of 10, one decimal, after caps (for a shared kernel: as a library)
    service_score: float  # ease of extraction as a service (a kernel's is low: others import it)
    uncapped: float
    cap: str  # why the score was capped, or ""
    role: Role  # as the analysis decided it
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
class NotAssessed:
    """A risk that could not be assessed: its evidence was missing."""

    id: str
    title: str
    lacking: str  # what evidence it needs: "ORM models or SQL", "git history"…


@dataclass(frozen=True)
class UnitRisks:
    unit: str
    score: float
    level: Overall
    findings: tuple[Finding, ...]  # worst first
    silenced: tuple[Finding, ...]
    not_assessed: tuple[NotAssessed, ...] = ()


@dataclass(frozen=True)
class Verdict:
    """What the first page of extraction-candidates.md and a unit's plan say of it: its risk
    level, the one reason that matters most, its blockers and the first move."""

    unit: str
    reason: str  # the one reason that matters most
    first_move: str
    risks: UnitRisks  # every finding, worst first
    cleared: tuple[str, ...] = ()  # risks assessed and not found, by title

    @property
    def blockers(self) -> tuple[Finding, ...]:
        """Its three worst findings."""
        return self.risks.findings[:3]


@dataclass(frozen=True)
class Assessment:
    analysis: Analysis
    candidates: tuple[Candidate, ...]  # services, best first
    kernels: tuple[Candidate, ...]  # shared kernels: libraries, not services
    phases: tuple[Phase, ...]
    production: ProductionMetrics
    risks: tuple[UnitRisks, ...] = ()  # for the top candidates
    verdicts: tuple[Verdict, ...] = ()  # every candidate's, then every kernel's

    def verdict(self, unit: str) -> Verdict | None:
        return next((v for v in self.verdicts if v.unit == unit), None)


@dataclass(frozen=True)
class ScanOutcome:
    assessment: Assessment
    written: tuple[Path, ...]  # the reports written; none for `score` and `explain`
    cache_note: str = ""
