"""Per-unit measures the factors and the risk detectors read, gathered once from the Analysis.

Each part of a unit's measures comes from one part of the analysis (imports, cycles, its
boundary, data, teams); all of them are frozen, so the risk stage reads what scoring read.
"""

from __future__ import annotations

import functools
import statistics
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from coupling.records import (
    RANKED_KINDS,
    Access,
    Analysis,
    DataEdgeKind,
    ProductionMetrics,
    ScoringRules,
    UnitLoad,
    UnitStats,
)

if TYPE_CHECKING:
    from coupling.records import (
        CycleBreaker,
    )

# Edges through which a unit uses another unit's models (not keys or navigations).
_USES = {DataEdgeKind.IMPORT, DataEdgeKind.QUERY, DataEdgeKind.REFERENCE}


@dataclass(frozen=True)
class Reach:
    """What a unit imports from the other units."""

    service_imports: int = 0  # import statements into other ranked units but shared kernels
    kernel_imports: int = 0
    other_imports: int = 0  # into units that are not ranked: the facade, shims, vendored code
    weighted_imports: float = 0.0  # each import weighted by how unstable its target is
    imported_units: frozenset[str] = frozenset()


@dataclass(frozen=True)
class CyclePlace:
    in_group: bool = False  # in a cycle of any kind
    cycle_now: tuple[str, ...] = ()  # the other units of its cycle at import time, if any
    group: tuple[str, ...] = ()  # the other units of its cycle group (any kind of import)


@dataclass(frozen=True)
class Boundary:
    incoming: int = 0  # statements from other units
    through_facade: int = 0
    entries: int = 0  # its modules other units import
    endpoints: int = 0


@dataclass(frozen=True)
class DataLinks:
    fk_in: int = 0
    fk_out: int = 0
    used_by_others: int = 0  # (unit, model) pairs: other units importing or querying its models
    uses_theirs: int = 0  # distinct models of other units it imports, queries or names
    reads_theirs: tuple[str, ...] = ()  # models of other units it reads
    writes_theirs: tuple[str, ...] = ()  # models of other units it writes
    sql_in: int = 0
    sql_out: int = 0
    written_by: frozenset[str] = frozenset()  # units writing its tables


@dataclass(frozen=True)
class Teams:
    owners: tuple[str, ...] = ()  # CODEOWNERS owners holding at least half its files
    top_team: tuple[str, float] | None = None  # by commits, when [teams] maps authors
    fractal: float | None = None
    commits: int | None = None
    co_change: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class UnitFacts:
    stats: UnitStats
    reach: Reach
    cycle: CyclePlace
    boundary: Boundary
    data: DataLinks
    teams: Teams
    unique_packages: tuple[str, ...]  # third-party packages no other unit imports
    load: UnitLoad | None

    @property
    def fan_in(self) -> int:
        return self.stats.fan_in

    @property
    def code_lines(self) -> int:
        return self.stats.code_lines

    @property
    def logic_lines(self) -> int:
        return self.stats.logic_lines


@dataclass(frozen=True)
class Context:
    analysis: Analysis
    rules: ScoringRules
    metrics: ProductionMetrics
    units: Mapping[str, UnitFacts]
    has_data: bool  # any ORM model or SQL: without, the data factor is unknown
    has_history: bool
    has_owners: bool
    months: float  # the history's span, for commits a month
    loads: int  # units with production metrics
    # Import statements and inbound data links from one unit to another, (source, target):
    # a unit's scale leaves out its own links, so nothing it does moves its own yardstick.
    imports_between: Mapping[tuple[str, str], int] = field(default_factory=dict)
    data_between: Mapping[tuple[str, str], int] = field(default_factory=dict)

    @functools.cached_property
    def group_cuts(self) -> dict[tuple[str, ...], tuple[CycleBreaker, ...]]:
        """Each cycle group's imports to cut, worked out once for all its units rather than
        once per unit (a group can hold hundreds)."""
        imports = self.analysis.imports
        group_of = {unit: group for group in imports.groups for unit in group}
        cuts: dict[tuple[str, ...], list[CycleBreaker]] = {g: [] for g in imports.groups}
        for b in imports.breakers:
            group = group_of.get(b.importer_unit)
            if group is not None and group_of.get(b.imported_unit) == group:
                cuts[group].append(b)
        return {group: tuple(found) for group, found in cuts.items()}

    def others(self, unit: str, value: str) -> list[float]:
        """`value` of every other unit: the scale a unit is measured against."""
        return [float(getattr(facts, value)) for name, facts in self.units.items() if name != unit]

    def inbound_scale(self, unit: str) -> float:
        """The other units' typical fan-in, not counting `unit`'s own imports of them (at
        least 1): adding an import anywhere in `unit` can never improve its own scale."""
        fan_in = [
            float(facts.fan_in - self.imports_between.get((unit, other), 0))
            for other, facts in self.units.items()
            if other != unit
        ]
        return max(1.0, statistics.median(fan_in) if fan_in else 1.0)

    def data_scale(self, unit: str, floor: float) -> float:
        """The other units' typical inbound data links, not counting `unit`'s own."""
        links = [
            float(
                facts.data.fk_in
                + facts.data.used_by_others
                + facts.data.sql_in
                - self.data_between.get((unit, other), 0)
            )
            for other, facts in self.units.items()
            if other != unit
        ]
        return max(floor, statistics.median(links) if links else 0.0)


def gather(analysis: Analysis, rules: ScoringRules, metrics: ProductionMetrics) -> Context:
    """The measures of every ranked unit (the facade, entry points, shims, migrations,
    vendored, generated and empty units are not candidates)."""
    stats = {s.name: s for s in analysis.imports.units if s.kind in RANKED_KINDS}
    reach = _reach(analysis, stats, rules)
    cycles = _cycles(analysis)
    boundaries = _boundaries(analysis)
    data = _data(analysis, set(stats))
    teams = _teams(analysis)
    packages = _unique_packages(analysis)
    loads = dict(metrics.units)
    units = {
        name: UnitFacts(
            stats=s,
            reach=reach.get(name, Reach()),
            cycle=cycles.get(name, CyclePlace()),
            boundary=boundaries.get(name, Boundary()),
            data=data.get(name, DataLinks()),
            teams=teams.get(name, Teams()),
            unique_packages=packages[name],
            load=loads.get(name),
        )
        for name, s in stats.items()
    }
    history = analysis.evolution.history
    return Context(
        analysis=analysis,
        rules=rules,
        metrics=metrics,
        units=units,
        imports_between={
            (dep.importer, dep.imported): dep.imports for dep in analysis.imports.dependencies
        },
        data_between={
            (cell.source, cell.target): cell.foreign_keys + cell.models_used + cell.sql
            for cell in analysis.data.cells
        },
        has_data=bool(analysis.data.models),
        has_history=bool(history.source),
        has_owners=bool(analysis.evolution.ownership),
        months=_months(history.first_date, history.last_date),
        loads=len(metrics.units),
    )


def _reach(
    analysis: Analysis, stats: dict[str, UnitStats], rules: ScoringRules
) -> dict[str, Reach]:
    floor = rules.kernel_import_weight
    service: dict[str, int] = defaultdict(int)
    kernel: dict[str, int] = defaultdict(int)
    other: dict[str, int] = defaultdict(int)
    weighted: dict[str, float] = defaultdict(float)
    imported: dict[str, set[str]] = defaultdict(set)
    for dep in analysis.imports.dependencies:
        if dep.importer not in stats:
            continue
        imported[dep.importer].add(dep.imported)
        target = stats.get(dep.imported)
        if target is None:  # the facade, a shim, vendored code: as cheap as a library
            other[dep.importer] += dep.imports
            weighted[dep.importer] += floor * dep.imports
        elif target.shared_kernel:
            kernel[dep.importer] += dep.imports
            weighted[dep.importer] += floor * dep.imports
        else:
            service[dep.importer] += dep.imports
            # Stable Dependencies Principle: depending on a stable unit (it imports little,
            # others import it) is cheap; it can ship as a library. An unstable one moves.
            weighted[dep.importer] += (floor + (1 - floor) * target.instability) * dep.imports
    return {
        unit: Reach(service[unit], kernel[unit], other[unit], weighted[unit], frozenset(units))
        for unit, units in imported.items()
    }


def _cycles(analysis: Analysis) -> dict[str, CyclePlace]:
    grouped = {
        unit: tuple(u for u in group if u != unit)
        for group in analysis.imports.groups
        for unit in group
    }
    shape = analysis.imports.shape
    # Cycles at import time: strongly connected through module-level imports only.
    now = {
        unit: tuple(u for u in component if u != unit)
        for component in (shape.groups_now if shape else ())
        for unit in component
    }
    return {unit: CyclePlace(True, now.get(unit, ()), others) for unit, others in grouped.items()}


def _boundaries(analysis: Analysis) -> dict[str, Boundary]:
    endpoints: dict[str, int] = defaultdict(int)
    for item in analysis.interfaces.endpoints:
        endpoints[item.unit] += 1
    surfaces = {surface.unit: surface for surface in analysis.interfaces.surfaces}
    return {
        unit: Boundary(
            incoming=surfaces[unit].incoming if unit in surfaces else 0,
            through_facade=surfaces[unit].through_facade if unit in surfaces else 0,
            entries=len(surfaces[unit].entries) if unit in surfaces else 0,
            endpoints=endpoints[unit],
        )
        for unit in surfaces.keys() | endpoints.keys()
    }


def _data(analysis: Analysis, units: set[str]) -> dict[str, DataLinks]:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    used: dict[str, set[tuple[str, str]]] = defaultdict(set)
    uses: dict[str, set[str]] = defaultdict(set)
    reads: dict[str, set[str]] = defaultdict(set)
    writes: dict[str, set[str]] = defaultdict(set)
    writers: dict[str, set[str]] = defaultdict(set)
    for cell in analysis.data.cells:
        if cell.source not in units or cell.target not in units:
            continue
        counts[cell.source]["fk_out"] += cell.foreign_keys
        counts[cell.target]["fk_in"] += cell.foreign_keys
        counts[cell.source]["sql_out"] += cell.sql
        counts[cell.target]["sql_in"] += cell.sql
        for edge in cell.edges:
            if edge.kind in _USES:
                used[cell.target].add((cell.source, edge.target))
                uses[cell.source].add(edge.target)
            if edge.access is Access.READ:
                reads[cell.source].add(edge.target)
            elif edge.access is Access.WRITE:
                writes[cell.source].add(edge.target)
                writers[cell.target].add(cell.source)
    return {
        unit: DataLinks(
            fk_in=counts[unit]["fk_in"],
            fk_out=counts[unit]["fk_out"],
            used_by_others=len(used[unit]),
            uses_theirs=len(uses[unit]),
            reads_theirs=tuple(sorted(reads[unit])),
            writes_theirs=tuple(sorted(writes[unit])),
            sql_in=counts[unit]["sql_in"],
            sql_out=counts[unit]["sql_out"],
            written_by=frozenset(writers[unit]),
        )
        for unit in units
    }


def _teams(analysis: Analysis) -> dict[str, Teams]:
    evolution = analysis.evolution
    owners = {
        o.unit: tuple(share.owner for share in o.owners if share.files >= 0.5)
        for o in evolution.owners
    }
    history = {h.unit: h for h in evolution.history.units}
    co_change: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for pair in evolution.pairs:
        if pair.degree is not None:
            co_change[pair.first].append((pair.second, pair.degree))
            co_change[pair.second].append((pair.first, pair.degree))
    return {
        unit: Teams(
            owners=owners.get(unit, ()),
            top_team=history[unit].teams[0] if unit in history and history[unit].teams else None,
            fractal=history[unit].fractal if unit in history else None,
            commits=history[unit].commits if unit in history else None,
            co_change=tuple(co_change[unit]),
        )
        for unit in owners.keys() | history.keys() | co_change.keys()
    }


def _unique_packages(analysis: Analysis) -> dict[str, tuple[str, ...]]:
    users: dict[str, int] = defaultdict(int)
    for stats in analysis.imports.units:
        for package in stats.third_party:
            users[package] += 1
    return {
        stats.name: tuple(p for p in stats.third_party if users[p] == 1)
        for stats in analysis.imports.units
    }


def _months(first: str, last: str) -> float:
    if not first or not last:
        return 0.0
    days = (date.fromisoformat(last) - date.fromisoformat(first)).days
    return max(days / 30.44, 1.0)
