"""The command line: help, version, exit codes, one-line errors, deterministic output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from coupling import __version__
from tests.functional.conftest import Run
from tests.support import EXAMPLE, write_tree


def test_version_and_help(run: Run) -> None:
    assert run("--version").stdout == f"coupling, version {__version__}\n"
    assert "scan" in run("--help").stdout
    help_text = run("scan", "--help").stdout
    for option in ("--out", "--depth", "--no-cache", "--jobs", "--coverage", "--quiet"):
        assert option in help_text


def _process(*args: str, cwd: Path, seed: int = 0) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coupling", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONHASHSEED": str(seed)},
    )


@pytest.mark.parametrize(
    ("files", "args", "message"),
    [
        (
            {},
            ["scan", "missing"],
            "coupling: error: missing: no such directory; pass the folder that holds your packages\n",
        ),
        (
            {"a.py": ""},
            ["scan", "a.py"],
            "coupling: error: a.py: is a file; pass the folder that holds your packages (e.g. src/)\n",
        ),
        (
            {"docs/x.txt": ""},
            ["scan", "docs"],
            "coupling: error: docs: no Python files found here; pass the folder that holds your packages (e.g. src/)\n",
        ),
        (
            {"coupling.toml": "depth = [\n", "a.py": ""},
            ["scan", "."],
            "coupling: error: {cwd}/coupling.toml:1: invalid TOML",
        ),
        (
            {"coupling.toml": "colour = 1\nsize = 2\n", "a.py": ""},
            ["scan", "."],
            "coupling: error: {cwd}/coupling.toml:1: unknown key(s) in coupling.toml: colour (line 1), size (line 2); known keys:",
        ),
        (
            {"coupling.toml": 'shared = ["nope"]\n', "a.py": ""},
            ["scan", "."],
            "coupling: error: {cwd}/coupling.toml: shared names unknown unit(s) nope; units here: a\n",
        ),
        (
            {"a.py": "", "out": "a file"},
            ["scan", ".", "--out", "out"],
            "coupling: error: {cwd}/out: exists and is not a folder; pass --out with a folder path\n",
        ),
        (
            {"coupling.toml": '[units]\ncore = ["core/**"]\n', "a.py": ""},
            ["scan", "."],
            "coupling: error: {cwd}/coupling.toml:2: units.core: core/** matches no Python file",
        ),
        (
            {"coupling.toml": '[units]\nx = ["a.py"]\ny = ["*.py"]\n', "a.py": ""},
            ["scan", "."],
            "coupling: error: {cwd}/coupling.toml:2: units x, y both claim a.py",
        ),
        (
            {"tach.toml": "[[modules]]\npath = \n", "a.py": "", "b.py": ""},
            ["scan", "."],
            "coupling: error: {cwd}/tach.toml:2: invalid TOML",
        ),
    ],
)
def test_bad_input_is_one_line_on_stderr_with_exit_2(
    tmp_path: Path, files: dict[str, str], args: list[str], message: str
) -> None:
    write_tree(tmp_path, files)
    done = _process(*args, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(message.format(cwd=tmp_path))
    assert done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["scan", "--depth", "0"],
        ["scan", "--jobs", "-1"],
        ["nonsense"],
        ["check", "--format", "xml"],
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    done = _process(*args, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("coupling: error: ")
    assert done.stderr.count("\n") == 1
    assert done.stderr.endswith("--help`\n")


def test_reports_go_beside_the_config_file_and_the_cache_too(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(
        tmp_path, {"coupling.toml": "", "src/a/__init__.py": "import b\n", "src/b/__init__.py": ""}
    )
    monkeypatch.chdir(tmp_path / "src")
    result = run("scan", ".")
    assert result.exit_code == 0
    assert result.stdout.startswith(
        f"Wrote coupling.json, dependency-matrix.md, extraction-candidates.md, risk-assessment.md to {tmp_path}/analysis/coupling/\n"
    )
    assert (tmp_path / ".coupling" / "cache.db").is_file()


def test_quiet_prints_nothing(tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path, {"src/a/__init__.py": "import b\n", "src/b/__init__.py": ""})
    monkeypatch.chdir(tmp_path)
    result = run("scan", "src", "-q", "--no-cache")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert not (tmp_path / ".coupling").exists()


def test_the_example_reports_are_byte_identical_across_runs_caches_and_workers(
    tmp_path: Path,
) -> None:
    runs = [
        ["--no-cache", "--jobs", "1"],
        [],  # cold cache, one worker per CPU
        [],  # warm cache
        ["--jobs", "2", "--no-cache"],
    ]
    outputs = []
    for number, flags in enumerate(runs):
        out = tmp_path / f"out{number}"
        done = _process(
            "scan", str(EXAMPLE / "src"), "--out", str(out), *flags, cwd=tmp_path, seed=number
        )
        assert done.returncode == 0, done.stderr
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert all(output == outputs[0] for output in outputs)
    assert sorted(outputs[0]) == [
        "coupling.json",
        "dependency-matrix.md",
        "extraction-candidates.md",
        "risk-assessment.md",
    ]


def test_coverage_flag_adds_measured_coverage(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(
        tmp_path,
        {
            "src/calc/__init__.py": "def add(a, b):\n    return a + b\n",
            "coverage.xml": '<coverage><packages><package><classes><class filename="calc/__init__.py">'
            '<lines><line number="1" hits="1"/><line number="2" hits="0"/></lines></class></classes>'
            "</package></packages></coverage>",
        },
    )
    monkeypatch.chdir(tmp_path)
    assert run("scan", "src", "--coverage", "coverage.xml", "-q").exit_code == 0
    report = (tmp_path / "analysis" / "coupling" / "dependency-matrix.md").read_text()
    assert "Line coverage from `coverage.xml`." in report
    assert "| **calc** |            0 |            0 |        0.00 |        50% |" in report


def test_a_truncated_cycle_listing_is_the_same_under_any_hash_seed(tmp_path: Path) -> None:
    names = [f"u{i}" for i in range(9)]
    write_tree(
        tmp_path,
        {
            f"src/{n}/__init__.py": "".join(f"import {m}\n" for m in names if m != n)
            + "def work():\n    return 1\n"
            for n in names
        },
    )
    reports = []
    for seed in (1, 2, 3):
        done = _process("scan", "src", "--out", f"out{seed}", "--no-cache", cwd=tmp_path, seed=seed)
        assert done.returncode == 0, done.stderr
        reports.append((tmp_path / f"out{seed}" / "coupling.json").read_text())
    assert reports[0] == reports[1] == reports[2]
    assert '"complete": false' in reports[0]


def test_depth_flag(asset: Callable[[str], Path], run: Run) -> None:
    """cycle_pair at depth 2: units become orders.service, customers.accounts and the two __init__s."""
    root = asset("cycle_pair")
    assert run("scan", "src", "--depth", "2", "-q").exit_code == 0
    report = (root / "analysis" / "coupling" / "dependency-matrix.md").read_text()
    assert "depth 2" in report
    assert "**customers.accounts**" in report


def test_without_history_the_report_says_so(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(tmp_path, {"src/a/__init__.py": "import b\n", "src/b/__init__.py": ""})
    monkeypatch.chdir(tmp_path)
    assert run("scan", "src", "-q").exit_code == 0
    report = (tmp_path / "analysis" / "coupling" / "dependency-matrix.md").read_text()
    assert "History: not available (no git repository here, no --history file)." in report


def test_history_flag_reads_a_log_and_names_a_missing_one(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = "".join(
        f"commit {i:040x}\nAuthor: Dev <dev@x.io>\nDate:   2026-01-0{i + 1}\n\n    change\n\n1\t0\tsrc/a/__init__.py\n1\t0\tsrc/b/__init__.py\n\n"
        for i in range(6)
    )
    write_tree(
        tmp_path, {"src/a/__init__.py": "import b\n", "src/b/__init__.py": "", "git.log": log}
    )
    monkeypatch.chdir(tmp_path)
    assert run("scan", "src", "--history", "git.log", "-q").exit_code == 0
    report = (tmp_path / "analysis" / "coupling" / "dependency-matrix.md").read_text()
    assert (
        "History: 6 commits from 2026-01-01 to 2026-01-06, touching 2 files of PATH (`git.log`)."
        in report
    )
    assert (
        "| a ↔ b   |                6 |     100% |                      1 | both         |"
        in report
    )
    done = _process("scan", "src", "--history", "missing.log", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (
        2,
        "coupling: error: missing.log: no such file; pass a file holding `git log --numstat` output\n",
    )
    (tmp_path / "garbage.log").write_bytes(bytes(range(256)) * 8)
    done = _process("scan", "src", "--history", "garbage.log", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (
        2,
        f"coupling: error: {tmp_path}/garbage.log: holds no commit of `git log --numstat` output; "
        "write it with `git log --numstat > FILE` (or drop --history)\n",
    )
    (tmp_path / "plain.log").write_text(log.replace("1\t0\t", "changed "))
    done = _process("scan", "src", "--history", "plain.log", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (
        2,
        f"coupling: error: {tmp_path}/plain.log: holds 6 commit(s) but no file changes: it was "
        "written without --numstat; write it with `git log --numstat > FILE`\n",
    )


def test_score_prints_the_ranking_and_json(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLE.parent.parent)
    table = run("score", "examples/techcorp/src", "--top", "2")
    assert table.exit_code == 0
    assert (
        "reporting" in table.stdout
        and "billing" in table.stdout
        and "notifications" not in table.stdout
    )
    document = json.loads(run("score", "examples/techcorp/src", "--json", "--top", "3").stdout)
    assert [r["unit"] for r in document["ranking"]] == ["reporting", "billing", "notifications"]
    assert document["libraries"][0]["unit"] == "utils"


def test_explain_prints_the_cut_report_and_names_valid_units(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(EXAMPLE.parent.parent)
    result = run("explain", "billing", "examples/techcorp/src")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "Imports into billing: its would-be API · files below src/" in text
    assert "notifications/handlers.py:17 (in a function)" in text
    assert "Endpoints (7): GET /billing/invoices" in text
    assert "Owners: @techcorp/payments 100%" in text
    done = _process("explain", "nope", "examples/techcorp/src", cwd=EXAMPLE.parent.parent)
    assert done.returncode == 2
    assert (
        done.stderr
        == "coupling: error: src: no unit 'nope' here; units: auth, billing, notifications, reporting, users, utils\n"
    )
    close = _process("explain", "biling", "examples/techcorp/src", cwd=EXAMPLE.parent.parent)
    assert close.returncode == 2
    assert close.stderr == "coupling: error: src: no unit 'biling' here; the closest: billing\n"
