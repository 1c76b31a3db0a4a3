"""The committed coupling.json read back: its summary is kept in the cache by its bytes."""

from __future__ import annotations

import shutil
from pathlib import Path

from coupling.cache import open_session
from coupling.cache.store import digest
from coupling.config import Flags, load_settings
from coupling.drift.baseline import read_baseline
from coupling.drift.summary import decoded
from coupling.pipeline import scan
from coupling.render.coupling_json import SCHEMA
from tests.support import EXAMPLE

COMMITTED = EXAMPLE / "analysis" / "coupling" / "coupling.json"


def test_a_baseline_read_again_comes_from_the_cache_and_an_edit_is_read_afresh(
    tmp_path: Path,
) -> None:
    baseline = tmp_path / "coupling.json"
    shutil.copy(COMMITTED, baseline)
    settings = load_settings(tmp_path, tmp_path, Flags(out=tmp_path / "out"))
    with open_session(settings) as cache:
        first = read_baseline(baseline, SCHEMA, cache)
        assert cache.recall(f"baseline:{SCHEMA}:{digest(baseline.read_bytes())}") is not None
        assert read_baseline(baseline, SCHEMA, cache) == first
        edited = baseline.read_text().replace('"fan_in": ', '"fan_in": 1', 1)
        baseline.write_text(edited)
        assert read_baseline(baseline, SCHEMA, cache) != first
    assert read_baseline(baseline, SCHEMA) == read_baseline(baseline, SCHEMA, None)


def test_a_scan_leaves_the_summary_a_check_reads_from_its_coupling_json(tmp_path: Path) -> None:
    source = shutil.copytree(EXAMPLE / "src", tmp_path / "src")
    settings = load_settings(source, tmp_path, Flags(out=tmp_path / "out"))
    scan(settings)
    written = tmp_path / "out" / "coupling.json"
    with open_session(settings) as cache:
        kept = cache.recall(f"baseline:{SCHEMA}:{digest(written.read_bytes())}")
    assert kept is not None
    assert decoded(kept) == read_baseline(written, SCHEMA)  # what reading the file gives
