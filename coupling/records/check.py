"""What `coupling check` and `coupling diff` compare, and what check found."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from coupling.records.kinds import CheckRule


@dataclass(frozen=True)
class Problem:
    rule: CheckRule
    message: str
    file: str = ""
    line: int = 0


@dataclass(frozen=True)
class CheckResult:
    problems: tuple[Problem, ...]
    gone: tuple[str, ...]  # baseline entries that no longer occur: the baseline can shrink
    baseline: str  # the coupling.json compared with


Fingerprint = tuple[str, str, str]  # importer unit, imported module, imported name


@dataclass(frozen=True)
class Summary:
    """What a coupling.json says about coupling, without lines: what `check` and `diff`
    compare. Two trees that differ only in formatting have equal summaries."""

    imports: Mapping[Fingerprint, tuple[str, int, str]]  # → a file, line and imported unit
    cells: Mapping[tuple[str, str], int]  # the matrix: statements from one unit to another
    groups: frozenset[frozenset[str]]  # units in cycles
    fan_in: Mapping[str, int]
    scores: Mapping[str, float]
    ranking: tuple[str, ...]  # best extraction candidate first
    models: frozenset[str]
    endpoints: frozenset[tuple[str, str, str]]  # unit, method, path
    history_head: str = ""  # the commit its git history was read from; "" for none or a file
    # unit → the modules that count as its facade (its public_surface): the sealed ratchet
    # fails on a new import of any other module of a sealed unit.
    facades: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # unit → the digest of its plan's facts, for the plans committed in <reports>/plans/
    # ("" when no plan can be made for it any more); never read from coupling.json.
    plans: Mapping[str, str] = field(default_factory=dict)
    # What was analysed: PATH, the depth and where the units came from ("" parts unknown). A
    # baseline of another scope is refused rather than compared.
    scope: tuple[str, ...] = ()


@dataclass(frozen=True)
class Side:
    """One side of `coupling diff`: a revision (or the working tree) and its summary."""

    label: str  # "v1.2 (3f2a1c9, 2026-11-19)", or "the working tree"
    summary: Summary


@dataclass(frozen=True)
class EdgeChange:
    """A matrix cell that changed: 0 before is a new dependency, 0 after a removed one."""

    importer: str
    imported: str
    before: int  # import statements
    after: int


@dataclass(frozen=True)
class CycleChange:
    """A cycle group that changed: () before is a new group, () after a broken one."""

    before: tuple[str, ...]
    after: tuple[str, ...]
    groups_before: int  # old groups it came from: more than one when groups merged


@dataclass(frozen=True)
class RankChange:
    unit: str
    rank_before: int | None  # None: not ranked then (new, or a shared kernel)
    rank_after: int | None
    score_before: float | None
    score_after: float | None


@dataclass(frozen=True)
class FanInChange:
    unit: str
    before: int
    after: int


@dataclass(frozen=True)
class CouplingDiff:
    before: Side
    after: Side
    edges: tuple[EdgeChange, ...]
    cycles: tuple[CycleChange, ...]
    ranking: tuple[RankChange, ...]  # every unit ranked on either side, in the new order
    fan_in: tuple[FanInChange, ...]
    models_added: tuple[str, ...]
    models_removed: tuple[str, ...]
    endpoints_added: tuple[tuple[str, str, str], ...]
    endpoints_removed: tuple[tuple[str, str, str], ...]
