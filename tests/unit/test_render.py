"""Reports: valid GitHub markdown, the figures the analysis holds, byte-stable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from coupling.cache.codec import from_data, to_data
from coupling.records import Analysis, ScanView
from coupling.render.dependency_matrix import render_matrix
from coupling.render.dependency_matrix.imports import MAX_MATRIX_UNITS
from coupling.render.reports import render_reports
from coupling.render.terminal import render_summary, scan_view
from tests.support import EXAMPLE_SRC, analyse, assessment_of, write_tree


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Analysis:
    return analyse(EXAMPLE_SRC, tmp_path_factory.mktemp("out"))


def table_shapes(markdown: str) -> list[list[int]]:
    """Cells per row of every table, as a real GFM parser sees them."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    shapes: list[list[int]] = []
    for token in tokens:
        if token.type == "table_open":
            shapes.append([])
        elif token.type == "tr_open":
            shapes[-1].append(0)
        elif token.type in ("th_open", "td_open"):
            shapes[-1][-1] += 1
    return shapes


def test_every_table_is_well_formed(example: Analysis) -> None:
    markdown = render_matrix(example)
    shapes = table_shapes(markdown)
    assert len(shapes) >= 6
    for rows in shapes:
        assert len(set(rows)) == 1, rows


def test_markdown_matrix_rows(example: Analysis) -> None:
    markdown = render_matrix(example).split("## Matrix")[1].split("##")[0]
    rows = {
        line.split("|")[1].strip(): [c.strip() for c in line.split("|")[2:-1]]
        for line in markdown.splitlines()
        if line.startswith("| **")
    }
    header = next(line for line in markdown.splitlines() if line.startswith("| imports →"))
    columns = [c.strip() for c in header.split("|")[2:-1]]
    reporting = dict(zip(columns, rows["**reporting**"], strict=True))
    assert reporting == {
        "reporting": "–",
        "billing": "5",
        "notifications": "·",
        "users": "6",
        "auth": "2",
        "utils": "31",
        "fan-out": "44",
    }
    assert dict(zip(columns, rows["**fan-in**"], strict=True))["utils"] == "92"


def test_highlights_name_the_hub_the_kernel_the_leaf_and_the_cycles(example: Analysis) -> None:
    markdown = render_matrix(example)
    highlights = markdown.split("## Highlights")[1].split("##")[0]
    assert "**users** is the most depended-upon unit: 20 imports from 4 units." in highlights
    assert "**utils** is a shared kernel: 92 imports from 5 units" in highlights
    assert "No other unit imports **reporting**" in highlights
    assert "(10 cycles, 1 of them at import time)" in highlights


def test_cycles_are_one_line_each_with_the_hops_folded_below(example: Analysis) -> None:
    markdown = render_matrix(example)
    cycles = markdown.split("## Cycles")[1].split("### Imports to cut")[0]
    row = next(line for line in cycles.splitlines() if "| auth → users → auth" in line)
    assert [cell.strip() for cell in row.split("|")[1:-1]] == [
        "1",
        "auth → users → auth",
        "yes",
        "auth → users (3 imports)",
    ]
    details = cycles.split("<details>")[1].split("</details>")[0]
    hop = next(line for line in details.splitlines() if line.startswith("| auth → users "))
    cells = [cell.strip() for cell in hop.split("|")[1:-1]]
    assert cells == [
        "auth → users",
        "3",
        "`auth.permissions`",
        "src/auth/permissions.py:18",
        "yes",
        "1, 5, 6, 9, 10",
    ]
    # Each hop once, however many cycles run through it.
    assert details.count("| auth → users ") == 1
    assert "### Imports to cut" in markdown


def test_json_carries_the_same_figures(example: Analysis) -> None:
    document = json.loads(render_reports(assessment_of(example))["coupling.json"])
    assert document["schema"] == 2
    order = document["matrix"]["order"]
    rows = dict(zip(order, document["matrix"]["rows"], strict=True))
    assert rows["reporting"][order.index("utils")] == 31
    assert rows["utils"][order.index("utils")] is None
    units = {u["name"]: u for u in document["units"]}
    assert (units["users"]["fan_in"], units["auth"]["instability"], units["utils"]["role"]) == (
        20,
        0.5769,
        "shared kernel",
    )
    assert document["summary"]["imports_between_units"] == 137
    assert sum(d["imports"] for d in document["dependencies"]) == 137
    assert document["cycles"]["groups"] == [["auth", "billing", "notifications", "users"]]


def test_rendering_is_byte_stable(example: Analysis, tmp_path: Path) -> None:
    again = analyse(EXAMPLE_SRC, tmp_path)
    assert render_reports(assessment_of(again)) == render_reports(assessment_of(example))


def test_terminal_summary(example: Analysis) -> None:
    assessment = assessment_of(example)
    view = scan_view(assessment, skipped=0)
    headline, table = render_summary(view)
    assert (
        str(headline)
        == "6 units · 44 files · 394 import statements (137 between units) · 10 cycles in 1 group"
    )
    assert table.row_count == 6
    assert [line.unit for line in view.units] == list(example.imports.order)
    assert view.best.startswith(f"Best extraction candidate: {assessment.candidates[0].unit} (")
    # What the cache keeps of it reads back the same.
    assert from_data(ScanView, json.loads(json.dumps(to_data(view)))) == view


def test_no_cycles_no_kernel_and_the_package_layout(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/conf.py": "",
            "shop/apps/__init__.py": "",
            "shop/apps/a.py": "from shop import conf\nimport shop.apps.b\n",
            "shop/apps/b.py": "",
        },
    )
    markdown = render_matrix(analyse(tmp_path / "shop" / "apps", tmp_path / "out", cwd=tmp_path))
    assert "## Cycles\n\nNone:" in markdown
    assert "No unit is imported by most others" in markdown
    assert "## Outside `shop/apps`" in markdown
    assert "| **a**  |                   1 |" in markdown
    assert "(package `shop.apps`)" in markdown


def test_a_wide_project_shows_the_most_coupled_units(tmp_path: Path) -> None:
    files = {
        f"u{i:02d}/__init__.py": ("import u00\n" if i else "") + ("import u01\n" if i < 5 else "")
        for i in range(45)
    }
    analysis = analyse(write_tree(tmp_path / "src", files), tmp_path / "out")
    markdown = render_matrix(analysis)
    header = next(line for line in markdown.splitlines() if line.startswith("| imports →"))
    assert header.count("|") == MAX_MATRIX_UNITS + 3
    assert f"Showing the {MAX_MATRIX_UNITS} most coupled of 45 units" in markdown
    assert (
        len(json.loads(render_reports(assessment_of(analysis))["coupling.json"])["matrix"]["order"])
        == 45
    )


def test_coverage_lists_what_was_left_out_and_unresolved(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "src",
        {
            "a/__init__.py": "import a.gone\nfrom a.x.y import z\n",
            "a/bad.py": "def (:\n",
            "a/new.py": "type T = int\n",
        },
    )
    (tmp_path / "coupling.toml").write_text('newer_python = "none"\n')  # libcst reads a/new.py
    markdown = render_matrix(analyse(root, tmp_path / "out", cwd=tmp_path))
    coverage = markdown.split("## What was read")[1]
    assert "3 files scanned: 1 parsed with Python's own parser, 1 with libcst" in coverage
    assert "| src/a/bad.py:1 | syntax error: invalid syntax |" in coverage.replace(
        "  ", " "
    ).replace("  ", " ")
    assert "`a.x.y.z`" in coverage


def test_unit_names_are_escaped_and_isolated_units_have_no_instability(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "shop/__init__.py": "from .cart import Cart\n",
            "shop/cart.py": "import shop\nclass Cart: pass\n",
            "shop/lonely.py": "X = 1\n",
        },
    )
    markdown = render_matrix(analyse(tmp_path / "shop", tmp_path / "out", cwd=tmp_path))
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    assert "<strong>__init__</strong>" in html
    assert "<strong>init</strong>" not in html
    per_unit = markdown.split("## Coupling per unit")[1].split("##")[0]
    row = next(line for line in per_unit.splitlines() if line.startswith("| **lonely**"))
    assert row.split("|")[8].strip() == "–" and row.split("|")[10].strip() == "–"
    document = json.loads(
        render_reports(assessment_of(analyse(tmp_path / "shop", tmp_path / "out", cwd=tmp_path)))[
            "coupling.json"
        ]
    )
    lonely = next(u for u in document["units"] if u["name"] == "lonely")
    assert (lonely["instability"], lonely["distance"]) == (None, None)


def test_a_stray_init_in_a_src_folder_is_pointed_out(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "src/__init__.py": "",
            "src/users/__init__.py": "",
            "src/billing/__init__.py": "from users import x\n",
        },
    )
    markdown = render_matrix(analyse(tmp_path / "src", tmp_path / "out", cwd=tmp_path))
    assert "**Check the scan**: imports of users find no scanned module" in markdown


def test_a_unit_wrapping_the_package_it_is_named_after_is_no_stray_init(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/redis.py": "import redis\nclient = redis.Redis()\n",
            "app/cache.py": "import redis\nfrom app.redis import client\n",
        },
    )
    markdown = render_matrix(analyse(tmp_path / "app", tmp_path / "out", cwd=tmp_path))
    assert "Check the scan" not in markdown


def test_one_unit_holding_most_files_points_to_the_units_inside(tmp_path: Path) -> None:
    apps = {
        f"shop/apps/{name}/{module}.py": "x = 1\n"
        for name in ("basket", "order", "catalogue")
        for module in ("__init__", "models", "views")
    }
    write_tree(tmp_path, {**apps, "shop/__init__.py": "", "shop/config.py": "x = 1\n"})
    markdown = render_matrix(analyse(tmp_path / "shop", tmp_path / "out", cwd=tmp_path))
    assert "unit apps holds 9 of the 11 files, in 3 parts" in markdown
    assert "`--depth 2` or `coupling scan shop/apps`" in markdown
