"""`coupling plan UNIT`: the extraction brief on the example monolith, its specs, its JSON, its
bad inputs, and `coupling check` keeping a committed plan up to date.

Imports: coupling.cli (plan, check, scan) through the CLI runner and as a subprocess; the
example's committed plan and specs; PyYAML to read the specs' front matter back.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.functional.conftest import Run
from tests.support import EXAMPLE, REPO, write_tree

Repo = Callable[..., Path]

PLAN = EXAMPLE / "analysis" / "coupling" / "plans" / "reporting.md"
SPECS = EXAMPLE / "analysis" / "specs"


def _plan_example(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coupling", "plan", *args, "--no-cache"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_committed_plan_and_specs_are_what_a_fresh_run_writes(tmp_path: Path) -> None:
    done = _plan_example(
        "reporting",
        "examples/techcorp/src",
        "--out",
        str(tmp_path / "reporting.md"),
        "--specs",
        str(tmp_path / "specs"),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == f"Wrote {tmp_path}/reporting.md"
    fix = "stale: run `coupling plan reporting examples/techcorp/src --specs examples/techcorp/analysis/specs`"
    assert (tmp_path / "reporting.md").read_text() == PLAN.read_text(), fix
    written = sorted(p.name for p in (tmp_path / "specs").iterdir())
    assert written == sorted(p.name for p in SPECS.iterdir())
    for name in written:
        assert (tmp_path / "specs" / name).read_text() == (SPECS / name).read_text(), fix


def _section(text: str, title: str) -> str:
    start = text.index(f"\n## {title}")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else None]


def test_the_reporting_plan_names_what_a_team_needs() -> None:
    text = PLAN.read_text()
    api = _section(text, "2. API extraction")
    for path in ("daily", "weekly", "custom", "export", "schedule"):
        assert f"`/reports/{path}`" in api
    assert "### Endpoints that move (5)" in api
    data = _section(text, "3. Data migration")
    assert "### Models of other units it reads (12)" in data
    read = re.findall(r"^\| \w+ +\| `(\w+\.models\.\w+)`", data, re.MULTILINE)
    assert sorted(read) == [
        "auth.models.ApiKey",
        "auth.models.LoginEvent",
        "auth.models.Session",
        "billing.models.Invoice",
        "billing.models.LineItem",
        "billing.models.Payment",
        "billing.models.Plan",
        "billing.models.Subscription",
        "users.models.Address",
        "users.models.Organization",
        "users.models.Team",
        "users.models.User",
    ]
    assert (
        "### Models of other units it writes (0)\n\nNone: it writes no table of another unit."
        in data
    )
    assert "`report_schedules.owner_id`" in data
    runtime = _section(text, "5. Runtime coupling")
    assert "| `report.ready` | publishes | notifications subscribe | `utils.events` |" in " ".join(
        runtime.split()
    ).replace("| ", "| ")
    assert "### In-process buses it relies on" in runtime
    assert "tests/reporting/test\\_routes.py" in _section(text, "4. Tests")
    baseline = _section(text, "6. Baseline to beat")
    assert "2,400 ms" in baseline and "45k (45,000)" in baseline
    summary = _section(text, "1. Summary").strip().splitlines()
    assert len(summary) - 2 <= 15  # the heading and its blank line aside


def test_the_specs_parse_as_front_matter_and_markdown() -> None:
    specs = {path.name: path.read_text() for path in SPECS.iterdir()}
    assert sorted(specs) == sorted(f"extract-reporting{n}.md" for n in ("", ".1", ".2", ".3", ".4"))
    parsed = {}
    for name, text in specs.items():
        assert text.startswith("---\n")
        front, body = text[4:].split("\n---\n", 1)
        fields = yaml.safe_load(front)
        assert fields["status"] == "pending"
        assert all(isinstance(f, str) for f in fields.get("informed_by", []))
        assert all(isinstance(f, str) for f in fields.get("target_files", []))
        for section in ("## Problem", "## Tasks", "## Acceptance Criteria"):
            assert f"\n{section}\n" in body
        parsed[name.removesuffix(".md")] = fields
    driver = parsed["extract-reporting"]
    assert driver["type"] == "driver"
    assert driver["members"] == [f"extract-reporting.{n}" for n in range(1, 5)]
    assert "analysis/coupling/extraction-candidates.md" in driver["informed_by"]
    assert [parsed[m]["parent"] for m in driver["members"]] == ["extract-reporting"] * 4
    assert parsed["extract-reporting.4"]["depends_on"] == driver["members"][:3]
    assert "src/reporting/routes.py" in parsed["extract-reporting.1"]["informed_by"]
    assert (
        "services/reporting/tests/test_routes.py" in parsed["extract-reporting.3"]["target_files"]
    )


def test_plan_writes_to_the_report_folder_and_says_where(techcorp: Repo, run: Run) -> None:
    repo = techcorp()
    done = run("plan", "billing")
    assert done.exit_code == 0, done.output
    assert done.stdout == "Wrote analysis/coupling/plans/billing.md\n"
    text = (repo / "analysis" / "coupling" / "plans" / "billing.md").read_text()
    assert text.startswith("# Extraction plan: billing\n")
    assert re.search(r"<!-- coupling plan billing · facts [0-9a-f]{16} -->\n$", text)
    assert "`coupling seal billing --apply`" in text  # others reach past its facade
    again = run("plan", "billing", "--no-cache")
    assert again.exit_code == 0
    assert (repo / "analysis" / "coupling" / "plans" / "billing.md").read_text() == text


def test_plan_json_is_the_record_with_the_digest_of_its_facts(techcorp: Repo, run: Run) -> None:
    repo = techcorp()
    done = run("plan", "reporting", "--json")
    assert done.exit_code == 0, done.output
    document = json.loads(done.stdout)
    assert document["schema"] == 1
    plan = document["plan"]
    assert (plan["unit"], plan["kind"], plan["rank"]) == ("reporting", "service", 1)
    assert len(plan["data"]["reads"]) == 12
    assert plan["baseline"]["load"]["p99_latency_ms"] == 2400
    committed = (repo / "analysis" / "coupling" / "plans" / "reporting.md").read_text()
    assert committed.rstrip().endswith(f"facts {document['facts']} -->")


def test_a_shared_kernel_gets_a_plan_to_publish_it_as_a_library(techcorp: Repo, run: Run) -> None:
    repo = techcorp()
    assert run("plan", "utils").exit_code == 0
    text = (repo / "analysis" / "coupling" / "plans" / "utils.md").read_text()
    assert text.startswith("# Library plan: utils\n")
    assert "publish it as a versioned library" in text
    assert "`coupling seal utils --apply`" in text
    assert "libs/utils/src/utils/dates.py" in text
    assert "### .4 Release and switch (after .1, .2, .3)" in text


def test_an_unknown_unit_names_the_closest(techcorp: Repo, run: Run) -> None:
    techcorp()
    done = run("plan", "reportin")
    assert done.exit_code == 2
    assert done.stderr == "coupling: error: src: no unit 'reportin' here; the closest: reporting\n"


def test_a_unit_with_nothing_to_move_is_refused(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(
        tmp_path,
        {
            "src/shop/__init__.py": "from .orders import x\n",
            "src/shop/orders/__init__.py": "x = 1\n",
            "src/shop/users/__init__.py": "from shop.orders import x\n\ny = x + 1\n",
            "src/shop/empty/__init__.py": "",
        },
    )
    monkeypatch.chdir(tmp_path)
    facade = run("plan", "__init__", "src/shop", "--no-cache")
    assert facade.exit_code == 2
    assert facade.stderr == (
        "coupling: error: src/shop: __init__ is the package's own __init__ (its names belong "
        "to the units it re-exports): nothing to move; plan a ranked unit instead (users, orders)\n"
    )
    empty = run("plan", "empty", "src/shop", "--no-cache")
    assert empty.exit_code == 2
    assert "empty is an empty package: nothing to move" in empty.stderr
    assert not (tmp_path / "analysis" / "coupling" / "plans").exists()


def test_check_finds_a_committed_plan_stale_when_its_facts_change(techcorp: Repo, run: Run) -> None:
    repo = techcorp()
    queries = repo / "src" / "reporting" / "queries.py"
    queries.write_text("# moved down\n\n" + queries.read_text())  # lines move: not stale
    assert run("check").exit_code == 0
    write_tree(repo, {"tests/reporting/test_builders.py": "def test_nothing():\n    pass\n"})
    done = run("check")
    assert done.exit_code == 1
    assert done.stdout == (
        "coupling check: 1 problem against analysis/coupling/coupling.json\n"
        "  stale: the plan of reporting is stale: its facts changed "
        "(analysis/coupling/plans/reporting.md)\n"
        "The reports are stale. Run `coupling scan` and commit the reports.\n"
    )
    assert run("plan", "reporting").exit_code == 0
    assert run("check").exit_code == 0


def test_a_scan_keeps_committed_plans_up_to_date(techcorp: Repo, run: Run) -> None:
    repo = techcorp()
    plan = repo / "analysis" / "coupling" / "plans" / "reporting.md"
    before = plan.read_text()
    write_tree(repo, {"tests/reporting/test_builders.py": "def test_nothing():\n    pass\n"})
    scanned = run("scan")
    assert scanned.exit_code == 0
    assert ", plans/reporting.md, " in scanned.stdout.splitlines()[0]  # named in its folder
    after = plan.read_text()
    assert after != before and "tests/reporting/test\\_builders.py" in after
    assert run("check").exit_code == 0


def test_a_plan_of_no_unit_is_stale(techcorp: Repo, run: Run) -> None:
    repo = techcorp()
    write_tree(repo, {"analysis/coupling/plans/gone.md": "# Extraction plan: gone\n"})
    done = run("check")
    assert done.exit_code == 1
    assert (
        "  stale: no plan can be made for gone here (no such unit, or nothing to move): delete it "
        "(analysis/coupling/plans/gone.md)\n" in done.stdout
    )
