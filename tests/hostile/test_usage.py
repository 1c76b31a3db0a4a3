"""Misuse a new user makes: a check against reports of another scope or folder, a history
file of garbage, config keys that do not exist, output piped to another program."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.hostile.conftest import Project, coupling


def _two_units(project: Project) -> None:
    project.write("a/__init__.py", "from pkg.b import x\n")
    project.write("b/__init__.py", "x = 1\n")
    project.write("b/deep/__init__.py", "")
    project.write("b/deep/m.py", "from pkg.a import y\n")


def test_check_reads_the_reports_scan_wrote_with_out(project: Project) -> None:
    _two_units(project)
    assert project.scan("--out", "elsewhere", "-q").code == 0
    missing = coupling("check", "src/pkg", cwd=project.root)
    assert missing.code == 2
    assert "no baseline: run `coupling scan` and commit the reports" in missing.stderr
    done = coupling("check", "src/pkg", "--out", "elsewhere", cwd=project.root)
    assert (done.code, done.stderr) == (0, "")


@pytest.mark.parametrize(
    ("scan", "check", "said"),
    [
        (["--depth", "1"], ["src/pkg", "--depth", "2"], "depth 1, units from depth 1 below PATH"),
        (["--depth", "1"], ["src/pkg/b"], "PATH src/pkg, depth 1"),
    ],
)
def test_check_refuses_a_baseline_of_another_scope(
    project: Project, scan: list[str], check: list[str], said: str
) -> None:
    _two_units(project)
    assert project.scan(*scan, "-q").code == 0
    done = coupling("check", *check, "--out", "analysis/coupling", cwd=project.root)
    assert done.code == 2
    baseline = project.out("coupling.json")
    assert done.stderr.startswith(f"coupling: error: {baseline}: written for PATH src/pkg")
    assert said in done.stderr
    assert done.stderr.endswith(
        "check the same PATH and --depth as the scan that wrote it, or pass --out with the "
        "reports of this scope\n"
    )


@pytest.mark.parametrize(
    ("config", "key", "line"),
    [
        ("[tool.coupling.rules.units]\nbogus = 1\n", "rules.units.bogus", 2),
        (
            '[tool.coupling]\npath = "src"\n\n[tool.coupling.scoring.weights]\nnope = 1\n',
            "scoring.weights.nope",
            5,
        ),
        ("[tool.coupling.risks.cycle]\ntitle = 'x'\nbogus = 1\n", "risks.cycle.bogus", 3),
        ("[tool.coupling]\nrules = { units = { bogus = 1 } }\n", "rules.units.bogus", 2),
        ("[tool.coupling]\nmax_file_size = 0\n", "max_file_size", 2),
    ],
)
def test_config_mistakes_name_their_line(
    project: Project, config: str, key: str, line: int
) -> None:
    (project.root / "pyproject.toml").write_text(config)
    project.write("a.py", "")
    done = project.scan()
    assert done.code == 2
    assert done.stderr.startswith(f"coupling: error: {project.root}/pyproject.toml:{line}: ")
    assert key in done.stderr


def test_piped_output_is_printed_in_full_lines(project: Project) -> None:
    name = "a_unit_with_a_name_long_enough_to_be_cut_at_eighty_columns"
    project.write(f"{name}/__init__.py", "from pkg.b import x\n")
    project.write("b/__init__.py", "x = 1\n")
    done = project.scan()
    assert done.code == 0
    assert "…" not in done.stdout
    assert any(line.startswith(name) for line in done.stdout.splitlines())
    ranking = coupling("score", "src/pkg", cwd=project.root)
    assert "…" not in ranking.stdout
    rationale = json.loads(coupling("score", "src/pkg", "--json", cwd=project.root).stdout)
    assert all(entry["rationale"] in ranking.stdout for entry in rationale["ranking"])


def test_a_history_file_of_garbage_is_refused(project: Project, tmp_path: Path) -> None:
    project.write("a.py", "")
    garbage = tmp_path / "history.log"
    garbage.write_bytes(bytes(range(256)) * 16)
    done = project.scan("--history", str(garbage))
    assert (done.code, done.stderr) == (
        2,
        f"coupling: error: {garbage}: holds no commit of `git log --numstat` output; write it "
        "with `git log --numstat > FILE` (or drop --history)\n",
    )
