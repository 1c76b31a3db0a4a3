"""Properties the score must keep whatever the code: hypothesis builds small monoliths.

Every unit gets the same block of code, so that imports are what differs between them.
"""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coupling.records import Assessment
from tests.support import analyse, assessment_of, write_tree

NAMES = ["ledger", "orders", "search", "shipping", "catalog"]
BODY = "".join(f"def helper_{i}(x):\n    return x + {i}\n" for i in range(10))

Edges = set[tuple[int, int]]
_edges = st.sets(
    st.tuples(st.integers(0, 4), st.integers(0, 4)).filter(lambda e: e[0] != e[1]), max_size=12
)
_slow = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _scores(
    edges: Edges, names: list[str] | None = None, extra: tuple[int, int] | None = None
) -> dict[str, float]:
    """Write the monolith (`extra` adds a second module importing across), score it."""
    assessment = _assessment(edges, names, extra)
    return {c.unit: c.service_score for c in (*assessment.candidates, *assessment.kernels)}


def _kernels(edges: Edges, extra: tuple[int, int] | None = None) -> set[str]:
    return {k.unit for k in _assessment(edges, None, extra).kernels}


def _assessment(edges: Edges, names: list[str] | None, extra: tuple[int, int] | None) -> Assessment:
    names = names or NAMES
    files: dict[str, str] = {}
    for unit, name in enumerate(names):
        imports = "".join(
            f"import {names[target]}\n" for source, target in sorted(edges) if source == unit
        )
        files[f"{name}/__init__.py"] = imports + BODY
    if extra is not None:
        source, target = extra
        files[f"{names[source]}/extra.py"] = f"import {names[target]}\n"
    with tempfile.TemporaryDirectory() as folder:
        root = write_tree(Path(folder) / "src", files)
        return assessment_of(analyse(root, Path(folder) / "out"))


@_slow
@given(_edges, st.integers(0, 4), st.integers(0, 4))
def test_an_added_incoming_import_never_raises_a_score(
    edges: Edges, source: int, target: int
) -> None:
    if source == target:
        return
    before = _scores(edges)
    after = _scores(edges, extra=(source, target))
    assert after[NAMES[target]] <= before[NAMES[target]]


@_slow
@given(_edges, st.integers(0, 4), st.integers(0, 4))
def test_an_added_outgoing_import_never_raises_a_non_kernels_score(
    edges: Edges, source: int, target: int
) -> None:
    if source == target:
        return
    before = _scores(edges)
    after = _scores(edges, extra=(source, target))
    if NAMES[source] in _kernels(edges, extra=(source, target)) | _kernels(edges):
        return  # a library's outbound is what weighs most: it is held elsewhere
    assert after[NAMES[source]] <= before[NAMES[source]]


@_slow
@given(_edges)
def test_removing_a_units_only_cycle_never_lowers_it(edges: Edges) -> None:
    # A DAG (edges from lower to higher index) plus one back edge: 0 ↔ 1 is the only cycle.
    dag = {(a, b) for a, b in edges if a < b} | {(0, 1)}
    with_cycle = _scores(dag | {(1, 0)})
    without = _scores(dag)
    for unit in (NAMES[0], NAMES[1]):
        assert without[unit] >= with_cycle[unit]


@_slow
@given(_edges, st.permutations(["alpha", "beta", "gamma", "delta", "omega"]))
def test_scores_do_not_depend_on_unit_names(edges: Edges, names: list[str]) -> None:
    original = _scores(edges)
    renamed = _scores(edges, names=names)
    assert [original[n] for n in NAMES] == [renamed[n] for n in names]


@settings(max_examples=10, deadline=None)
@given(_edges, st.permutations(range(5)))
def test_scores_do_not_depend_on_file_order(edges: Edges, order: list[int]) -> None:
    """The same monolith, its files written in another order and its modules named otherwise."""
    expected = _scores(edges)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "src"
        for unit in order:
            name = NAMES[unit]
            imports = [f"import {NAMES[t]}\n" for s, t in sorted(edges) if s == unit]
            write_tree(
                root, {f"{name}/__init__.py": "", f"{name}/z_{unit}.py": "".join(imports) + BODY}
            )
        shuffled = assessment_of(analyse(root, Path(folder) / "out"))
    assert {c.unit: c.service_score for c in (*shuffled.candidates, *shuffled.kernels)} == expected


def test_the_generator_makes_cycles_and_kernels() -> None:
    """The strategies reach the cases the properties are about."""
    everything = set(itertools.permutations(range(5), 2))
    assert _scores(everything)  # one big cycle
    star = {(i, 0) for i in range(1, 5)}
    assert _scores(star)[NAMES[0]] < _scores(set())[NAMES[0]]  # the imported one loses
    with tempfile.TemporaryDirectory() as folder:
        files = {f"{n}/__init__.py": BODY for n in NAMES}
        files |= {f"{NAMES[i]}/__init__.py": f"import {NAMES[0]}\n" + BODY for i in range(1, 5)}
        root = write_tree(Path(folder) / "src", files)
        assessment = assessment_of(analyse(root, Path(folder) / "out"))
    assert [k.unit for k in assessment.kernels] == [NAMES[0]]  # and becomes a shared kernel
