"""Line coverage read from files the real coverage.py wrote."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coupling.discover import discover
from coupling.errors import InputError
from coupling.inputs.coverage import read_coverage
from coupling.measure import measure
from coupling.records import LineCoverage
from tests.support import NO_INPUTS, graph_of, settings_for, write_tree

CALC = """
def add(a, b):
    return a + b


def classify(n):
    if n < 0:
        return "negative"
    if n == 0:
        return "zero"
    if n < 10:
        return "small"
    if n < 100:
        return "medium"
    if n < 1000:
        return "large"
    if n < 10000:
        return "huge"
    if n < 100000:
        return "vast"
    if n < 1000000:
        return "enormous"
    if n < 10000000:
        return "immense"
    if n < 100000000:
        return "colossal"
    return "astronomical"
"""


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose driver calls add() only, run under coverage.py: coverage.xml and .coverage."""
    root = write_tree(
        tmp_path_factory.mktemp("project"),
        {
            "src/calc/__init__.py": CALC,
            "src/app/__init__.py": "from calc import add\n",
            "drive.py": "from calc import add\nadd(1, 2)\n",
        },
    )
    env = {**os.environ, "PYTHONPATH": str(root / "src"), "COVERAGE_FILE": str(root / ".coverage")}
    subprocess.run(
        [sys.executable, "-m", "coverage", "run", "--source=src", "drive.py"],
        cwd=root,
        env=env,
        check=True,
    )
    subprocess.run(
        [sys.executable, "-m", "coverage", "xml", "-o", "coverage.xml"],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
    )
    return root


def _read(root: Path, name: str) -> LineCoverage:
    settings = settings_for(root / "src", root / "out", cwd=root)
    coverage = read_coverage(root / name, discover(settings))
    assert coverage is not None
    return coverage


def test_cobertura_and_the_coverage_database_agree_on_lines_run(measured: Path) -> None:
    xml, database = (
        dict(_read(measured, "coverage.xml").files),
        dict(_read(measured, ".coverage").files),
    )
    assert set(xml) == set(database) >= {"src/calc/__init__.py"}
    calc_xml, calc_db = xml["src/calc/__init__.py"], database["src/calc/__init__.py"]
    assert (
        calc_xml.covered == calc_db.covered == (2, 3, 6)
    )  # the defs run at import; add's body ran
    assert calc_xml.measured is not None and 7 in calc_xml.measured and 7 not in calc_xml.covered
    assert calc_db.measured is None  # coverage.py's database does not store what was measurable


@pytest.mark.parametrize("name", ["coverage.xml", ".coverage"])
def test_complex_functions_with_few_lines_run_are_listed_as_untested(
    measured: Path, name: str
) -> None:
    settings = settings_for(measured / "src", measured / "out", cwd=measured)
    graph = graph_of(settings)
    coverage = read_coverage(measured / name, graph.project)
    analysis = measure(graph, settings, dataclasses.replace(NO_INPUTS, coverage=coverage))
    assert [(f.name, round(f.coverage or 0, 3)) for f in analysis.code.untested] == [
        ("classify", round(1 / 22, 3))
    ]  # its def line
    calc = next(q for q in analysis.code.units if q.unit == "calc")
    assert calc.coverage is not None and 0.1 < calc.coverage < 0.3
    assert analysis.code.line_coverage == name


def test_bad_coverage_files_are_named_errors(tmp_path: Path) -> None:
    project = discover(settings_for(write_tree(tmp_path / "src", {"a.py": ""}), tmp_path / "out"))
    (tmp_path / "junk.xml").write_text("<coverage><unclosed>\n")
    with pytest.raises(InputError, match=r"junk.xml:2: not a Cobertura coverage.xml"):
        read_coverage(tmp_path / "junk.xml", project)
    (tmp_path / "other.xml").write_text("<testsuite/>")
    with pytest.raises(InputError, match=r"not a Cobertura report \(root element <testsuite>\)"):
        read_coverage(tmp_path / "other.xml", project)
    (tmp_path / "foreign.db").write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    with pytest.raises(InputError, match=r"not a coverage\.py database"):
        read_coverage(tmp_path / "foreign.db", project)
    assert read_coverage(None, project) is None
