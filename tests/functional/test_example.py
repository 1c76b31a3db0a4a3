"""The bundled example monolith: its committed reports are what a scan writes today."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support import EXAMPLE, REPO


def _scan_example(out: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    """`coupling scan` of the example, as a user runs it, without the cache."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "coupling",
            "scan",
            "examples/techcorp/src",
            "--out",
            str(out),
            "--no-cache",
            *flags,
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )


def test_committed_example_reports_match_a_fresh_scan(tmp_path: Path) -> None:
    done = _scan_example(tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(
        f"Wrote coupling.json, dependency-matrix.md, extraction-candidates.md, risk-assessment.md to {tmp_path}/\n"
    )
    assert (
        "6 units · 44 files · 394 import statements (137 between units) · 10 cycles in 1 group"
        in done.stdout
    )
    committed = EXAMPLE / "analysis" / "coupling"
    for name in (
        "dependency-matrix.md",
        "extraction-candidates.md",
        "risk-assessment.md",
        "coupling.json",
    ):
        assert (tmp_path / name).read_text() == (committed / name).read_text(), (
            f"{name} is stale: run `make demo` and commit examples/techcorp/analysis/coupling/"
        )


def test_the_example_history_shows_single_team_reporting_and_hidden_coupling(
    tmp_path: Path,
) -> None:
    import json

    done = _scan_example(tmp_path, "-q")
    assert done.returncode == 0
    document = json.loads((tmp_path / "coupling.json").read_text())
    owners = {u["unit"]: [o["owner"] for o in u["owners"]] for u in document["ownership"]["units"]}
    assert owners["reporting"] == ["@techcorp/team-c"]
    assert all(len(team) > 1 for unit, team in owners.items() if unit != "reporting")
    history = document["history"]
    reporting = next(u for u in history["units"] if u["unit"] == "reporting")
    assert [t["team"] for t in reporting["teams"]] == ["@techcorp/team-c"]
    hidden = [p["units"] for p in document["unit_pairs"] if p["coupled_by"] == "co-changes only"]
    assert hidden == [["notifications", "reporting"]]
    assert (history["bot_commits"], history["large_changesets"], history["renames"]) == (2, 1, 1)
