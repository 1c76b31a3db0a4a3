"""Every mermaid block the reports and `coupling graph` write, parsed and drawn by npm's
mermaid (pinned in package.json) inside the same headless Chromium, from disk, offline."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import CASES, OUT, Offline, Scanned, coupling, offline_page

HERE = Path(__file__).resolve().parent
HARNESS = HERE / "mermaid_harness.html"
MERMAID = HERE / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
PINNED = json.loads((HERE / "package.json").read_text())["devDependencies"]["mermaid"]
MAX_EDGES = 500  # mermaid's default maxEdges, which a diagram cannot raise for itself


class Mermaid:
    """The harness page: `check(text)` gives mermaid's verdict on one diagram."""

    def __init__(self, offline: Offline) -> None:
        self.offline = offline
        self.drawn = 0
        offline.page.goto(HARNESS.as_uri())
        offline.page.wait_for_function("window.harnessReady === true")

    def check(self, diagram: str, *, draw: bool = True) -> dict[str, Any]:
        self.drawn += 1
        verdict: dict[str, Any] = self.offline.page.evaluate(
            "([text, id, draw]) => window.checkMermaid(text, id, draw)",
            [diagram, f"diagram{self.drawn}", draw],
        )
        return verdict

    def assert_valid(self, diagram: str, picture: str = "") -> None:
        """Parsed, and drawn unless it has more edges than mermaid draws; the drawing saved
        as a screenshot under `picture`."""
        draw = diagram.count("-->") <= MAX_EDGES
        verdict = self.check(diagram, draw=draw)
        assert verdict["stage"] == ("ok" if draw else "parsed"), (
            f"{verdict.get('error')}\n{diagram}"
        )
        if draw and picture:
            page = self.offline.page
            page.evaluate("(svg) => { document.body.innerHTML = svg; }", verdict["svg"])
            (OUT / "mermaid").mkdir(parents=True, exist_ok=True)
            page.locator("body > svg").screenshot(path=OUT / "mermaid" / f"{picture}.png")


@pytest.fixture(scope="module")
def mermaid(browser: Browser) -> Iterator[Mermaid]:
    """One harness for the module: loading mermaid (3 MB) once saves seconds a test."""
    if not MERMAID.is_file():
        pytest.skip("no mermaid: `make test-browser` installs it with npm ci")
    with offline_page(browser) as offline:
        yield Mermaid(offline)
        offline.assert_clean()


def blocks(markdown: str) -> list[str]:
    return re.findall(r"^```mermaid\n(.*?)^```$", markdown, re.MULTILINE | re.DOTALL)


def test_the_harness_runs_the_pinned_mermaid(mermaid: Mermaid) -> None:
    installed = json.loads((MERMAID.parents[1] / "package.json").read_text())["version"]
    assert installed == PINNED
    assert MERMAID.as_uri() in mermaid.offline.requests  # that very file, from disk


@pytest.mark.parametrize("name", CASES)
def test_every_block_of_the_reports_is_valid(
    mermaid: Mermaid, scans: dict[str, Scanned], name: str
) -> None:
    out = scans[name].out
    graph = blocks((out / "dependency-matrix.md").read_text(encoding="utf-8"))
    phases = blocks((out / "extraction-candidates.md").read_text(encoding="utf-8"))
    assert (len(graph), len(phases)) == (1, 1)
    mermaid.assert_valid(graph[0], f"{name}-unit-graph")
    mermaid.assert_valid(phases[0], f"{name}-phases")
    assert len(graph[0]) < 50_000  # mermaid's (and GitHub's) maxTextSize


GRAPHS = {
    "units": [],
    "modules": ["--modules"],
    "focus": ["--focus", "billing", "--hops", "1"],
    "modules-focus": ["--modules", "--focus", "reporting", "--hops", "0"],
}


@pytest.mark.parametrize("variant", sorted(GRAPHS))
def test_coupling_graph_writes_valid_mermaid(
    mermaid: Mermaid, scans: dict[str, Scanned], variant: str
) -> None:
    example = scans["example"].source
    text = coupling("graph", example.name, "--no-cache", *GRAPHS[variant], cwd=example.parent)
    mermaid.assert_valid(text, f"graph-example-{variant}")


@pytest.mark.parametrize("name", ["django", "synthetic-500"])
def test_coupling_graph_of_big_projects_is_valid(
    mermaid: Mermaid, scans: dict[str, Scanned], name: str
) -> None:
    source = scans[name].source
    full = coupling("graph", source.name, "--no-cache", cwd=source.parent)
    mermaid.assert_valid(full)  # past 500 edges, mermaid only parses it
    unit = scans[name].document()["scores"]["ranking"][0]["unit"]
    around = coupling("graph", source.name, "--no-cache", "--focus", unit, cwd=source.parent)
    mermaid.assert_valid(around, f"graph-{name}-focus")


BROKEN = {
    "dangling edge": "flowchart LR\n    a --> \n",
    "unclosed label": 'flowchart LR\n    a["open label\n    a --> b\n',
    "keyword as id": "flowchart LR\n    end --> a\n",
    "unknown diagram": "flowchat LR\n    a --> b\n",
    "linkStyle past the last edge": "flowchart LR\n    a --> b\n    linkStyle 3 stroke:#f00\n",
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_block_fails(mermaid: Mermaid, case: str) -> None:
    """The harness can fail: each of these mistakes is caught."""
    verdict = mermaid.check(BROKEN[case])
    assert verdict["stage"] in ("parse", "render"), f"{case} was accepted"
