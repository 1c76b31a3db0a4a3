"""What a unit offers others: its HTTP endpoints, and the modules and names other units
import from it (through its facade, or reaching into its internals)."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from coupling.records import (
    PublicSurface,
    SurfaceEntry,
    UnitEndpoint,
)

if TYPE_CHECKING:
    from coupling.records import (
        ModuleGraph,
        Rules,
        UnitDependency,
    )


def unit_endpoints(graph: ModuleGraph) -> tuple[UnitEndpoint, ...]:
    found = [
        UnitEndpoint(file.unit, file.rel, endpoint)
        for file, facts in zip(graph.project.files, graph.facts, strict=True)
        if not file.is_test
        for endpoint in facts.endpoints
    ]
    return tuple(
        sorted(
            found,
            key=lambda e: (e.unit, e.endpoint.path, e.endpoint.method, e.file, e.endpoint.line),
        )
    )


def public_surfaces(
    graph: ModuleGraph, dependencies: tuple[UnitDependency, ...], rules: Rules
) -> tuple[PublicSurface, ...]:
    prefix = f"{graph.project.package}." if graph.project.package else ""
    statements: dict[str, dict[str, set[tuple[str, int]]]] = defaultdict(lambda: defaultdict(set))
    importers: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    names: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for dep in dependencies:
        for e in dep.sites:
            statements[dep.imported][e.imported].add((e.file, e.line))
            importers[dep.imported][e.imported].add(dep.importer)
            names[dep.imported][e.imported].update(e.names)
    # Facade modules that exist: the rules name candidates (api, public…), not facts.
    modules = {file.module for file in graph.project.files}
    surfaces = []
    for unit in sorted(statements):
        root = prefix + unit if unit != "__init__" else graph.project.package
        named = (f"{root}.{name}" for name in rules.facade_modules)
        facade = tuple(sorted({root, *(module for module in named if module in modules)}))
        entries = tuple(
            SurfaceEntry(
                module,
                len(stmts),
                tuple(sorted(importers[unit][module])),
                tuple(sorted(names[unit][module])),
            )
            for module, stmts in sorted(
                statements[unit].items(), key=lambda item: (-len(item[1]), item[0])
            )
        )
        incoming = len({s for stmts in statements[unit].values() for s in stmts})
        through = len({s for module in facade for s in statements[unit].get(module, ())})
        surfaces.append(PublicSurface(unit, facade, incoming, through, entries))
    return tuple(surfaces)
