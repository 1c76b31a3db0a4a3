"""The cycles of an import shape: strongly connected groups, their levels, a bounded listing of
elementary cycles, and grimp's cycle breakers.

The graph algorithms are the textbook ones (Tarjan, Kahn, breadth-first search, a bounded
depth-first search), written here rather than taken from networkx: loading networkx takes
0.1 s, half of what `coupling check` may spend after an edit. The tests hold them equal to
networkx's.

Nothing here enumerates every cycle: small groups list their elementary cycles shortest
first up to the rules' limits; big groups list the shortest cycle through their lightest
edges (one breadth-first search each). The groups themselves are always complete.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, TypeVar

from coupling.records import CycleShape

if TYPE_CHECKING:
    from coupling.records import ImportShape

SMALL_GROUP = 12  # up to this many units, every elementary cycle is enumerated (bounded)
_ROOT = "__units__"  # a package name no scanned code can have

N = TypeVar("N", str, int)  # units by name, or by their index in a group
Adjacency = Mapping[N, Sequence[N]]  # successors of each node, in ascending order


def cycle_shape(shape: ImportShape) -> CycleShape:
    """Groups, levels, listed cycles and cycle breakers of `shape`."""
    graph = adjacency(shape.units, ((a, b) for a, b, _, _ in shape.edges))
    groups = _groups(graph)
    cycles, complete = _listed(groups, shape)
    return CycleShape(
        source=shape,
        groups=groups,
        levels=levels(graph),
        cycles=cycles,
        complete=complete,
        breakers=_breakers(shape) if groups else (),
        groups_now=_groups(adjacency(shape.units, ((a, b) for a, b, _, now in shape.edges if now))),
    )


def adjacency(nodes: Iterable[N], edges: Iterable[tuple[N, N]]) -> dict[N, tuple[N, ...]]:
    successors: dict[N, set[N]] = {node: set() for node in nodes}
    for source, target in edges:
        successors[source].add(target)
    return {node: tuple(sorted(after)) for node, after in sorted(successors.items())}


def components(graph: Adjacency[N]) -> list[tuple[N, ...]]:
    """Strongly connected components (Tarjan's algorithm, iterative: no recursion limit),
    each sorted, in the order Tarjan completes them."""
    index: dict[N, int] = {}
    low: dict[N, int] = {}
    stack: list[N] = []
    on_stack: set[N] = set()
    found: list[tuple[N, ...]] = []
    for root in graph:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(graph[root]))]
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(graph[successor])))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    members = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        members.append(member)
                        if member == node:
                            break
                    found.append(tuple(sorted(members)))
    return found


def levels(graph: Adjacency[N]) -> tuple[tuple[N, ...], ...]:
    """The components, importers before what they import; among those free to come next,
    the one whose smallest member sorts first (Kahn's algorithm with a heap)."""
    parts = components(graph)
    part_of = {node: i for i, part in enumerate(parts) for node in part}
    after: list[set[int]] = [set() for _ in parts]
    for node, successors in graph.items():
        for successor in successors:
            if part_of[node] != part_of[successor]:
                after[part_of[node]].add(part_of[successor])
    waiting = [0] * len(parts)
    for targets in after:
        for target in targets:
            waiting[target] += 1
    ready = [(parts[i][0], i) for i in range(len(parts)) if not waiting[i]]
    heapq.heapify(ready)
    ordered = []
    while ready:
        _first, i = heapq.heappop(ready)
        ordered.append(parts[i])
        for target in after[i]:
            waiting[target] -= 1
            if not waiting[target]:
                heapq.heappush(ready, (parts[target][0], target))
    return tuple(ordered)


def elementary_cycles(
    graph: Adjacency[int], limit: int, longest: int
) -> tuple[list[tuple[int, ...]], bool]:
    """Elementary cycles, shortest first (then in order of their nodes), each starting at its
    smallest node, until `limit`; and whether that was all of them."""
    found: list[tuple[int, ...]] = []
    for length in range(2, min(len(graph), longest) + 1):
        for cycle in _cycles_of_length(graph, length):
            if len(found) == limit:
                return found, False
            found.append(cycle)
    return found, len(graph) <= longest


def _cycles_of_length(graph: Adjacency[int], length: int) -> Iterable[tuple[int, ...]]:
    def extend(path: list[int]) -> Iterable[tuple[int, ...]]:
        start, last = path[0], path[-1]
        if len(path) == length:
            if start in graph[last]:
                yield tuple(path)
            return
        for successor in graph[last]:
            if successor > start and successor not in path:
                yield from extend([*path, successor])

    for start in graph:
        yield from extend([start])


def shortest_path(graph: Adjacency[N], source: N, target: N) -> list[N]:
    """A shortest path (breadth-first, successors in order); [] when there is none."""
    parent: dict[N, N | None] = {source: None}
    queue = deque([source])
    while queue:
        node = queue.popleft()
        if node == target:
            path = [node]
            while (previous := parent[path[-1]]) is not None:
                path.append(previous)
            return path[::-1]
        for successor in graph[node]:
            if successor not in parent:
                parent[successor] = node
                queue.append(successor)
    return []


def _groups(graph: Adjacency[str]) -> tuple[tuple[str, ...], ...]:
    """Strongly connected sets of two or more units, largest first."""
    groups = [part for part in components(graph) if len(part) > 1]
    return tuple(sorted(groups, key=lambda group: (-len(group), group)))


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
        index = {name: i for i, name in enumerate(names)}
        edges = sorted((index[a], index[b]) for a, b in weights if a in index and b in index)
        graph = adjacency(range(len(names)), edges)
        if len(names) <= SMALL_GROUP:
            found, whole = elementary_cycles(graph, shape.max_cycles, shape.max_length)
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


def _through_edges(
    graph: Adjacency[int], edges: list[tuple[int, int]], limit: int
) -> list[tuple[int, ...]]:
    """The shortest cycle through each edge, lightest edges first: polynomial, for big groups."""
    found: dict[tuple[int, ...], None] = {}
    for importer, imported in edges[: limit * 4]:
        path = shortest_path(graph, imported, importer)
        found.setdefault(_rotated([importer, *path[:-1]]), None)
        if len(found) == limit:
            break
    return list(found)


def _shortest_through(graph: Adjacency[int], node: int) -> list[int]:
    return min(
        ([node, *shortest_path(graph, successor, node)[:-1]] for successor in graph[node]),
        key=lambda cycle: (len(cycle), cycle),
    )


def _rotated(cycle: list[int]) -> tuple[int, ...]:
    start = cycle.index(min(cycle))
    return tuple(cycle[start:] + cycle[:start])


def _breakers(shape: ImportShape) -> tuple[tuple[str, str], ...]:
    """Module imports whose removal leaves the units acyclic (grimp's nomination).

    Units become sibling packages of one synthetic root: at --depth 2 a unit and a unit
    below it (`app`, `app.models`) are siblings here, and so is a package's own __init__.
    """
    import grimp  # here: a warm check whose imports kept their shape never loads it

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
