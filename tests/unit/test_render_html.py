"""report.html without a browser: one offline file, byte-stable, the matrix's figures, safe
against hostile names (tests/browser/ opens it in Chromium)."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest

from coupling.records import Assessment
from coupling.render.html import render_html
from coupling.render.html.model import json_for_script
from coupling.render.reports import render_reports
from tests.support import EXAMPLE_SRC, analyse, assessment_of, write_tree


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Assessment:
    return assessment_of(analyse(EXAMPLE_SRC, tmp_path_factory.mktemp("out")))


def data_of(page: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page)
    assert found
    document: dict[str, Any] = json.loads(found.group(1))
    return document


def test_the_page_is_self_contained_and_byte_stable(example: Assessment, tmp_path: Path) -> None:
    page = render_html(example)
    assert page == render_html(assessment_of(analyse(EXAMPLE_SRC, tmp_path)))
    assert page.startswith("<!doctype html>\n") and page.endswith("</html>\n")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.IGNORECASE)
    # url(#…) names a marker of the page itself; nothing else may be referenced.
    assert not re.search(r"""url\((?!#)|@import|fetch\(|XMLHttpRequest""", page)
    # The one URL is the SVG namespace, a name that is never fetched.
    assert set(re.findall(r"https?://[^\s\"'<>)]+", page)) == {"http://www.w3.org/2000/svg"}
    assert "default-src 'none'" in page
    assert len(page.encode()) < 100_000


def test_the_data_are_the_matrix_the_ranking_and_the_risks(example: Assessment) -> None:
    data = data_of(render_html(example))
    imports = example.analysis.imports
    assert [u["name"] for u in data["units"]] == list(imports.order)
    order = imports.order
    assert {(order[i], order[j]): n for i, j, n, _sites in data["cells"]} == {
        (d.importer, d.imported): d.imports for d in imports.dependencies
    }
    strings = data["strings"]
    _i, _j, _n, sites = next(
        c for c in data["cells"] if order[c[0]] == "auth" and order[c[1]] == "users"
    )
    assert [strings[sites[0][0]], sites[0][1], strings[sites[0][2]]] == [
        "src/auth/permissions.py",
        18,
        "auth.permissions",
    ]
    ranked = sorted((u for u in data["units"] if u["rank"]), key=lambda u: u["rank"])
    assert [u["name"] for u in ranked] == [c.unit for c in example.candidates]
    assert data["factorNames"] == [
        "inbound",
        "outbound",
        "seam",
        "acyclicity",
        "boundary",
        "data",
        "ownership",
        "change",
        "size",
    ]
    findings = sum(len(r.findings) for r in example.risks)
    assert len(data["risks"]) == findings
    severities = [row[6] for row in data["risks"]]
    assert severities == sorted(severities, reverse=True)
    assert [[order[k] for k in g] for g in data["groups"]] == [list(g) for g in imports.groups]
    assert len(data["graph"]["nodes"]) == 6


@pytest.mark.parametrize(
    "text", ["</script><script>alert(1)</script>", "<!--", "a & b", "</SCRIPT >"]
)
def test_json_for_script_cannot_end_its_element(text: str) -> None:
    out = json_for_script({"name": text})
    assert not set("<>&") & set(out)
    assert json.loads(out) == {"name": text}


def test_scan_writes_the_page_only_when_asked(example: Assessment) -> None:
    assert "report.html" not in render_reports(example)
    assert render_reports(example, html=True)["report.html"] == render_html(example)


def test_a_wide_project_draws_the_most_coupled_units(tmp_path: Path) -> None:
    files = {
        f"u{i:02d}/__init__.py": "".join(f"import u{j:02d}\n" for j in range(max(0, i - 3), i))
        for i in range(60)
    }
    assessment = assessment_of(analyse(write_tree(tmp_path / "src", files), tmp_path / "out"))
    data = data_of(render_html(assessment))
    graph = data["graph"]
    assert (len(graph["nodes"]), graph["total"], len(data["units"])) == (40, 60, 60)
    shown = {node[0] for node in graph["nodes"]}
    assert all(edge[0] in shown and edge[1] in shown for edge in graph["edges"])
    columns: dict[float, list[float]] = {}
    for _unit, _layer, x, y in graph["nodes"]:
        columns.setdefault(x, []).append(y)
    for ys in columns.values():  # boxes in a column never overlap
        ys.sort()
        assert all(b - a >= graph["nodeHeight"] for a, b in itertools.pairwise(ys))
