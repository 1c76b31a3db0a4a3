"""Cycles between units: the groups, a bounded listing of the cycles, and the imports to cut.

Nothing here enumerates every cycle: the listing stops at the rules' limits (shortest first),
so a tangled codebase still scans in seconds; the groups themselves are always complete.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import grimp
import networkx as nx

from coupling.discover import ROOT_UNIT
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


def list_cycles(
    groups: tuple[tuple[str, ...], ...], dependencies: tuple[UnitDependency, ...], rules: Rules
) -> tuple[tuple[Cycle, ...], bool]:
    """Elementary cycles, shortest first, up to the rules' limits; and whether that is all."""
    cells = {(dep.importer, dep.imported): dep for dep in dependencies}
    limit = rules.max_cycles_listed
    found: set[tuple[str, ...]] = set()
    truncated = False
    for group in groups:
        sub = _digraph(
            group,
            tuple(dep for dep in dependencies if dep.importer in group and dep.imported in group),
        )
        for length in range(2, min(len(group), rules.max_cycle_length) + 1):
            for cycle in nx.simple_cycles(sub, length_bound=length):
                if len(cycle) != length:
                    continue
                if len(found) == limit:
                    truncated = True
                    break
                found.add(_rotated(cycle))
            if truncated:
                break
    complete = not truncated and all(len(group) <= rules.max_cycle_length for group in groups)
    cycles = sorted(found, key=lambda units: (len(units), units))
    return tuple(Cycle(units, _hops(units, cells)) for units in cycles), complete


def _rotated(cycle: list[str]) -> tuple[str, ...]:
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
        hops.append(Hop(importer, imported, dep.imports, via, sample))
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
    """Module imports whose removal leaves the units acyclic (grimp's nomination)."""
    imports = grimp.ImportGraph()
    for module in graph.modules:
        imports.add_module(module.name)
    evidence: dict[tuple[str, str], list[Evidence]] = {}
    for imp in graph.imports:
        for target in imp.targets:
            imports.add_import(
                importer=imp.importer, imported=target, line_number=imp.line, line_contents=""
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
    package = graph.project.package
    cyclic = sorted({unit for group in groups for unit in group} - {ROOT_UNIT})
    names = [f"{package}.{unit}" if package else unit for unit in cyclic]
    nominated = imports.nominate_cycle_breakers(names[0], *names[1:]) if names else set()
    unit_of = {module.name: module.unit for module in graph.modules}
    return tuple(
        CycleBreaker(
            importer,
            imported,
            unit_of[importer],
            unit_of[imported],
            tuple(evidence[importer, imported]),
        )
        for importer, imported in sorted(nominated)
    )
