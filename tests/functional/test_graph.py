"""`coupling graph`: the unit graph for other tools, with the reports' names and counts."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.functional.conftest import Run
from tests.support import EXAMPLE, EXAMPLE_SRC, REPO, write_tree

COMMITTED = EXAMPLE / "analysis" / "coupling"


def graph(run: Run, *args: str) -> str:
    result = run("graph", str(EXAMPLE_SRC), "--no-cache", *args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def graph_json(run: Run, *args: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(graph(run, "--format", "json", *args))
    return document


@pytest.fixture(scope="module")
def baseline() -> dict[str, Any]:
    document: dict[str, Any] = json.loads((COMMITTED / "coupling.json").read_text())
    return document


def test_json_has_the_units_and_counts_of_the_matrix(run: Run, baseline: dict[str, Any]) -> None:
    document = graph_json(run)
    order = baseline["matrix"]["order"]
    assert (document["schema"], document["level"], document["units"]) == (1, "unit", len(order))
    assert [n["name"] for n in document["nodes"]] == order
    cells = {
        (order[i], order[j]): count
        for i, row in enumerate(baseline["matrix"]["rows"])
        for j, count in enumerate(row)
        if count
    }
    assert {(e["from"], e["to"]): e["imports"] for e in document["edges"]} == cells
    group = set(baseline["cycles"]["groups"][0])
    assert {n["name"] for n in document["nodes"] if n["cycle_group"] == 1} == group
    assert sum(e["cut"] for e in document["edges"]) == len(baseline["cycles"]["breakers"])
    roles = {n["name"]: n["role"] for n in document["nodes"]}
    assert roles["utils"] == "shared kernel" and roles["reporting"] == "leaf"


def test_mermaid_is_the_block_of_dependency_matrix(run: Run) -> None:
    markdown = (COMMITTED / "dependency-matrix.md").read_text()
    block = markdown.split("```mermaid\n")[1].split("```")[0]
    assert graph(run) == block  # six units: the report draws the whole graph


def test_dot_draws_the_same_edges(run: Run) -> None:
    text = graph(run, "--format", "dot")
    lines = text.splitlines()
    assert lines[0] == "digraph coupling {" and lines[-1] == "}"
    edges = [re.fullmatch(r'  "(\S+)" -> "(\S+)" \[label="([^"]+)"(.*)\];', line) for line in lines]
    drawn = {(m[1], m[2]): m[3] for m in edges if m}
    document = graph_json(run)
    assert drawn == {
        (e["from"], e["to"]): str(e["imports"]) + (f", cut {e['cut']}" if e["cut"] else "")
        for e in document["edges"]
    }
    assert '  "utils" [fillcolor="#fbe7b5", color="#c98a00"];' in lines
    assert (
        '  "users" -> "billing" [label="2, cut 2", color="#c8372d", penwidth=2, style=dashed];'
        in lines
    )


def test_focus_and_hops(run: Run) -> None:
    alone = graph_json(run, "--focus", "reporting", "--hops", "0")
    assert ([n["name"] for n in alone["nodes"]], alone["edges"]) == (["reporting"], [])
    assert (alone["focus"], alone["hops"]) == ("reporting", 0)
    near = graph_json(run, "--focus", "notifications")  # one hop, both ways, by default
    assert [n["name"] for n in near["nodes"]] == [
        "reporting",
        "billing",
        "notifications",
        "users",
        "auth",
        "utils",
    ][1:]
    mermaid = graph(run, "--focus", "reporting", "--hops", "0")
    assert mermaid == 'flowchart LR\n    u_reporting["reporting"]\n'


def test_modules_add_up_to_the_matrix(run: Run, baseline: dict[str, Any]) -> None:
    document = graph_json(run, "--modules")
    assert document["level"] == "module"
    unit = {n["name"]: n["unit"] for n in document["nodes"]}
    assert set(unit.values()) == set(baseline["matrix"]["order"])
    across: dict[tuple[str, str], int] = {}
    for edge in document["edges"]:
        pair = (unit[edge["from"]], unit[edge["to"]])
        if pair[0] != pair[1]:
            across[pair] = across.get(pair, 0) + edge["imports"]
    order = baseline["matrix"]["order"]
    cells = {
        (order[i], order[j]): count
        for i, row in enumerate(baseline["matrix"]["rows"])
        for j, count in enumerate(row)
        if count
    }
    # The same unit pairs; a statement importing two modules of a unit counts for each.
    assert across.keys() == cells.keys()
    assert all(across[pair] >= cells[pair] for pair in cells)
    assert sum(e["cut"] for e in document["edges"]) == len(baseline["cycles"]["breakers"])
    text = graph(run, "--modules", "--focus", "reporting", "--hops", "0", "--format", "dot")
    assert '  subgraph cluster_0 {\n    label="reporting";\n    "reporting";\n' in text


def test_the_same_tree_gives_the_same_bytes(tmp_path: Path) -> None:
    outputs = set()
    for seed in ("1", "2"):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "coupling",
                "graph",
                "examples/techcorp/src",
                "--no-cache",
                "--modules",
                "--format",
                "dot",
            ],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--focus", "biling"],
            "coupling: error: src: no unit 'biling' here; the closest: billing\n",
        ),
        (
            ["--focus", "zzz"],
            "coupling: error: src: no unit 'zzz' here; units: reporting, billing, notifications, users, auth, utils\n",
        ),
        (
            ["--format", "svg"],
            "coupling: error: Invalid value for '--format': 'svg' is not one of 'mermaid', 'dot', 'json'; see `coupling graph --help`\n",
        ),
        (
            ["--hops", "-1"],
            "coupling: error: Invalid value for '--hops': -1 is not in the range x>=0; see `coupling graph --help`\n",
        ),
    ],
)
def test_bad_input_is_one_line_with_exit_2(args: list[str], message: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "coupling", "graph", "src", "--no-cache", *args],
        cwd=EXAMPLE,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (2, "", message)


def test_mermaid_keeps_below_mermaids_edge_limit(tmp_path: Path) -> None:
    files = {
        f"u{i:02d}/__init__.py": "".join(f"import u{j:02d}\n" for j in range(i)) for i in range(45)
    }
    write_tree(tmp_path / "src", files)  # 990 edges: every unit imports every one before it
    done = subprocess.run(
        [sys.executable, "-m", "coupling", "graph", "src", "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.count("-->") == 499
    assert "    %% 491 lighter edges left out\n" in done.stdout
    assert done.stderr == (
        "coupling: note: mermaid draws fewer than 500 edges: the 491 lightest are left out "
        "(--format dot or json has them all, or use --focus)\n"
    )
    dot = subprocess.run(
        [sys.executable, "-m", "coupling", "graph", "src", "--no-cache", "--format", "dot"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert dot.stdout.count(" -> ") == 990 and dot.stderr == ""
