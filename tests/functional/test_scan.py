"""`coupling scan` on small asset projects: one behaviour each."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from coupling.facts.newer import newer_python
from tests.functional.conftest import Run


def _json(root: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(
        (root / "analysis" / "coupling" / "coupling.json").read_text()
    )
    return document


def test_a_cycle_is_reported_with_the_import_that_closes_it(
    asset: Callable[[str], Path], run: Run
) -> None:
    """cycle_pair: orders.service imports customers.accounts (module level, line 1);
    customers.accounts imports orders.service inside a method (line 5)."""
    root = asset("cycle_pair")
    result = run("scan", "src")
    assert result.exit_code == 0, result.output
    assert (
        "2 units · 4 files · 2 import statements (2 between units) · 1 cycle in 1 group"
        in result.stdout
    )
    report = (root / "analysis" / "coupling" / "dependency-matrix.md").read_text()
    hops = {
        cells[0]: cells[1:]
        for line in report.split("<details>")[1].split("</details>")[0].splitlines()
        if "→" in line
        for cells in [[cell.strip() for cell in line.split("|")[1:-1]]]
    }
    assert hops == {
        "customers → orders": [
            "1",
            "`customers.accounts`",
            "src/customers/accounts.py:5",
            "no (only in functions, TYPE_CHECKING or by name)",
            "1",
        ],
        "orders → customers": ["1", "`orders.service`", "src/orders/service.py:1", "yes", "1"],
    }
    cycles = _json(root)["cycles"]
    assert cycles["groups"] == [["customers", "orders"]]
    assert len(cycles["breakers"]) == 1


def test_a_package_scan_shows_imports_of_the_rest_of_the_package(
    asset: Callable[[str], Path], run: Run
) -> None:
    """package_layout: shop/apps/cart/checkout.py imports shop.settings (outside apps) and
    shop.apps.orders.models; shop/apps/orders/models.py imports ...settings (outside)."""
    root = asset("package_layout")
    assert run("scan", "shop/apps").exit_code == 0
    document = _json(root)
    assert document["scope"] == {
        "path": "shop/apps",
        "layout": "package",
        "package": "shop.apps",
        "depth": 1,
        "units_from": "depth 1 below PATH",
    }
    units = {u["name"]: u for u in document["units"]}
    assert sorted(units) == ["__init__", "cart", "orders"]
    assert (units["cart"]["outside_imports"], units["orders"]["outside_imports"]) == (1, 1)
    assert units["cart"]["fan_out"] == 1
    report = (root / "analysis" / "coupling" / "dependency-matrix.md").read_text()
    assert "Imports of the rest of the enclosing package `shop`" in report


def test_newer_syntax_is_read_by_libcst_and_counted(asset: Callable[[str], Path], run: Run) -> None:
    """newer_syntax: api/views.py (PEP 695 + PEP 701 syntax) imports store.rows on line 1."""
    root = asset("newer_syntax")
    (root / "coupling.toml").write_text('newer_python = "none"\n')
    assert run("scan", "src").exit_code == 0
    document = _json(root)
    assert document["accounting"]["parsed_with_libcst"] == 1
    assert "parsed_with_a_newer_python" not in document["accounting"]
    assert document["dependencies"][0]["evidence"][0] | {"names": []} == {
        "file": "src/api/views.py",
        "line": 1,
        "importer": "api.views",
        "imported": "store.rows",
        "names": [],
        "type_checking": False,
        "in_function": False,
        "by_name": False,
    }


def test_an_unparsable_file_is_listed_and_the_scan_goes_on(
    asset: Callable[[str], Path], run: Run
) -> None:
    """broken_file: app/__init__.py imports lib (line 1); app/broken.py has a syntax error on line 4."""
    root = asset("broken_file")
    result = run("scan", "src")
    assert result.exit_code == 0
    assert "1 file(s) or folder(s) left out" in result.stderr
    report = (root / "analysis" / "coupling" / "dependency-matrix.md").read_text()
    assert "| src/app/broken.py:4 | syntax error: invalid syntax |" in " ".join(
        report.split(" ")
    ).replace("  ", "")
    assert _json(root)["dependencies"][0]["imports"] == 1


def test_type_checking_imports_count_and_are_marked(asset: Callable[[str], Path], run: Run) -> None:
    """type_checking: billing/charges.py imports users.models under `if TYPE_CHECKING:` (line 6)."""
    root = asset("type_checking")
    assert run("scan", "src", "-q").exit_code == 0
    (dependency,) = _json(root)["dependencies"]
    assert (dependency["importer"], dependency["imported"], dependency["imports"]) == (
        "billing",
        "users",
        1,
    )
    assert dependency["evidence"][0]["type_checking"] is True


def test_namespace_packages_are_units_too(asset: Callable[[str], Path], run: Run) -> None:
    """namespace_units: plugins/ has no __init__.py; plugins/loader.py imports core.registry,
    plugins/exporters/csv.py imports core (registry is a module, so core.registry)."""
    root = asset("namespace_units")
    assert run("scan", "src").exit_code == 0
    document = _json(root)
    assert document["matrix"]["order"] == ["plugins", "core"]
    assert document["dependencies"][0]["imports"] == 2


def test_html_is_written_when_asked_and_kept_up_to_date(
    asset: Callable[[str], Path], run: Run
) -> None:
    root = asset("cycle_pair")
    out = root / "analysis" / "coupling"
    assert run("scan", "src", "-q").exit_code == 0
    assert not (out / "report.html").exists()
    result = run("scan", "src", "--html")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "Wrote coupling.json, dependency-matrix.md, extraction-candidates.md, report.html, "
        "risk-assessment.md to analysis/coupling/\n"
    )
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and '"name":"customers"' in page
    # Once there, a scan without --html keeps it in step with the markdown.
    (root / "src" / "orders" / "extra.py").write_text("from customers import accounts\n")
    assert run("scan", "src", "-q").exit_code == 0
    again = (out / "report.html").read_text(encoding="utf-8")
    assert again != page and '"orders.extra"' in again


def test_a_scan_of_unchanged_facts_finds_its_reports_up_to_date(
    asset: Callable[[str], Path], run: Run
) -> None:
    root = asset("cycle_pair")
    out = root / "analysis" / "coupling"
    first = run("scan", "src")
    assert first.stdout.startswith("Wrote ")
    written = {path.name: path.stat().st_mtime_ns for path in out.iterdir()}
    again = run("scan", "src")
    assert again.exit_code == 0, again.output
    assert again.stdout.startswith("Up to date: coupling.json, dependency-matrix.md, ")
    assert again.stdout.splitlines()[1:] == first.stdout.splitlines()[1:]  # the same summary
    assert {path.name: path.stat().st_mtime_ns for path in out.iterdir()} == written
    # A report changed by hand, or asked for anew (--html), is written again.
    matrix = out / "dependency-matrix.md"
    text = matrix.read_text(encoding="utf-8")
    matrix.write_text(text + "edited\n", encoding="utf-8")
    assert run("scan", "src", "-q").exit_code == 0
    assert matrix.read_text(encoding="utf-8") == text
    assert run("scan", "src", "--html").stdout.startswith("Wrote ")
    assert run("scan", "src").stdout.startswith("Up to date: ")
    # A changed fact is analysed again.
    (root / "src" / "orders" / "extra.py").write_text("from customers import accounts\n")
    assert run("scan", "src").stdout.startswith("Wrote ")


@pytest.mark.skipif(newer_python("auto") is None, reason="no Python newer than this one here")
def test_newer_syntax_is_read_by_a_newer_python_with_every_fact(
    asset: Callable[[str], Path], run: Run
) -> None:
    root = asset("newer_syntax")
    assert run("scan", "src").exit_code == 0
    document = _json(root)
    accounting = document["accounting"]
    assert accounting["parsed_with_a_newer_python"] == ["src/api/views.py"]
    assert accounting["parsed_with_libcst"] == 0
    assert accounting["partial"] == []  # complexity and the rest, as ast gives them
    assert document["dependencies"][0]["evidence"][0]["imported"] == "store.rows"
    matrix = (root / "analysis" / "coupling" / "dependency-matrix.md").read_text()
    assert "Read by a newer Python's parser (1)</summary>\n\n- src/api/views.py" in matrix
