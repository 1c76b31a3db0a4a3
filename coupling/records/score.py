"""What the scoring concluded: each unit's factors, score, role and reasons; the order."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coupling.records.analysis import Analysis


@dataclass(frozen=True)
class UnitLoad:
    """A unit's production profile from the user's metrics file."""

    cpu_share: float | None = None
    memory_share: float | None = None
    requests_per_day: float | None = None
    error_rate: float | None = None
    p99_latency_ms: float | None = None


@dataclass(frozen=True)
class ProductionMetrics:
    source: str  # the metrics file's name; "" when none was given
    units: tuple[tuple[str, UnitLoad], ...] = ()


@dataclass(frozen=True)
class Factor:
    """One ease-of-extraction factor: value in [0, 1], 1 = easy; None when its input is missing."""

    name: str
    value: float | None
    weight: float  # the weight it carried in this unit's score (renormalised when some are missing)
    raw: tuple[tuple[str, float], ...]  # the measures it came from, by name


@dataclass(frozen=True)
class Candidate:
    unit: str
    score: float  # out of 10, one decimal, after caps
    uncapped: float
    cap: str  # why the score was capped, or ""
    role: str  # "leaf", "hub", "shared kernel", "core" or "isolated"
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
    likelihood: str  # "Low", "Medium" or "High"
    impact: str
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
    level: str  # LOW, MEDIUM, MEDIUM-HIGH, HIGH or CRITICAL
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
    reused: int  # files whose facts came from the cache
    cache_note: str = ""
