"""Cycles between units: the groups, a bounded listing of the cycles, and the imports to cut.

Nothing here enumerates every cycle: small groups list their elementary cycles shortest
first up to the rules' limits; big groups list the shortest cycle through their lightest
edges (one breadth-first search each). The groups themselves are always complete.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

import grimp
import networkx as nx

from coupling.model import (
    Cycle,
    CycleBreaker,
    Evidence,
    Hop,
    ModuleGraph,
    Rules,
    UnitDependency,
    UnitStats,
)

_ROOT = "__units__"  # a package name no scanned code can have


def _digraph(units: Iterable[str], dependencies: tuple[UnitDependency, ...]) -> nx.DiGraph[str]:
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(sorted(units))
    graph.add_edges_from((dep.importer, dep.imported) for dep in dependencies)
    return graph


def cyclic_groups(
    units: tuple[str, ...], dependencies: tuple[UnitDependency, ...]
) -> tuple[tuple[str, ...], ...]:
    """Strongly connected sets of two or more units, largest first."""
    components = nx.strongly_connected_components(_digraph(units, dependencies))
    groups = [tuple(sorted(c)) for c in components if len(c) > 1]
    return tuple(sorted(groups, key=lambda group: (-len(group), group)))


def levelised_order(
    units: tuple[str, ...], dependencies: tuple[UnitDependency, ...], stats: dict[str, UnitStats]
) -> tuple[str, ...]:
    """Importers before what they import; each cyclic group kept together."""
    condensed = nx.condensation(_digraph(units, dependencies))

    def members(node: int) -> list[str]:
        return sorted(condensed.nodes[node]["members"])

    order: list[str] = []
    for node in nx.lexicographical_topological_sort(condensed, key=lambda n: members(n)[0]):
        # Inside a group, the most outward-leaning units first: fewest marks below the diagonal.
        order.extend(sorted(members(node), key=lambda u: (stats[u].fan_in - stats[u].fan_out, u)))
    return tuple(order)


SMALL_GROUP = 12  # up to this many units, every elementary cycle is enumerated (bounded)


def list_cycles(
    groups: tuple[tuple[str, ...], ...], dependencies: tuple[UnitDependency, ...], rules: Rules
) -> tuple[tuple[Cycle, ...], bool]:
    """Cycles per group, shortest first, at most rules.max_cycles_listed each; and whether
    the listing is every elementary cycle there is."""
    cells = {(dep.importer, dep.imported): dep for dep in dependencies}
    listed: list[tuple[str, ...]] = []
    complete = True
    for group in groups:
        names = sorted(group)
        # Integer nodes: networkx then walks them in the same order whatever the hash seed.
        graph: nx.DiGraph[int] = nx.DiGraph()
        graph.add_nodes_from(range(len(names)))
        index = {name: i for i, name in enumerate(names)}
        edges = sorted((index[a], index[b]) for a, b in cells if a in index and b in index)
        graph.add_edges_from(edges)
        if len(names) <= SMALL_GROUP:
            found, whole = _elementary(graph, rules.max_cycles_listed, rules.max_cycle_length)
        else:
            weight = {e: cells[names[e[0]], names[e[1]]].imports for e in edges}
            found, whole = (
                _through_edges(
                    graph, sorted(edges, key=lambda e: (weight[e], e)), rules.max_cycles_listed
                ),
                False,
            )
        if not found:  # every cycle is longer than the listing's limit: show the shortest one
            found = [_rotated(_shortest_through(graph, 0))]
        complete = complete and whole
        listed.extend(
            tuple(names[i] for i in cycle) for cycle in sorted(found, key=lambda c: (len(c), c))
        )
    ordered = sorted(listed, key=lambda units: (len(units), units))
    return tuple(Cycle(units, _hops(units, cells)) for units in ordered), complete


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


def _hops(units: tuple[str, ...], cells: dict[tuple[str, str], UnitDependency]) -> tuple[Hop, ...]:
    hops = []
    for importer, imported in zip(units, units[1:] + units[:1], strict=True):
        dep = cells[importer, imported]
        per_module = Counter(e.importer for e in _statements(dep.evidence))
        via = tuple(sorted(per_module, key=lambda module: (-per_module[module], module)))
        sample = min(
            (e for e in dep.evidence if e.importer == via[0]), key=lambda e: (e.file, e.line)
        )
        now = any(not e.type_checking and not e.in_function for e in dep.evidence)
        hops.append(Hop(importer, imported, dep.imports, via, sample, now))
    return tuple(hops)


def _statements(evidence: tuple[Evidence, ...]) -> list[Evidence]:
    """One evidence per statement (a statement may import several modules of one unit)."""
    seen: dict[tuple[str, int], Evidence] = {}
    for item in evidence:
        seen.setdefault((item.file, item.line), item)
    return list(seen.values())


def cycle_breakers(
    graph: ModuleGraph, groups: tuple[tuple[str, ...], ...]
) -> tuple[CycleBreaker, ...]:
    """Module imports whose removal leaves the units acyclic (grimp's nomination).

    Units become sibling packages of one synthetic root: at --depth 2 a unit and a unit
    below it (`app`, `app.models`) are siblings here, and so is a package's own __init__.
    """
    unit_of = {module.name: module.unit for module in graph.modules if not module.is_test}
    units = sorted(set(unit_of.values()))
    place = {unit: f"{_ROOT}.u{i}" for i, unit in enumerate(units)}
    imports = grimp.ImportGraph()
    imports.add_module(_ROOT)
    for package in place.values():
        imports.add_module(package)
    for module, unit in unit_of.items():
        imports.add_module(f"{place[unit]}.{module}")
    evidence: dict[tuple[str, str], list[Evidence]] = {}
    for imp in graph.imports:
        if imp.importer not in unit_of:
            continue
        for target in imp.targets:
            if target in unit_of:
                imports.add_import(
                    importer=f"{place[unit_of[imp.importer]]}.{imp.importer}",
                    imported=f"{place[unit_of[target]]}.{target}",
                    line_number=imp.line,
                    line_contents="",
                )
                evidence.setdefault((imp.importer, target), []).append(
                    Evidence(
                        imp.file,
                        imp.line,
                        imp.importer,
                        target,
                        imp.names,
                        imp.type_checking,
                        imp.in_function,
                    )
                )
    module_of = {f"{place[unit]}.{module}": module for module, unit in unit_of.items()}
    nominated = sorted(
        (module_of[a], module_of[b]) for a, b in imports.nominate_cycle_breakers(_ROOT)
    )
    return tuple(
        CycleBreaker(
            importer,
            imported,
            unit_of[importer],
            unit_of[imported],
            tuple(evidence[importer, imported]),
        )
        for importer, imported in nominated
    )
