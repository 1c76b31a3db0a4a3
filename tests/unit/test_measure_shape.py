"""The graph algorithms behind the cycle shapes, held equal to networkx's on random graphs."""

from __future__ import annotations

import itertools

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from coupling.measure.shape import (
    adjacency,
    components,
    elementary_cycles,
    levels,
    shortest_path,
)

_graphs = st.integers(1, 9).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=n * 3),
    )
)


def _both(
    n: int, edges: list[tuple[int, int]]
) -> tuple[dict[int, tuple[int, ...]], nx.DiGraph[int]]:
    edges = [(a, b) for a, b in edges if a != b]  # imports of oneself are no edge between units
    reference: nx.DiGraph[int] = nx.DiGraph()
    reference.add_nodes_from(range(n))
    reference.add_edges_from(edges)
    return adjacency(range(n), edges), reference


@given(_graphs)
def test_components_are_networkx_strongly_connected_components(
    graph: tuple[int, list[tuple[int, int]]],
) -> None:
    ours, reference = _both(*graph)
    expected = {frozenset(c) for c in nx.strongly_connected_components(reference)}
    assert {frozenset(c) for c in components(ours)} == expected


@given(_graphs)
def test_levels_are_networkx_lexicographic_order_of_the_condensation(
    graph: tuple[int, list[tuple[int, int]]],
) -> None:
    ours, reference = _both(*graph)
    condensed = nx.condensation(reference)
    expected = [
        tuple(sorted(condensed.nodes[node]["members"]))
        for node in nx.lexicographical_topological_sort(
            condensed, key=lambda node: min(condensed.nodes[node]["members"])
        )
    ]
    assert list(levels(ours)) == expected


@settings(max_examples=200)
@given(_graphs, st.integers(2, 9))
def test_elementary_cycles_are_networkx_simple_cycles(
    graph: tuple[int, list[tuple[int, int]]], longest: int
) -> None:
    ours, reference = _both(*graph)
    found, whole = elementary_cycles(ours, limit=10_000, longest=longest)
    expected = set()
    for cycle in nx.simple_cycles(reference, length_bound=longest):
        start = cycle.index(min(cycle))
        expected.add(tuple(cycle[start:] + cycle[:start]))
    assert set(found) == expected
    assert len(found) == len(expected)  # none twice
    assert [len(c) for c in found] == sorted(len(c) for c in found)  # shortest first
    assert whole == (len(ours) <= longest)


def test_the_listing_stops_at_its_limit_and_says_so() -> None:
    complete = adjacency(range(4), [(a, b) for a in range(4) for b in range(4) if a != b])
    found, whole = elementary_cycles(complete, limit=3, longest=4)
    assert (found, whole) == ([(0, 1), (0, 2), (0, 3)], False)


@given(_graphs, st.data())
def test_shortest_paths_are_as_short_as_networkx_finds(
    graph: tuple[int, list[tuple[int, int]]], data: st.DataObject
) -> None:
    ours, reference = _both(*graph)
    source = data.draw(st.integers(0, graph[0] - 1))
    target = data.draw(st.integers(0, graph[0] - 1))
    path = shortest_path(ours, source, target)
    if not nx.has_path(reference, source, target):
        assert path == []
        return
    assert len(path) - 1 == nx.shortest_path_length(reference, source, target)
    assert path[0] == source and path[-1] == target
    assert all(b in ours[a] for a, b in itertools.pairwise(path))
