"""The unit × unit matrix and each unit's coupling figures."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coupling.records import (
    ImportSite,
    UnitDependency,
    UnitStats,
)

if TYPE_CHECKING:
    from coupling.records import (
        Module,
        ModuleGraph,
        UnitKind,
    )


def unit_dependencies(graph: ModuleGraph) -> tuple[UnitDependency, ...]:
    """Non-empty matrix cells; a cell counts import statements (one per statement and unit)
    and references by name that resolve to another unit's module (`get_class("a.b", "C")`,
    `import_module("a.b")`, a dotted path in settings): those are dependencies an extraction
    breaks too, only at run time rather than at import."""
    unit_of = {module.name: module.unit for module in graph.modules}
    statements: dict[tuple[str, str], int] = defaultdict(int)
    evidence: dict[tuple[str, str], list[ImportSite]] = defaultdict(list)
    tests = {module.name for module in graph.modules if module.is_test}
    units = set(graph.project.units)
    for imp in graph.imports:
        source = unit_of[imp.importer]
        if imp.importer in tests or source not in units:
            continue  # tests exercise units; they do not couple them
        reached = set()
        for target in imp.targets:
            unit = unit_of[target]
            if unit == source or target in tests or unit not in units:
                continue
            reached.add(unit)
            evidence[source, unit].append(
                ImportSite(
                    file=imp.file,
                    line=imp.line,
                    importer=imp.importer,
                    imported=target,
                    names=_taken(imp.symbols, target),
                    type_checking=imp.type_checking,
                    in_function=imp.in_function,
                )
            )
        for unit in reached:
            statements[source, unit] += 1
    for site, source, unit in _by_name(graph, units):
        evidence[source, unit].append(site)
        statements[source, unit] += 1
    return tuple(
        UnitDependency(
            importer, imported, statements[importer, imported], tuple(evidence[importer, imported])
        )
        for importer, imported in sorted(statements)
    )


def _by_name(graph: ModuleGraph, units: set[str]) -> list[tuple[ImportSite, str, str]]:
    found: dict[tuple[str, int, str], tuple[ImportSite, str, str]] = {}
    for edge in graph.dynamic:
        if not edge.imported or edge.target_unit == edge.source_unit:
            continue
        if edge.source_unit not in units or edge.target_unit not in units:
            continue
        name = edge.target.partition(":")[2] or edge.imported.rpartition(".")[2]
        site = ImportSite(edge.file, edge.line, edge.importer, edge.imported, (name,), by_name=True)
        # One statement per line and unit, as for imports.
        found.setdefault(
            (edge.file, edge.line, edge.target_unit), (site, edge.source_unit, edge.target_unit)
        )
    return [found[key] for key in sorted(found)]


def _taken(symbols: tuple[str, ...], module: str) -> tuple[str, ...]:
    """What a statement takes from `module`: its names (`from m import A, B`), or the module."""
    names = tuple(
        symbol[len(module) + 1 :] for symbol in symbols if symbol.rpartition(".")[0] == module
    )
    return names or (module.rpartition(".")[2],)


@dataclass
class _Reach:
    """What one unit's import statements reach besides other units."""

    internal: int = 0  # statements importing a module of the unit itself
    outside: int = 0  # statements importing the enclosing package outside PATH
    third_party: set[str] = field(default_factory=set)


def unit_stats(
    graph: ModuleGraph, dependencies: tuple[UnitDependency, ...], kinds: dict[str, UnitKind]
) -> tuple[UnitStats, ...]:
    """Each unit's figures over every import between units; roles come after (roles.py)."""
    units = graph.project.units
    fan_in: dict[str, int] = defaultdict(int)
    fan_out: dict[str, int] = defaultdict(int)
    importers: dict[str, set[str]] = defaultdict(set)
    imported: dict[str, set[str]] = defaultdict(set)
    for dep in dependencies:
        fan_out[dep.importer] += dep.imports
        fan_in[dep.imported] += dep.imports
        importers[dep.imported].add(dep.importer)
        imported[dep.importer].add(dep.imported)
    reach = _reach(graph)
    modules_of: dict[str, list[Module]] = defaultdict(list)
    for module in graph.modules:
        if not module.is_test:
            modules_of[module.unit].append(module)
    stats = []
    for unit in units:
        modules, own = modules_of[unit], reach[unit]
        classes = sum(m.classes for m in modules)
        abstractness = sum(m.abstract_classes for m in modules) / classes if classes else 0.0
        total = fan_in[unit] + fan_out[unit]
        instability = fan_out[unit] / total if total else 0.0
        reached = own.internal + fan_out[unit]
        stats.append(
            UnitStats(
                name=unit,
                modules=len(modules),
                lines=sum(m.lines for m in modules),
                code_lines=sum(m.code_lines for m in modules),
                import_lines=sum(m.import_lines for m in modules),
                fan_in=fan_in[unit],
                fan_out=fan_out[unit],
                ca=len(importers[unit]),
                ce=len(imported[unit]),
                instability=instability,
                abstractness=abstractness,
                distance=abs(abstractness + instability - 1),
                cohesion=own.internal / reached if reached else None,
                internal_imports=own.internal,
                outside_imports=own.outside,
                third_party=tuple(sorted(own.third_party)),
                kind=kinds[unit],
            )
        )
    return tuple(stats)


def _reach(graph: ModuleGraph) -> dict[str, _Reach]:
    unit_of = {module.name: module.unit for module in graph.modules}
    tests = {module.name for module in graph.modules if module.is_test}
    found: dict[str, _Reach] = defaultdict(_Reach)
    for imp in graph.imports:
        if imp.importer in tests:
            continue
        unit = unit_of[imp.importer]
        found[unit].internal += any(unit_of[target] == unit for target in imp.targets)
        found[unit].outside += bool(imp.outside)
        found[unit].third_party.update(imp.external)
    return found
