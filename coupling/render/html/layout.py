"""report.html's unit graph as a layered drawing (a small Sugiyama): layers, the order in each
layer, coordinates, computed here so that the same analysis gives the same bytes.

Units sit in columns by the longest chain of imports reaching them along the levelised order, so
importers are on the left and shared kernels on the right. An edge that spans several columns
passes through one "dummy" point per column it crosses; ordering the columns with the dummies
keeps long edges from running through boxes. Everything is deterministic: ties keep the
levelised order.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

COLUMN_GAP = 230
NODE_WIDTH = 150
NODE_HEIGHT = 24
NODE_SLOT = 36  # vertical room of a box in its column
DUMMY_SLOT = 9  # vertical room of an edge passing through a column
MARGIN = 20
SWEEPS = 8
# Past this many edges, imports of shared kernels are left out: every unit imports them, so
# they add a bundle per unit and no information (the matrix's last columns show them).
MAX_EDGES_WITH_KERNELS = 80


@dataclass(frozen=True)
class GraphNode:
    unit: int  # index in the levelised order
    layer: int
    x: float  # top-left corner of the box
    y: float


@dataclass(frozen=True)
class GraphEdge:
    source: int  # index in the levelised order
    target: int
    imports: int
    in_cycle: bool  # both ends in one cycle group
    closes_cycle: bool  # goes against the levelised order
    same_layer: bool  # both ends in one column: drawn as an arc on the right
    points: tuple[tuple[float, float], ...]  # from source to target; see `edge_points`


@dataclass(frozen=True)
class GraphLayout:
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]
    width: float
    height: float
    total_units: int
    hidden_kernel_edges: int  # imports of shared kernels left out of the drawing


def layers_by_longest_path(shown: Sequence[int], counts: Sequence[Sequence[int]]) -> dict[int, int]:
    """Column of each shown unit: the longest chain of forward imports reaching it.

    Forward means along the levelised order (importers first), so the edges that close a cycle
    are left out and what remains is acyclic: one pass in order settles every column.
    """
    layer = dict.fromkeys(shown, 0)
    for i in shown:
        for j in shown:
            if j > i and counts[i][j]:
                layer[j] = max(layer[j], layer[i] + 1)
    return layer


def chains_through_layers(
    edges: Sequence[tuple[int, int]], layer: dict[int, int], first_dummy: int
) -> list[list[int]]:
    """Per edge, the vertices it visits from its left end to its right end.

    A vertex is a unit index, or a dummy id (from `first_dummy` up) added to `layer` for each
    column the edge crosses. Edges that run right to left are walked from their right end.
    """
    chains = []
    next_id = first_dummy
    for source, target in edges:
        left, right = (source, target) if layer[source] <= layer[target] else (target, source)
        chain = [left]
        for col in range(layer[left] + 1, layer[right]):
            layer[next_id] = col
            chain.append(next_id)
            next_id += 1
        chain.append(right)
        chains.append(chain)
    return chains


def barycentre(v: int, neighbours: Mapping[int, list[int]], pos: Mapping[int, int]) -> float:
    """The mean position of v's neighbours in the column next to it; its own if it has none."""
    near = neighbours.get(v, [])
    return sum(pos[w] for w in near) / len(near) if near else float(pos[v])


def order_in_layers(
    shown: Sequence[int], layer: Mapping[int, int], chains: Sequence[Sequence[int]]
) -> list[list[int]]:
    """Vertices of each column, top to bottom, after barycentre sweeps left-right and back."""
    columns: list[list[int]] = [[] for _ in range(max(layer.values(), default=0) + 1)]
    real = set(shown)
    for v in [*shown, *sorted(v for v in layer if v not in real)]:
        columns[layer[v]].append(v)
    left_of: dict[int, list[int]] = {}
    right_of: dict[int, list[int]] = {}
    for chain in chains:
        for a, b in itertools.pairwise(chain):
            if layer[a] != layer[b]:
                right_of.setdefault(a, []).append(b)
                left_of.setdefault(b, []).append(a)
    pos = {v: k for column in columns for k, v in enumerate(column)}
    for sweep in range(SWEEPS):
        rightwards = sweep % 2 == 0
        indices = range(1, len(columns)) if rightwards else range(len(columns) - 2, -1, -1)
        neighbours = left_of if rightwards else right_of
        for c in indices:
            columns[c].sort(key=lambda v: (barycentre(v, neighbours, pos), pos[v]))
            pos.update({v: k for k, v in enumerate(columns[c])})
    return columns


def vertex_centres(columns: Sequence[Sequence[int]], units: int) -> tuple[dict[int, float], float]:
    """The y of each vertex's centre, each column centred against the tallest; and its height."""

    def slot(v: int) -> float:
        return NODE_SLOT if v < units else DUMMY_SLOT

    heights = [sum(slot(v) for v in column) for column in columns]
    tallest = max(heights, default=0.0)
    centre: dict[int, float] = {}
    for column, height in zip(columns, heights, strict=True):
        y = MARGIN + (tallest - height) / 2
        for v in column:
            centre[v] = y + slot(v) / 2
            y += slot(v)
    return centre, tallest + 2 * MARGIN


def port_offsets(
    chains: Sequence[Sequence[int]], centre: Mapping[int, float]
) -> dict[tuple[int, int], float]:
    """Where each edge meets a box, spread down its side in the order of the edges' other ends.

    Keyed by (chain index, 0 for the left end or 1 for the right end); the value is a y.
    """
    leaving: dict[int, list[tuple[float, int]]] = {}
    arriving: dict[int, list[tuple[float, int]]] = {}
    for k, chain in enumerate(chains):
        leaving.setdefault(chain[0], []).append((centre[chain[1]], k))
        arriving.setdefault(chain[-1], []).append((centre[chain[-2]], k))
    ports: dict[tuple[int, int], float] = {}
    for end, sides in ((0, leaving), (1, arriving)):
        for v, edges in sides.items():
            edges.sort()
            top = centre[v] - NODE_HEIGHT / 2 + 2
            for rank, (_, k) in enumerate(edges):
                ports[(k, end)] = top + (rank + 1) * (NODE_HEIGHT - 4) / (len(edges) + 1)
    return ports


def edge_points(
    chain: Sequence[int],
    k: int,
    x: Mapping[int, float],
    centre: Mapping[int, float],
    ports: Mapping[tuple[int, int], float],
) -> list[tuple[float, float]]:
    """Waypoints from the chain's left end to its right end.

    The list alternates: left end, then for each dummy the points where the edge enters and
    leaves its column (a straight run between boxes), then the right end. The page draws
    curves between a point and the next at even positions and straight lines at odd ones.
    """
    points = [(x[chain[0]] + NODE_WIDTH, ports[(k, 0)])]
    for d in chain[1:-1]:
        points += [(x[d], centre[d]), (x[d] + NODE_WIDTH, centre[d])]
    points.append((x[chain[-1]], ports[(k, 1)]))
    return points


def graph_layout(
    counts: Sequence[Sequence[int]],
    group_of: Sequence[int],
    kernel: Sequence[bool],
    shown: Sequence[int],
) -> GraphLayout:
    """The drawing of the units `shown` (indices in levelised order, ascending).

    `counts[i][j]` is the import statements from unit i to unit j; `group_of[i]` is unit i's
    cycle group or -1; `kernel[i]` says whether it is a shared kernel.
    """
    units = len(counts)
    pairs = [(i, j) for i in shown for j in shown if counts[i][j]]
    hidden = 0
    if len(pairs) > MAX_EDGES_WITH_KERNELS:
        kept = [(i, j) for i, j in pairs if not kernel[j]]
        hidden, pairs = len(pairs) - len(kept), kept
    kept_pairs = set(pairs)
    drawn = [
        [counts[i][j] if (i, j) in kept_pairs else 0 for j in range(units)] for i in range(units)
    ]
    layer = layers_by_longest_path(shown, drawn)
    if hidden:
        # Kernels lost their incoming edges: keep them in the rightmost column all the same.
        last = max(layer.values(), default=0) + 1
        layer.update({u: last for u in shown if kernel[u]})
    chains = chains_through_layers(pairs, layer, first_dummy=units)
    columns = order_in_layers(shown, layer, chains)
    centre, height = vertex_centres(columns, units)
    x = {v: float(MARGIN + layer[v] * COLUMN_GAP) for v in layer}
    ports = port_offsets([c for c in chains if layer[c[0]] != layer[c[-1]]], centre)
    edges = _graph_edges(
        counts, group_of, pairs, chains, layer=layer, x=x, centre=centre, ports=ports
    )
    nodes = tuple(
        GraphNode(unit=u, layer=layer[u], x=x[u], y=centre[u] - NODE_HEIGHT / 2) for u in shown
    )
    columns_used = max((layer[u] for u in shown), default=0) + 1
    return GraphLayout(
        nodes=nodes,
        edges=tuple(edges),
        width=2 * MARGIN + (columns_used - 1) * COLUMN_GAP + NODE_WIDTH + 60,
        height=height,
        total_units=units,
        hidden_kernel_edges=hidden,
    )


def _graph_edges(
    counts: Sequence[Sequence[int]],
    group_of: Sequence[int],
    pairs: list[tuple[int, int]],
    chains: list[list[int]],
    *,
    layer: dict[int, int],
    x: dict[int, float],
    centre: dict[int, float],
    ports: dict[tuple[int, int], float],
) -> list[GraphEdge]:
    """Each drawn import as a polyline through its chain of dummy vertices."""
    edges = []
    crossing = 0  # index among the chains that change column, the keys of `ports`
    for (i, j), chain in zip(pairs, chains, strict=True):
        same = layer[i] == layer[j]
        points: list[tuple[float, float]]
        if same:
            points = [(x[i] + NODE_WIDTH, centre[i]), (x[j] + NODE_WIDTH, centre[j])]
        else:
            points = edge_points(chain, crossing, x, centre, ports)
            crossing += 1
            if chain[0] != i:
                points.reverse()  # drawn from its source, whatever the side
        edges.append(
            GraphEdge(
                source=i,
                target=j,
                imports=counts[i][j],
                in_cycle=group_of[i] >= 0 and group_of[i] == group_of[j],
                closes_cycle=j < i,
                same_layer=same,
                points=tuple(points),
            )
        )
    return edges
