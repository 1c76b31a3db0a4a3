"""The drift summary, built from a fresh assessment and from the coupling.json it writes, is the
same: a field of coupling.json renamed on one side breaks this test, not a user's check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coupling.config import Flags, load_settings
from coupling.drift.summary import decoded, encoded, summary_from_json, summary_of
from coupling.pipeline import evaluate
from coupling.records import Assessment
from coupling.render.coupling_json import render_json
from tests.support import ASSETS, EXAMPLE, EXAMPLE_SRC


def _assessment(path: Path, cwd: Path, tmp_path: Path) -> Assessment:
    settings = load_settings(path, cwd, Flags(out=tmp_path / "out", cache=False))
    return evaluate(settings).assessment


@pytest.mark.parametrize(
    ("path", "cwd"),
    [
        (EXAMPLE_SRC, EXAMPLE),  # history, CODEOWNERS, metrics, models, endpoints, cycles
        (ASSETS / "fastapi_shop" / "src", ASSETS / "fastapi_shop"),
        (ASSETS / "package_layout" / "shop" / "apps", ASSETS / "package_layout"),
    ],
)
def test_both_sides_of_a_check_read_the_same_summary(path: Path, cwd: Path, tmp_path: Path) -> None:
    assessment = _assessment(path, cwd, tmp_path)
    fresh = summary_of(assessment)
    assert fresh.imports and fresh.cells and fresh.ranking
    assert summary_from_json(json.loads(render_json(assessment))) == fresh


def test_the_cache_keeps_a_summary_as_it_was(tmp_path: Path) -> None:
    summary = summary_of(_assessment(EXAMPLE_SRC, EXAMPLE, tmp_path))
    assert summary.history_head == ""  # the example's history is a saved log, not git
    assert decoded(encoded(summary)) == summary
    assert decoded('{"not": "a summary"}') is None
    assert decoded(encoded(summary)[:-3]) is None


def test_the_scope_a_baseline_was_written_for(tmp_path: Path) -> None:
    assessment = _assessment(EXAMPLE_SRC, EXAMPLE, tmp_path)
    document = json.loads(render_json(assessment))
    assert summary_from_json(document).scope == ("src", "1", "depth 1 below PATH")
    del document["scope"]  # a baseline written before scopes were recorded
    assert summary_from_json(document).scope == ()
