"""report.html in headless Chromium, opened from disk with the network blocked: no error, the
heatmap has the matrix's rows and counts, a click shows a cell's imports, screenshots."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.browser.conftest import CASES, SCREENSHOTS, Offline, Scanned, matrix_rows

EMPTY_CELL = [241, 243, 246, 255]  # the grey of a cell without imports


def click_cell(offline: Offline, i: int, j: int) -> None:
    """A real mouse click at the cell's place on the canvas, scrolled into view."""
    point = offline.page.evaluate(f"window.__report.revealCell({i}, {j})")
    offline.page.mouse.click(point["x"], point["y"])


def evidence(document: dict[str, Any], importer: str, imported: str) -> list[dict[str, Any]]:
    return next(
        d["evidence"]
        for d in document["dependencies"]
        if d["importer"] == importer and d["imported"] == imported
    )


@pytest.mark.parametrize("name", CASES)
def test_the_page_opens_offline_with_no_error(
    offline: Offline, scans: dict[str, Scanned], name: str
) -> None:
    scanned = scans[name]
    start = time.perf_counter()
    offline.open(scanned.page)
    elapsed = time.perf_counter() - start
    offline.assert_clean()
    assert offline.requests == [scanned.page.resolve().as_uri()]  # the page, and nothing else
    assert elapsed < 15, f"{name} took {elapsed:.1f} s to draw"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    offline.page.screenshot(path=SCREENSHOTS / f"{name}-top.png")


@pytest.mark.parametrize("name", CASES)
def test_the_heatmap_has_one_row_per_unit_with_the_counts_of_the_matrix(
    offline: Offline, scans: dict[str, Scanned], name: str
) -> None:
    document = scans[name].document()
    offline.open(scans[name].page)
    page = offline.page
    order = document["matrix"]["order"]
    assert page.evaluate("window.__report.order") == order
    assert page.get_attribute("#dsm", "data-units") == str(len(order))
    assert page.evaluate("window.__report.rowLengths()") == [len(order)] * len(order)
    rows = matrix_rows(document)
    painted = page.evaluate("window.__report.paintedCells()")
    assert painted == [[i, j, c] for i, row in enumerate(rows) for j, c in enumerate(row) if c]
    if len(order) <= 60:  # row by row as well, where that is cheap
        assert (
            page.evaluate("window.__report.order.map((_, i) => window.__report.rowCounts(i))")
            == rows
        )
    # What is painted is what is counted: an empty cell keeps the background grey.
    full = next((i, j) for i, row in enumerate(rows) for j, c in enumerate(row) if c)
    empty = next(
        (i, j) for i, row in enumerate(rows) for j, c in enumerate(row) if not c and i != j
    )
    pixel = """([i, j]) => {
        const c = document.getElementById('dsm'), r = window.__report.revealCell(i, j);
        const box = c.getBoundingClientRect(), k = window.devicePixelRatio;
        return Array.from(c.getContext('2d').getImageData(
            Math.floor((r.x - box.left) * k), Math.floor((r.y - box.top) * k), 1, 1).data);
    }"""
    assert page.evaluate(pixel, list(empty)) == EMPTY_CELL
    assert page.evaluate(pixel, list(full)) != EMPTY_CELL
    offline.assert_clean()


@pytest.mark.parametrize("name", CASES)
def test_clicking_a_cell_lists_its_imports_with_file_and_line(
    offline: Offline, scans: dict[str, Scanned], name: str
) -> None:
    document = scans[name].document()
    offline.open(scans[name].page)
    page = offline.page
    order, rows = document["matrix"]["order"], matrix_rows(document)
    size = len(rows)
    busiest = max(
        ((i, j) for i in range(size) for j in range(size)), key=lambda ij: rows[ij[0]][ij[1]]
    )
    closing = [(i, j) for i in range(size) for j in range(i) if rows[i][j]][:1]
    for i, j in [busiest, *closing]:
        click_cell(offline, i, j)
        assert page.evaluate("window.__report.selected()") == [i, j]
        panel = page.locator("#cell-panel")
        assert (panel.get_attribute("data-row"), panel.get_attribute("data-column")) == (
            str(i),
            str(j),
        )
        assert f"{order[i]} → {order[j]}" in panel.locator("h3").inner_text()
        statements = rows[i][j]
        assert f"{statements} import statement{'s' if statements > 1 else ''}" in panel.inner_text()
        sites = evidence(document, order[i], order[j])
        items = panel.locator("#cell-evidence li")
        assert items.count() == len(sites)
        first = sites[0]
        assert items.first.inner_text().startswith(
            f"{first['file']}:{first['line']} {first['importer']} → {first['imported']}"
        )
        assert ("closes a cycle" in panel.inner_text()) == (j < i)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=SCREENSHOTS / f"{name}-matrix.png")
    offline.assert_clean()


def test_clicking_an_empty_cell_says_so(offline: Offline, scans: dict[str, Scanned]) -> None:
    document = scans["example"].document()
    offline.open(scans["example"].page)
    rows, order = matrix_rows(document), document["matrix"]["order"]
    i, j = next((i, j) for i, row in enumerate(rows) for j, c in enumerate(row) if not c and i != j)
    click_cell(offline, i, j)
    text = offline.page.locator("#cell-panel").inner_text()
    assert text.endswith(f"{order[i]} does not import {order[j]}.")


@pytest.mark.parametrize("name", CASES)
def test_cycle_groups_are_outlined_in_red(
    offline: Offline, scans: dict[str, Scanned], name: str
) -> None:
    document = scans[name].document()
    offline.open(scans[name].page)
    order = document["matrix"]["order"]
    boxes = offline.page.evaluate("window.__report.groupBoxes()")
    # Levelised order keeps each cycle group contiguous: one box per group.
    assert sorted((b["first"], b["last"]) for b in boxes) == sorted(
        (min(order.index(u) for u in g), max(order.index(u) for u in g))
        for g in document["cycles"]["groups"]
    )
    for box in boxes:  # the outline's colour, half-way down its left side
        red, green, blue, _ = offline.page.evaluate(
            """(b) => Array.from(document.getElementById('dsm').getContext('2d').getImageData(
                Math.floor(b.x * devicePixelRatio), Math.floor((b.y + b.h / 2) * devicePixelRatio),
                1, 1).data)""",
            box,
        )
        assert red > 140 and green < 90 and blue < 90


@pytest.mark.parametrize("name", CASES)
def test_graph_ranking_risks_and_unit_panels_cover_the_reports(
    offline: Offline, scans: dict[str, Scanned], name: str
) -> None:
    document = scans[name].document()
    offline.open(scans[name].page)
    page = offline.page
    units = len(document["matrix"]["order"])
    scores = document["scores"]
    assert page.locator("#ranking-table tbody tr").count() == len(scores["ranking"]) + len(
        scores["libraries"]
    )
    factors = len(scores["ranking"][0]["factors"])
    assert page.locator("#ranking-table thead th").count() == 4 + factors
    findings = sum(len(r["findings"]) for r in document["risks"])
    assert page.locator("#risk-table tbody tr").count() == max(findings, 1)
    assert page.locator("details.unit-panel").count() == units
    graph = page.evaluate("window.__report.graph()")
    assert graph["nodes"] == min(units, 40) == page.locator("#graph-scroll g.node").count()
    assert page.locator("#graph-scroll path[data-imports]").count() == graph["edges"]
    if units > 40:
        assert f"most coupled of {units} units" in page.locator("#graph-note").inner_text()
    # Each edge drawn is a cell of the matrix, styled by whether it lies in a cycle group.
    rows = matrix_rows(document)
    order = document["matrix"]["order"]
    group = {u: g for g, members in enumerate(document["cycles"]["groups"]) for u in members}
    drawn = page.evaluate(
        """Array.from(document.querySelectorAll('#graph-scroll path[data-imports]'), (p) =>
            [+p.dataset.source, +p.dataset.target, +p.dataset.imports, p.getAttribute('class')])"""
    )
    for source, target, imports, css in drawn:
        assert rows[source][target] == imports
        inside = group.get(order[source], -1) == group.get(order[target], -2)
        assert css == "edge " + ("back" if target < source else "cycle" if inside else "plain")
    # A unit link opens its panel, filled when first opened.
    best = scores["ranking"][0]["unit"]
    page.locator("#ranking-table tbody tr").first.locator("a.unit").click()
    panel = page.locator(f"details.unit-panel[data-unit='{best}']")
    assert panel.get_attribute("open") is not None
    assert panel.locator(".factor-row").count() == factors
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for section in ("graph", "ranking", "risks", "cycles"):
        page.locator(f"#{section}").screenshot(path=SCREENSHOTS / f"{name}-{section}.png")
    panel.screenshot(path=SCREENSHOTS / f"{name}-unit.png")
    offline.assert_clean()


def test_zoomed_in_at_500_units_a_click_still_hits_its_cell(
    offline: Offline, scans: dict[str, Scanned]
) -> None:
    document = scans["synthetic-500"].document()
    offline.open(scans["synthetic-500"].page)
    page = offline.page
    before = float(page.get_attribute("#dsm", "data-cell-size") or 0)
    for _ in range(3):
        page.click("#zoom-in")
    assert float(page.get_attribute("#dsm", "data-cell-size") or 0) >= 3 * before
    rows, order = matrix_rows(document), document["matrix"]["order"]
    i, j = next((i, j) for i in range(300, 500) for j in range(i + 1, 500) if rows[i][j])
    click_cell(offline, i, j)
    assert page.evaluate("window.__report.selected()") == [i, j]
    assert f"{order[i]} → {order[j]}" in page.locator("#cell-panel h3").inner_text()
    point = page.evaluate(f"window.__report.revealCell({i}, {j})")
    page.mouse.move(point["x"], point["y"])
    assert page.locator("#dsm-hover").inner_text().startswith(f"{order[i]} → {order[j]}: ")
    page.screenshot(path=SCREENSHOTS / "synthetic-500-zoomed.png")
    offline.assert_clean()


def test_a_full_page_screenshot_of_the_example(offline: Offline, scans: dict[str, Scanned]) -> None:
    offline.open(scans["example"].page)
    offline.page.locator("details.unit-panel").first.locator("summary").click()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    offline.page.screenshot(path=SCREENSHOTS / "example-full.png", full_page=True)
    offline.assert_clean()
