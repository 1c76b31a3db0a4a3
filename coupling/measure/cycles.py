"""Cycles between units, from a CycleShape: the order, the listed cycles with their hops,
and the imports to cut, each with its evidence (files and lines, which the shape leaves out)."""

from __future__ import annotations

from collections import Counter

from coupling.records import (
    Cycle,
    CycleBreaker,
    CycleShape,
    Hop,
    ImportShape,
    ImportSite,
    ModuleGraph,
    Rules,
    UnitDependency,
    UnitStats,
)


def import_shape(
    graph: ModuleGraph, dependencies: tuple[UnitDependency, ...], rules: Rules
) -> ImportShape:
    """What the cycles depend on, and nothing more: no file, no line."""
    unit_of = {module.name: module.unit for module in graph.modules if not module.is_test}
    module_edges = {
        (imp.importer, unit_of[imp.importer], target, unit_of[target])
        for imp in graph.imports
        if imp.importer in unit_of
        for target in imp.targets
        if target in unit_of and unit_of[target] != unit_of[imp.importer]
    }
    return ImportShape(
        units=tuple(sorted(graph.project.units)),
        edges=tuple(
            (dep.importer, dep.imported, dep.imports, _at_import_time(dep.sites))
            for dep in dependencies
        ),
        module_edges=tuple(sorted(module_edges)),
        max_cycles=rules.max_cycles_listed,
        max_length=rules.max_cycle_length,
    )


def levelised_order(shape: CycleShape, stats: dict[str, UnitStats]) -> tuple[str, ...]:
    """Importers before what they import; each cyclic group kept together."""
    order: list[str] = []
    for level in shape.levels:
        # Inside a group, the most outward-leaning units first: fewest marks below the diagonal.
        order.extend(sorted(level, key=lambda u: (stats[u].fan_in - stats[u].fan_out, u)))
    return tuple(order)


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
    return tuple(
        CycleBreaker(
            importer,
            imported,
            unit_of[importer],
            unit_of[imported],
            tuple(evidence[importer, imported]),
        )
        for importer, imported in shape.breakers
    )


def _at_import_time(evidence: tuple[ImportSite, ...]) -> bool:
    return any(not e.type_checking and not e.in_function for e in evidence)


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
