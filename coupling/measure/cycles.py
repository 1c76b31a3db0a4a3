"""Cycles between units, from a CycleShape: the order, the listed cycles with their hops,
and the imports to cut, each with its evidence (files and lines, which the shape leaves out)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from coupling.measure.shape import adjacency, components
from coupling.records import (
    Cycle,
    CycleBreaker,
    Hop,
    ImportShape,
    ImportSite,
    UnitKind,
)

if TYPE_CHECKING:
    from coupling.records import (
        CycleShape,
        ModuleGraph,
        Rules,
        UnitDependency,
        UnitStats,
    )


def import_shape(
    graph: ModuleGraph,
    dependencies: tuple[UnitDependency, ...],
    ranked: set[str],
    rules: Rules,
) -> ImportShape:
    """What the cycles between ranked units depend on, and nothing more: no file, no line.
    The facade, entry points, shims and the like are left out: a cycle through them is no
    cycle between units (cycles_through_facade reports those)."""
    unit_of = {
        module.name: module.unit
        for module in graph.modules
        if not module.is_test and module.unit in ranked
    }
    module_edges = {
        (imp.importer, unit_of[imp.importer], target, unit_of[target])
        for imp in graph.imports
        if imp.importer in unit_of
        for target in imp.targets
        if target in unit_of and unit_of[target] != unit_of[imp.importer]
    } | {
        (site.importer, dep.importer, site.imported, dep.imported)
        for dep in dependencies
        if dep.importer in ranked and dep.imported in ranked
        for site in dep.sites
        if site.by_name
    }
    return ImportShape(
        units=tuple(sorted(ranked)),
        edges=tuple(
            (dep.importer, dep.imported, dep.imports, _at_import_time(dep.sites))
            for dep in dependencies
            if dep.importer in ranked and dep.imported in ranked
        ),
        module_edges=tuple(sorted(module_edges)),
        max_cycles=rules.max_cycles_listed,
        max_length=rules.max_cycle_length,
    )


def levelised_order(shape: CycleShape, stats: dict[str, UnitStats]) -> tuple[str, ...]:
    """Importers before what they import; each cyclic group kept together. Units that are not
    ranked go first when they import others (facade, entry points, shims, migrations) and
    last when they are only imported (vendored, generated, empty)."""
    order: list[str] = []
    for level in shape.levels:
        # Inside a group, the most outward-leaning units first: fewest marks below the diagonal.
        order.extend(sorted(level, key=lambda u: (stats[u].fan_in - stats[u].fan_out, u)))
    unranked = sorted(set(stats) - set(order))
    first = [u for u in unranked if stats[u].kind not in _IMPORTED_ONLY]
    last = [u for u in unranked if stats[u].kind in _IMPORTED_ONLY]
    return (*first, *order, *last)


_IMPORTED_ONLY = {UnitKind.VENDORED, UnitKind.GENERATED, UnitKind.EMPTY}


def cycles_through_facade(
    dependencies: tuple[UnitDependency, ...], ranked: set[str], shape: CycleShape
) -> tuple[tuple[str, ...], ...]:
    """Strongly connected sets at import time that hold an unranked unit (the package's
    facade, an entry point, a shim) and ranked units that are in no cycle among themselves."""
    now = [(dep.importer, dep.imported) for dep in dependencies if _at_import_time(dep.sites)]
    units = {unit for edge in now for unit in edge}
    cyclic = {unit for group in shape.groups for unit in group}
    found = []
    for part in components(adjacency(sorted(units), now)):
        members = set(part)
        if len(members) > 1 and members - ranked and (members & ranked) - cyclic:
            found.append(tuple(sorted(members)))
    return tuple(sorted(found))


def listed_cycles(shape: CycleShape, dependencies: tuple[UnitDependency, ...]) -> tuple[Cycle, ...]:
    cells = {(dep.importer, dep.imported): dep for dep in dependencies}
    return tuple(Cycle(units, _hops(units, cells)) for units in shape.cycles)


def cycle_breakers(graph: ModuleGraph, shape: CycleShape) -> tuple[CycleBreaker, ...]:
    """The shape's nominated imports, each with every statement that makes it."""
    unit_of = {module.name: module.unit for module in graph.modules if not module.is_test}
    wanted = set(shape.breakers)
    evidence: dict[tuple[str, str], list[ImportSite]] = {pair: [] for pair in shape.breakers}
    for imp in graph.imports:
        for target in imp.targets:
            if (imp.importer, target) in wanted:
                evidence[imp.importer, target].append(
                    ImportSite(
                        imp.file,
                        imp.line,
                        imp.importer,
                        target,
                        imp.names,
                        imp.type_checking,
                        imp.in_function,
                    )
                )
    group_of = {unit: number for number, group in enumerate(shape.groups) for unit in group}
    return tuple(
        CycleBreaker(
            importer,
            imported,
            unit_of[importer],
            unit_of[imported],
            tuple(evidence[importer, imported]),
        )
        for importer, imported in shape.breakers
        # Only imports that close a cycle between units: both ends in one group.
        if group_of.get(unit_of[importer], -1) == group_of.get(unit_of[imported], -2)
    )


def _at_import_time(evidence: tuple[ImportSite, ...]) -> bool:
    return any(not e.type_checking and not e.in_function and not e.by_name for e in evidence)


def _hops(units: tuple[str, ...], cells: dict[tuple[str, str], UnitDependency]) -> tuple[Hop, ...]:
    hops = []
    for importer, imported in zip(units, units[1:] + units[:1], strict=True):
        dep = cells[importer, imported]
        per_module = Counter(e.importer for e in _statements(dep.sites))
        via = tuple(sorted(per_module, key=lambda module: (-per_module[module], module)))
        sample = min((e for e in dep.sites if e.importer == via[0]), key=lambda e: (e.file, e.line))
        hops.append(Hop(importer, imported, dep.imports, via, sample, _at_import_time(dep.sites)))
    return tuple(hops)


def _statements(evidence: tuple[ImportSite, ...]) -> list[ImportSite]:
    """One evidence per statement (a statement may import several modules of one unit)."""
    seen: dict[tuple[str, int], ImportSite] = {}
    for item in evidence:
        seen.setdefault((item.file, item.line), item)
    return list(seen.values())
