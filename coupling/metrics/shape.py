"""The cycles of an import shape, computed with networkx and grimp.

Imported only when the shape changed since the last run: loading networkx alone costs more
than a warm `coupling check` does in all.

Nothing here enumerates every cycle: small groups list their elementary cycles shortest
first up to the rules' limits; big groups list the shortest cycle through their lightest
edges (one breadth-first search each). The groups themselves are always complete.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import grimp
import networkx as nx

from coupling.model import CycleShape, ImportShape

SMALL_GROUP = 12  # up to this many units, every elementary cycle is enumerated (bounded)
_ROOT = "__units__"  # a package name no scanned code can have


def cycle_shape(shape: ImportShape) -> CycleShape:
    """Groups, levels, listed cycles and cycle breakers of `shape`."""
    graph = _digraph(shape.units, ((a, b) for a, b, _, _ in shape.edges))
    groups = _groups(graph)
    cycles, complete = _listed(groups, shape)
    return CycleShape(
        source=shape,
        groups=groups,
        levels=_levels(graph),
        cycles=cycles,
        complete=complete,
        breakers=_breakers(shape) if groups else (),
        groups_now=_groups(_digraph(shape.units, ((a, b) for a, b, _, now in shape.edges if now))),
    )


def _digraph(units: Iterable[str], edges: Iterable[tuple[str, str]]) -> nx.DiGraph[str]:
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(sorted(units))
    graph.add_edges_from(edges)
    return graph


def _groups(graph: nx.DiGraph[str]) -> tuple[tuple[str, ...], ...]:
    """Strongly connected sets of two or more units, largest first."""
    groups = [tuple(sorted(c)) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    return tuple(sorted(groups, key=lambda group: (-len(group), group)))


def _levels(graph: nx.DiGraph[str]) -> tuple[tuple[str, ...], ...]:
    """Strongly connected components (lone units too), importers before what they import."""
    condensed = nx.condensation(graph)

    def members(node: int) -> tuple[str, ...]:
        return tuple(sorted(condensed.nodes[node]["members"]))

    return tuple(
        members(node)
        for node in nx.lexicographical_topological_sort(condensed, key=lambda n: members(n)[0])
    )


def _listed(
    groups: tuple[tuple[str, ...], ...], shape: ImportShape
) -> tuple[tuple[tuple[str, ...], ...], bool]:
    """Cycles per group, shortest first, at most shape.max_cycles each; and whether the
    listing is every elementary cycle there is."""
    weights = {(a, b): imports for a, b, imports, _ in shape.edges}
    listed: list[tuple[str, ...]] = []
    complete = True
    for group in groups:
        names = sorted(group)
        # Integer nodes: networkx then walks them in the same order whatever the hash seed.
        graph: nx.DiGraph[int] = nx.DiGraph()
        graph.add_nodes_from(range(len(names)))
        index = {name: i for i, name in enumerate(names)}
        edges = sorted((index[a], index[b]) for a, b in weights if a in index and b in index)
        graph.add_edges_from(edges)
        if len(names) <= SMALL_GROUP:
            found, whole = _elementary(graph, shape.max_cycles, shape.max_length)
        else:
            weight = {e: weights[names[e[0]], names[e[1]]] for e in edges}
            lightest = sorted(edges, key=lambda e: (weight[e], e))
            found, whole = _through_edges(graph, lightest, shape.max_cycles), False
        if not found:  # every cycle is longer than the listing's limit: show the shortest one
            found = [_rotated(_shortest_through(graph, 0))]
        complete = complete and whole
        listed.extend(
            tuple(names[i] for i in cycle) for cycle in sorted(found, key=lambda c: (len(c), c))
        )
    return tuple(sorted(listed, key=lambda units: (len(units), units))), complete


def _elementary(
    graph: nx.DiGraph[int], limit: int, longest: int
) -> tuple[list[tuple[int, ...]], bool]:
    """Elementary cycles, shortest first, until `limit`; and whether that was all of them."""
    found: list[tuple[int, ...]] = []
    for length in range(2, min(graph.number_of_nodes(), longest) + 1):
        for cycle in nx.simple_cycles(graph, length_bound=length):
            if len(cycle) != length:
                continue
            if len(found) == limit:
                return found, False
            found.append(_rotated(cycle))
    return found, graph.number_of_nodes() <= longest


def _through_edges(
    graph: nx.DiGraph[int], edges: list[tuple[int, int]], limit: int
) -> list[tuple[int, ...]]:
    """The shortest cycle through each edge, lightest edges first: polynomial, for big groups."""
    found: dict[tuple[int, ...], None] = {}
    for importer, imported in edges[: limit * 4]:
        path = nx.shortest_path(graph, imported, importer)
        found.setdefault(_rotated([importer, *path[:-1]]), None)
        if len(found) == limit:
            break
    return list(found)


def _shortest_through(graph: nx.DiGraph[int], node: int) -> list[int]:
    return min(
        (
            [node, *nx.shortest_path(graph, successor, node)[:-1]]
            for successor in sorted(graph.successors(node))
        ),
        key=lambda cycle: (len(cycle), cycle),
    )


def _rotated(cycle: list[Any]) -> tuple[Any, ...]:
    start = cycle.index(min(cycle))
    return tuple(cycle[start:] + cycle[:start])


def _breakers(shape: ImportShape) -> tuple[tuple[str, str], ...]:
    """Module imports whose removal leaves the units acyclic (grimp's nomination).

    Units become sibling packages of one synthetic root: at --depth 2 a unit and a unit
    below it (`app`, `app.models`) are siblings here, and so is a package's own __init__.
    """
    place = {unit: f"{_ROOT}.u{i}" for i, unit in enumerate(shape.units)}
    imports = grimp.ImportGraph()
    imports.add_module(_ROOT)
    for package in place.values():
        imports.add_module(package)
    module_of: dict[str, str] = {}
    for importer, importer_unit, imported, imported_unit in shape.module_edges:
        source = f"{place[importer_unit]}.{importer}"
        target = f"{place[imported_unit]}.{imported}"
        module_of[source], module_of[target] = importer, imported
        imports.add_import(importer=source, imported=target)
    return tuple(
        sorted((module_of[a], module_of[b]) for a, b in imports.nominate_cycle_breakers(_ROOT))
    )
