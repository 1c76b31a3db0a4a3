"""Real projects nobody tuned the tool on (tests/real-packages.txt), scanned as a new user would:
the units, roles and data facts a maintainer would sign. The packages are copied, never
imported."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.functional.conftest import Run

RANKED_ROLES = {"leaf", "hub", "core", "isolated"}


def _copy(package: str, into: Path) -> Path:
    spec = importlib.util.find_spec(package)  # finds the folder; runs none of its code
    assert spec is not None and spec.submodule_search_locations, f"make test installs {package}"
    return Path(shutil.copytree(spec.submodule_search_locations[0], into / package))


def _scan(run: Run, path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.chdir(path.parent)
    done = run("scan", path.name, "-q", "--no-cache")
    assert done.exit_code == 0, done.output
    document: dict[str, Any] = json.loads(
        (path.parent / "analysis" / "coupling" / "coupling.json").read_text()
    )
    return document


@pytest.fixture(scope="module")
def httpie(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _copy("httpie", tmp_path_factory.mktemp("real"))


@pytest.fixture(scope="module")
def oscar(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _copy("oscar", tmp_path_factory.mktemp("real")) / "apps"


def _roles(document: dict[str, Any]) -> dict[str, str]:
    return {unit["name"]: unit["role"] for unit in document["units"]}


def _ranked(document: dict[str, Any]) -> list[str]:
    return [entry["unit"] for entry in document["scores"]["ranking"]]


def test_httpie_ranks_its_parts_not_its_facade_entry_or_kernels(
    httpie: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = _scan(run, httpie, monkeypatch)
    roles, ranked = _roles(document), _ranked(document)
    assert (roles["__init__"], roles["__main__"]) == ("facade", "entry point")
    assert {"__init__", "__main__"}.isdisjoint(ranked)
    assert not any(role == "shim" for role in roles.values())
    # utils and compat: imported by about half the units, importing almost nothing back.
    libraries = [entry["unit"] for entry in document["scores"]["libraries"]]
    assert sorted(libraries) == ["compat", "utils"]
    assert {roles["utils"], roles["compat"]} == {"shared kernel"}
    # The subsystems a maintainer names, before the single modules.
    kinds = [entry["kind"] for entry in document["scores"]["ranking"]]
    assert kinds == sorted(kinds, key=lambda kind: kind == "module")
    assert {"cli", "output", "plugins", "manager"} <= {
        e["unit"] for e in document["scores"]["ranking"] if e["kind"] == "subsystem"
    }


def test_httpie_says_it_is_a_cli_and_what_it_could_not_assess(
    httpie: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    _scan(run, httpie, monkeypatch)
    reports = httpie.parent / "analysis" / "coupling"
    for report in ("dependency-matrix.md", "extraction-candidates.md", "risk-assessment.md"):
        head = (reports / report).read_text().split("\n## ")[0]
        assert "**Evidence.** Read: " in head
        assert "git history: no git repository here" in head
        assert "**library or a CLI tool**" in head
    risks = json.loads((reports / "coupling.json").read_text())["risks"]
    lacking = {item["lacking"] for unit in risks for item in unit["not_assessed"]}
    assert "ORM models or SQL" in lacking and "git history" in lacking


def test_one_role_per_unit_in_every_output(
    httpie: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = _scan(run, httpie, monkeypatch)
    roles = _roles(document)
    for entry in (*document["scores"]["ranking"], *document["scores"]["libraries"]):
        assert entry["role"] == roles[entry["unit"]]
    matrix = (httpie.parent / "analysis" / "coupling" / "dependency-matrix.md").read_text()
    per_unit = matrix.split("## Coupling per unit")[1].split("\n## ")[0]
    for name, role in roles.items():
        escaped = name.replace("_", "\\_")
        row = next(line for line in per_unit.splitlines() if f"**{escaped}**" in line)
        assert row.rstrip(" |").endswith(role)
    used = set(roles.values())
    assert all(f"- **{role}**:" in per_unit for role in used)  # each defined where it is used


def test_imports_to_cut_close_cycles_between_units_and_match_the_highlights(
    httpie: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = _scan(run, httpie, monkeypatch)
    groups = [set(group) for group in document["cycles"]["groups"]]
    breakers = document["cycles"]["breakers"]
    assert breakers
    assert all(any(set(b["units"]) <= group for group in groups) for b in breakers)
    matrix = (httpie.parent / "analysis" / "coupling" / "dependency-matrix.md").read_text()
    said = sum(
        int(line.split("cutting ")[1].split(" module import")[0])
        for line in matrix.splitlines()
        if "import each other in a circle" in line
    )
    assert said == len(breakers)


def test_oscar_apps_are_the_units_with_their_data_and_urls(
    oscar: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(oscar.parent.parent)
    done = run("scan", "oscar/apps", "-q", "--no-cache")
    assert done.exit_code == 0, done.output
    document = json.loads((oscar.parent.parent / "analysis/coupling/coupling.json").read_text())
    roles = _roles(document)
    apps = {"basket", "catalogue", "checkout", "customer", "dashboard", "order", "partner"}
    assert apps <= set(_ranked(document)) | {e["unit"] for e in document["scores"]["libraries"]}
    assert roles["__init__"] == "facade"
    assert "migrations" not in roles.values()  # an app's migrations are evidence of its data
    migrations = {m["unit"]: m["files"] for m in document["migrations"]}
    assert migrations["catalogue"] >= 20 and migrations["order"] >= 10
    matrix = (oscar.parent.parent / "analysis/coupling/dependency-matrix.md").read_text()
    assert "- **catalogue** is the database hub: " in matrix
    endpoints = [e for e in document["endpoints"] if e["unit"] == "dashboard"]
    assert len(endpoints) >= 50  # routes built in apps' get_urls(), not only urlpatterns
    # checkout loads order's classes by name (get_class): a dependency, at run time.
    checkout_order = next(
        d
        for d in document["dependencies"]
        if (d["importer"], d["imported"]) == ("checkout", "order")
    )
    assert any(site["by_name"] for site in checkout_order["evidence"])
    assert all(role in RANKED_ROLES | {"shared kernel", "facade"} for role in roles.values())
