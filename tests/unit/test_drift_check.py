"""check.compare on summaries, and how its findings are printed for people and for CI."""

from __future__ import annotations

import json

from coupling.drift.check import compare
from coupling.records import CheckResult, CheckRule, CheckRules, Problem, Summary
from coupling.render.check_output import render_check


def _summary(
    edges: dict[tuple[str, str], int],
    groups: list[set[str]] = [],  # noqa: B006 - never mutated
    scores: dict[str, float] | None = None,
) -> Summary:
    imports = {
        (a, f"{b}.api", f"name{i}"): (f"{a}/x.py", 10 + i, b)
        for (a, b), n in edges.items()
        for i in range(n)
    }
    units = sorted({u for pair in edges for u in pair})
    return Summary(
        imports=imports,
        cells=edges,
        groups=frozenset(frozenset(g) for g in groups),
        fan_in={u: sum(n for (_a, b), n in edges.items() if b == u) for u in units},
        scores=scores or {},
        ranking=tuple(sorted(scores or {}, key=lambda u: -(scores or {})[u])),
        models=frozenset(),
        endpoints=frozenset(),
    )


def test_equal_summaries_have_no_problems() -> None:
    same = _summary({("a", "b"): 2}, [{"a", "b"}], {"a": 5.0})
    assert compare(same, same, CheckRules(no_new_cycles=True, frozen=("a",)), "x") == (
        CheckResult((), (), "x")
    )


def test_a_group_that_grows_is_one_change_and_a_new_cycle_for_the_ratchet() -> None:
    then = _summary({("a", "b"): 1, ("b", "a"): 1, ("c", "a"): 1}, [{"a", "b"}])
    now = _summary({("a", "b"): 1, ("b", "a"): 1, ("c", "a"): 1, ("a", "c"): 1}, [{"a", "b", "c"}])
    result = compare(now, then, CheckRules(no_new_cycles=True), "x")
    assert [p.message for p in result.problems if p.rule == "no-new-cycles"] == [
        "new cycle between a, b, c"
    ]
    assert Problem(CheckRule.STALE, "cycle group changed (c joined): a, b, c") in result.problems
    assert not any("broken" in p.message for p in result.problems)


def test_a_broken_cycle_and_a_shrinking_baseline() -> None:
    then = _summary({("a", "b"): 1, ("b", "a"): 1}, [{"a", "b"}])
    now = _summary({("a", "b"): 1})
    result = compare(now, then, CheckRules(no_new_cycles=True), "x")
    assert Problem(CheckRule.STALE, "cycle broken between a, b") in result.problems
    assert result.gone == ("b imports name0 from a.api",)
    assert not any(p.rule == "no-new-cycles" for p in result.problems)


def test_ratchets_are_listed_before_staleness() -> None:
    then = _summary({("a", "b"): 1}, scores={"a": 6.0, "b": 5.0})
    now = _summary({("a", "b"): 2}, scores={"a": 5.0, "b": 5.0})
    result = compare(now, then, CheckRules(max_score_drop=0.5, max_fan_in=(("b", 1),)), "x")
    assert [p.rule for p in result.problems][:2] == ["max-fan-in", "max-score-drop"]
    assert result.problems[0] == Problem(
        CheckRule.MAX_FAN_IN, "fan-in of b is 2, above 1", "a/x.py", 11
    )


def test_github_annotations_escape_what_would_end_a_field() -> None:
    result = CheckResult(
        (Problem(CheckRule.FROZEN, "50% of a, now: b\nand more", "src/a,b.py", 3),), (), "x"
    )
    assert render_check(result, "github") == (
        "::error file=src/a%2Cb.py,line=3,title=coupling frozen::50%25 of a, now: b%0Aand more"
    )


def test_json_output_lists_problems_and_gone_entries() -> None:
    result = CheckResult((Problem(CheckRule.STALE, "moved"),), ("a imports x from b",), "base.json")
    assert json.loads(render_check(result, "json")) == {
        "ok": False,
        "baseline": "base.json",
        "problems": [{"rule": "stale", "message": "moved", "file": None, "line": None}],
        "baseline_entries_gone": ["a imports x from b"],
    }


def test_sealed_fails_on_a_new_import_past_the_facade_only() -> None:
    then = _summary({("a", "b"): 1})  # a imports name0 from b.api
    imports = {
        **then.imports,
        ("a", "b.models", "Deep"): ("a/y.py", 3, "b"),
        ("a", "b", "Shallow"): ("a/y.py", 4, "b"),
        ("c", "b.api", "Public"): ("c/z.py", 5, "b"),
    }
    now = Summary(
        imports=imports,
        cells={("a", "b"): 3, ("c", "b"): 1},
        groups=frozenset(),
        fan_in={"a": 0, "b": 4, "c": 0},
        scores={},
        ranking=(),
        models=frozenset(),
        endpoints=frozenset(),
        facades={"b": ("b", "b.api")},
    )
    result = compare(now, then, CheckRules(sealed=("b",)), "x")
    assert [p for p in result.problems if p.rule == CheckRule.SEALED] == [
        Problem(
            CheckRule.SEALED,
            "b is sealed: a now imports Deep from b.models, past its facade; import it from b",
            "a/y.py",
            3,
        )
    ]
    assert not [p for p in compare(now, then, CheckRules(), "x").problems if p.rule == "sealed"]
