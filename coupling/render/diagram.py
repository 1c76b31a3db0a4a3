"""What a diagram of the unit graph shows: its nodes and edges, chosen from the analysis.

The reports' mermaid blocks, `coupling graph` (mermaid, dot, json) and report.html draw from
the same records, so every picture names the units and counts the import statements as the
matrix does. A diagram may centre on one unit (`focus`, `hops`), show modules instead of units,
or fold the least coupled units into one node to stay legible.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING

from coupling.records import (
    Diagram,
    DiagramEdge,
    DiagramLevel,
    DiagramNode,
)
from coupling.records.words import plural

if TYPE_CHECKING:
    from coupling.records import (
        ImportCoupling,
        ModuleGraph,
    )


def cycle_group_of(imports: ImportCoupling) -> dict[str, int]:
    """Each unit in a cycle group → the group's number (from 1, as dependency-matrix.md
    numbers them)."""
    return {unit: number for number, group in enumerate(imports.groups, 1) for unit in group}


def neighbourhood(imports: ImportCoupling, focus: str, hops: int) -> tuple[str, ...]:
    """The units at most `hops` imports away from `focus`, either way, in levelised order."""
    near: dict[str, set[str]] = defaultdict(set)
    for dep in imports.dependencies:
        near[dep.importer].add(dep.imported)
        near[dep.imported].add(dep.importer)
    reached, frontier = {focus}, {focus}
    for _ in range(hops):
        frontier = {other for unit in frontier for other in near[unit]} - reached
        reached |= frontier
    return tuple(unit for unit in imports.order if unit in reached)


def most_coupled(imports: ImportCoupling, units: Collection[str], limit: int) -> set[str]:
    """The `limit` units with the most import statements in and out (ties by name)."""
    stats = [u for u in imports.units if u.name in units]
    ranked = sorted(stats, key=lambda u: (-(u.fan_in + u.fan_out), u.name))
    return {u.name for u in ranked[:limit]}


def unit_diagram(
    imports: ImportCoupling,
    scan_path: str,
    roles: Mapping[str, str] | None = None,
    *,
    focus: str = "",
    hops: int = 1,
    limit: int = 0,
    max_edges: int = 0,
) -> Diagram:
    """The units (around `focus` when given) and the import statements between them.

    With `limit`, past that many units the `limit - 1` most coupled are kept and the others
    become one node; with `max_edges`, the lightest edges that carry no import to cut are left
    out past that many, and counted.
    """
    selected = neighbourhood(imports, focus, hops) if focus else imports.order
    kept = set(selected)
    if limit and len(selected) > limit:
        kept = most_coupled(imports, selected, limit - 1)
    folded = tuple(unit for unit in selected if unit not in kept)
    fold_name = f"{plural(len(folded), 'other unit')}" if folded else ""
    node_of = {unit: unit if unit in kept else fold_name for unit in selected}
    groups = cycle_group_of(imports)
    nodes = _unit_nodes(imports, selected, kept, groups, roles or {})
    if folded:
        nodes.append(DiagramNode(name=fold_name, unit="", folded=folded))
    position = {unit: k for k, unit in enumerate(imports.order)}
    statements, cut = _edge_counts(imports, node_of)
    rank = {node.name: k for k, node in enumerate(nodes)}
    edges = [
        _unit_edge(
            (source, target), statements[source, target], cut[source, target], groups, position
        )
        for source, target in sorted(statements, key=lambda e: (rank[e[0]], rank[e[1]]))
    ]
    drawn = _diagram(DiagramLevel.UNIT, scan_path, imports, nodes, edges, focus=focus, hops=hops)
    return legible(drawn, max_edges)


def _unit_nodes(
    imports: ImportCoupling,
    selected: Sequence[str],
    kept: set[str],
    groups: Mapping[str, int],
    roles: Mapping[str, str],
) -> list[DiagramNode]:
    kernels = {u.name for u in imports.units if u.shared_kernel}
    return [
        DiagramNode(
            name=unit,
            unit=unit,
            group=groups.get(unit, 0),
            kernel=unit in kernels,
            role=roles.get(unit, ""),
        )
        for unit in selected
        if unit in kept
    ]


def _edge_counts(
    imports: ImportCoupling, node_of: Mapping[str, str]
) -> tuple[dict[tuple[str, str], int], dict[tuple[str, str], int]]:
    """Import statements between drawn nodes, and how many of them are imports to cut."""
    cuts: dict[tuple[str, str], int] = defaultdict(int)
    for breaker in imports.breakers:
        cuts[breaker.importer_unit, breaker.imported_unit] += 1
    statements: dict[tuple[str, str], int] = defaultdict(int)
    cut: dict[tuple[str, str], int] = defaultdict(int)
    for dep in imports.dependencies:
        ends = (node_of.get(dep.importer), node_of.get(dep.imported))
        if ends[0] is None or ends[1] is None or ends[0] == ends[1]:
            continue
        key = (ends[0], ends[1])
        statements[key] += dep.imports
        cut[key] += cuts[dep.importer, dep.imported]
    return statements, cut


def _unit_edge(
    ends: tuple[str, str],
    imports: int,
    cut: int,
    groups: Mapping[str, int],
    position: Mapping[str, int],
) -> DiagramEdge:
    """An edge between two nodes; in levelised order a cycle group's importers come first,
    so an edge inside a group that runs back up the order closes a cycle."""
    source, target = ends
    group = groups.get(source, 0)
    in_cycle = group > 0 and groups.get(target, 0) == group
    closes = in_cycle and position[target] < position[source]
    return DiagramEdge(source, target, imports, in_cycle, closes, cut)


def legible(diagram: Diagram, max_edges: int) -> Diagram:
    """The diagram, or past `max_edges` edges only those carrying an import to cut and the
    heaviest others (in their order), the rest counted as left out."""
    edges = diagram.edges
    if not max_edges or len(edges) <= max_edges:
        return diagram
    ranked = sorted(range(len(edges)), key=lambda k: (-edges[k].cut, -edges[k].imports, k))
    keep = set(ranked[:max_edges])
    return dataclasses.replace(
        diagram,
        edges=tuple(edge for k, edge in enumerate(edges) if k in keep),
        edges_left_out=diagram.edges_left_out + len(edges) - max_edges,
    )


def module_diagram(
    imports: ImportCoupling,
    graph: ModuleGraph,
    scan_path: str,
    *,
    focus: str = "",
    hops: int = 1,
) -> Diagram:
    """The modules of the units (around `focus` when given) and the import statements
    between them, inside units as well as across."""
    selected = neighbourhood(imports, focus, hops) if focus else imports.order
    position = {unit: k for k, unit in enumerate(imports.order)}
    groups = cycle_group_of(imports)
    kernels = {u.name for u in imports.units if u.shared_kernel}
    unit_of = {m.name: m.unit for m in graph.modules if not m.is_test and m.unit in set(selected)}
    nodes = [
        DiagramNode(name=module, unit=unit, group=groups.get(unit, 0), kernel=unit in kernels)
        for module, unit in sorted(unit_of.items(), key=lambda m: (position[m[1]], m[0]))
    ]
    statements: dict[tuple[str, str], int] = defaultdict(int)
    for imp in graph.imports:
        if imp.importer not in unit_of:
            continue
        for target in imp.targets:
            if target in unit_of and target != imp.importer:
                statements[imp.importer, target] += 1
    to_cut = {(b.importer, b.imported) for b in imports.breakers}
    rank = {node.name: k for k, node in enumerate(nodes)}
    edges = []
    for source, target in sorted(statements, key=lambda e: (rank[e[0]], rank[e[1]])):
        first, second = unit_of[source], unit_of[target]
        in_cycle = first != second and groups.get(first, 0) == groups.get(second, -1)
        edges.append(
            DiagramEdge(
                source=source,
                target=target,
                imports=statements[source, target],
                in_cycle=in_cycle,
                closes_cycle=in_cycle and position[second] < position[first],
                cut=int((source, target) in to_cut),
            )
        )
    return _diagram(DiagramLevel.MODULE, scan_path, imports, nodes, edges, focus=focus, hops=hops)


def _diagram(
    level: DiagramLevel,
    scan_path: str,
    imports: ImportCoupling,
    nodes: list[DiagramNode],
    edges: list[DiagramEdge],
    *,
    focus: str,
    hops: int,
) -> Diagram:
    """The drawing of `nodes` and `edges`, with what it was drawn from (the hops only around a
    focus)."""
    return Diagram(
        level=level,
        scan_path=scan_path,
        nodes=tuple(nodes),
        edges=tuple(edges),
        units=len(imports.order),
        focus=focus,
        hops=hops if focus else 0,
    )
