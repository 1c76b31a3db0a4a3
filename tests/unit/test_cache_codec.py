"""Frozen dataclasses survive a JSON round trip; malformed data is refused, not half-built."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coupling.cache.codec import from_data, from_trusted, to_data
from coupling.records import (
    CheckRule,
    Definition,
    FileFacts,
    ImportFact,
    InputFiles,
    Problem,
    Summary,
)

_text = st.text(min_size=1, max_size=12)
_imports = st.builds(
    ImportFact,
    line=st.integers(1, 10_000),
    targets=st.tuples(_text),
    names=st.tuples(_text),
    type_checking=st.booleans(),
)
_definitions = st.builds(
    Definition,
    name=_text,
    kind=st.sampled_from(["class", "function"]),
    line=st.integers(1, 99),
    abstract=st.booleans(),
)
_facts = st.builds(
    FileFacts,
    imports=st.lists(_imports, max_size=4).map(tuple),
    definitions=st.lists(_definitions, max_size=4).map(tuple),
    lines=st.integers(0, 10**6),
    parser=st.sampled_from(["ast", "libcst", "none"]),
    error=st.none() | _text,
    error_line=st.none() | st.integers(1, 99),
)


@given(_facts, st.booleans())
def test_facts_round_trip_through_json(facts: FileFacts, compact: bool) -> None:
    text = json.dumps(to_data(facts, compact=compact))
    assert from_data(FileFacts, json.loads(text), compact=compact) == facts
    if compact:
        assert from_trusted(FileFacts, json.loads(text)) == facts


def test_the_compact_form_is_fields_in_order() -> None:
    fact = ImportFact(line=3, targets=("a",), names=("b",))
    assert to_data(fact, compact=True) == [3, ["a"], ["b"], False, False, False, 0]


def test_paths_round_trip() -> None:
    files = InputFiles(history=Path("/x/git.log"))
    assert from_data(InputFiles, to_data(files)) == files


def test_mappings_sets_and_enums_round_trip_in_a_stable_order() -> None:
    summary = Summary(
        imports={("b", "a.x", "f"): ("b/m.py", 3, "a"), ("a", "b.y", "g"): ("a/m.py", 1, "b")},
        cells={("a", "b"): 1, ("b", "a"): 2},
        groups=frozenset({frozenset({"a", "b"})}),
        fan_in={"a": 2, "b": 1},
        scores={"a": 5.0},
        ranking=("a",),
        models=frozenset({"a.models.M", "b.models.N"}),
        endpoints=frozenset({("a", "GET", "/x")}),
    )
    for compact in (False, True):
        data = to_data(summary, compact=compact)
        assert from_data(Summary, data, compact=compact) == summary
        assert json.dumps(data) == json.dumps(
            to_data(dataclasses.replace(summary), compact=compact)
        )
    assert (
        from_trusted(Problem, to_data(Problem(CheckRule.FROZEN, "m"), compact=True)).rule
        is CheckRule.FROZEN
    )


@pytest.mark.parametrize(
    "data",
    [
        {"imports": 7},
        {"imports": [{"line": "one", "targets": [], "names": []}]},
        {"lines": True},
        {"error": 3},
        [],
    ],
)
def test_malformed_data_is_refused(data: object) -> None:
    with pytest.raises((ValueError, TypeError)):
        from_data(FileFacts, data)


def test_unknown_values_cannot_be_serialised() -> None:
    with pytest.raises(TypeError):
        to_data(object())


def _compact_facts_with(imports: object) -> list[object]:
    data = to_data(FileFacts(), compact=True)
    assert isinstance(data, list)
    data[0] = imports
    return data


@pytest.mark.parametrize(
    "data",
    [
        {"imports": []},  # the long form where the compact one is expected
        _compact_facts_with([])[:-1],  # a field short
        _compact_facts_with([[3, ["a"]]]),  # an import with too few fields
        _compact_facts_with([["3", ["a"], ["b"], False, False, False]]),  # a line as text
        _compact_facts_with([[3, ["a"], [7], False, False, False]]),  # a name as a number
    ],
)
def test_malformed_compact_data_is_refused(data: object) -> None:
    with pytest.raises((ValueError, TypeError)):
        from_data(FileFacts, data, compact=True)
