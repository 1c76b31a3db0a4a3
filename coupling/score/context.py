"""Per-unit measures the factors read, gathered once from the Analysis."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from coupling.records import Analysis, ProductionMetrics, ScoringRules, UnitLoad, UnitStats

_WRITES = {
    ("sql", "INTO"),
    ("sql", "UPDATE"),
    ("query", "insert"),
    ("query", "update"),
    ("query", "delete"),
}


@dataclass
class UnitFacts:
    stats: UnitStats
    service_imports: int = 0  # import statements into other units that are not shared kernels
    kernel_imports: int = 0
    weighted_imports: float = 0.0  # each import weighted by how unstable its target is
    imported_units: set[str] = field(default_factory=set)
    in_group: bool = False  # in a cycle of any kind
    cycle_now: tuple[str, ...] = ()  # the other units of its cycle at import time, if any
    incoming: int = 0  # statements from other units
    through_facade: int = 0
    entries: int = 0  # its modules other units import
    endpoints: int = 0
    fk_in: int = 0
    fk_out: int = 0
    used_by_others: int = 0  # (unit, model) pairs: other units importing or querying its models
    uses_theirs: int = 0  # distinct models of other units it imports or queries
    sql_in: int = 0
    sql_out: int = 0
    written_by: set[str] = field(default_factory=set)  # units writing its tables
    owners: tuple[str, ...] = ()  # CODEOWNERS owners holding at least half its files
    top_team: tuple[str, float] | None = None  # by commits, when [teams] maps authors
    fractal: float | None = None
    commits: int | None = None
    co_change: tuple[tuple[str, float], ...] = ()
    unique_packages: tuple[str, ...] = ()
    load: UnitLoad | None = None

    @property
    def fan_in(self) -> int:
        return self.stats.fan_in

    @property
    def code_lines(self) -> int:
        return self.stats.code_lines


@dataclass(frozen=True)
class Context:
    analysis: Analysis
    rules: ScoringRules
    units: dict[str, UnitFacts]
    has_data: bool  # any ORM model or SQL: without, the data factor is unknown
    has_history: bool
    has_owners: bool
    months: float  # the history's span, for commits a month
    loads: int  # units with production metrics

    def others(self, unit: str, value: str) -> list[float]:
        """`value` of every other unit: the scale a unit is measured against."""
        return [float(getattr(facts, value)) for name, facts in self.units.items() if name != unit]

    def scale(self, unit: str, value: str, floor: float = 1.0) -> float:
        return max(
            floor, statistics.median(self.others(unit, value)) if len(self.units) > 1 else floor
        )


def gather(analysis: Analysis, rules: ScoringRules, metrics: ProductionMetrics) -> Context:
    units = {s.name: UnitFacts(stats=s) for s in analysis.units}
    kernels = {s.name for s in analysis.units if s.shared_kernel}
    _imports(analysis, units, kernels, rules)
    _cycles(analysis, units)
    _surface(analysis, units)
    _data(analysis, units)
    _ownership(analysis, units)
    _packages(analysis, units)
    for unit, load in metrics.units:
        units[unit].load = load
    history = analysis.history
    return Context(
        analysis=analysis,
        rules=rules,
        units=units,
        has_data=bool(analysis.models),
        has_history=bool(history.source),
        has_owners=bool(analysis.ownership),
        months=_months(history.first_date, history.last_date),
        loads=len(metrics.units),
    )


def _imports(
    analysis: Analysis, units: dict[str, UnitFacts], kernels: set[str], rules: ScoringRules
) -> None:
    floor = rules.kernel_import_weight
    for dep in analysis.dependencies:
        facts, target = units[dep.importer], units[dep.imported].stats
        facts.imported_units.add(dep.imported)
        if dep.imported in kernels:
            facts.kernel_imports += dep.imports
            facts.weighted_imports += floor * dep.imports
        else:
            facts.service_imports += dep.imports
            # Stable Dependencies Principle: depending on a stable unit (it imports little,
            # others import it) is cheap; it can ship as a library. An unstable one moves.
            facts.weighted_imports += (floor + (1 - floor) * target.instability) * dep.imports


def _cycles(analysis: Analysis, units: dict[str, UnitFacts]) -> None:
    for group in analysis.groups:
        for unit in group:
            units[unit].in_group = True
    # Cycles at import time: strongly connected through module-level imports only.
    for component in analysis.shape.groups_now if analysis.shape else ():
        for unit in component:
            units[unit].cycle_now = tuple(u for u in component if u != unit)


def _surface(analysis: Analysis, units: dict[str, UnitFacts]) -> None:
    for surface in analysis.surfaces:
        facts = units[surface.unit]
        facts.incoming, facts.through_facade, facts.entries = (
            surface.incoming,
            surface.through_facade,
            len(surface.entries),
        )
    for item in analysis.endpoints:
        if item.unit in units:
            units[item.unit].endpoints += 1


def _data(analysis: Analysis, units: dict[str, UnitFacts]) -> None:
    used: dict[str, set[tuple[str, str]]] = defaultdict(set)
    uses: dict[str, set[str]] = defaultdict(set)
    for cell in analysis.data:
        source, target = units.get(cell.source), units.get(cell.target)
        if source is None or target is None:
            continue
        source.fk_out += cell.foreign_keys
        target.fk_in += cell.foreign_keys
        source.sql_out += cell.sql
        target.sql_in += cell.sql
        for edge in cell.evidence:
            if edge.kind in ("import", "query"):
                used[cell.target].add((cell.source, edge.target))
                uses[cell.source].add(edge.target)
            if (edge.kind, edge.detail) in _WRITES:
                target.written_by.add(cell.source)
    for unit, facts in units.items():
        facts.used_by_others, facts.uses_theirs = len(used[unit]), len(uses[unit])


def _ownership(analysis: Analysis, units: dict[str, UnitFacts]) -> None:
    for owners in analysis.owners:
        if owners.unit in units:
            units[owners.unit].owners = tuple(o.owner for o in owners.owners if o.files >= 0.5)
    for history in analysis.history.units:
        if history.unit in units:
            facts = units[history.unit]
            facts.fractal, facts.commits = history.fractal, history.commits
            facts.top_team = history.teams[0] if history.teams else None
    for pair in analysis.pairs:
        if pair.degree is not None:
            units[pair.first].co_change += ((pair.second, pair.degree),)
            units[pair.second].co_change += ((pair.first, pair.degree),)


def _packages(analysis: Analysis, units: dict[str, UnitFacts]) -> None:
    users: dict[str, int] = defaultdict(int)
    for stats in analysis.units:
        for package in stats.third_party:
            users[package] += 1
    for stats in analysis.units:
        units[stats.name].unique_packages = tuple(p for p in stats.third_party if users[p] == 1)


def _months(first: str, last: str) -> float:
    if not first or not last:
        return 0.0
    from datetime import date

    days = (date.fromisoformat(last) - date.fromisoformat(first)).days
    return max(days / 30.44, 1.0)
