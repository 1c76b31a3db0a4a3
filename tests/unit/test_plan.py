"""The plan stage: a unit's plan from the assessment, each part drawn from the facts (names
crossing its boundary, data, tests, run-time links, layout, steps), and its digest."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from coupling.config.rules import load_rules
from coupling.errors import InputError
from coupling.plan import build_plan
from coupling.plan.fingerprint import fingerprint
from coupling.plan.layout import _test_path
from coupling.plan.names import by_module
from coupling.records import Assessment, ImportSite, Plan, PlanKind
from tests.support import EXAMPLE_SRC, evaluated, write_tree

RULES = load_rules().plan


@pytest.fixture(scope="module")
def example() -> Assessment:
    return evaluated(EXAMPLE_SRC)


def _plan(assessment: Assessment, unit: str) -> Plan:
    return build_plan(assessment, unit, RULES, "analysis/coupling")


def test_names_are_counted_once_per_import_statement() -> None:
    sites = [
        ("a", ImportSite("x.py", 1, "a.x", "b.models", ("User", "Team"))),
        ("a", ImportSite("y.py", 3, "a.y", "b.models", ("User",))),
        ("c", ImportSite("z.py", 9, "c.z", "b.models", ("User", "User"))),
        ("a", ImportSite("y.py", 4, "a.y", "b.api", ("call",))),
    ]
    first, second = by_module(sites)
    assert (first.module, first.statements, first.units) == ("b.models", 3, ("a", "c"))
    assert [(n.name, n.count) for n in first.names] == [("User", 3), ("Team", 1)]
    assert first.places == (("x.py", 1), ("y.py", 3), ("z.py", 9))
    assert second.module == "b.api"


@pytest.mark.parametrize(
    ("path", "moved"),
    [
        ("tests/reporting/test_routes.py", "test_routes.py"),
        ("tests/reporting/api/test_x.py", "api/test_x.py"),
        ("tests/test_reporting.py", "test_reporting.py"),
        ("src/reporting/tests/test_q.py", "test_q.py"),
    ],
)
def test_test_files_keep_what_lies_below_the_units_test_folder(path: str, moved: str) -> None:
    assert _test_path(path, "reporting") == moved


def test_the_reporting_plan_draws_every_part_from_the_facts(example: Assessment) -> None:
    plan = _plan(example, "reporting")
    assert (plan.kind, plan.rank, plan.among, plan.spec_id) == (
        PlanKind.SERVICE,
        1,
        5,
        "extract-reporting",
    )
    assert len(plan.api.endpoints) == 5
    assert plan.api.contract == () and plan.api.past_facade == 0
    assert [u.unit for u in plan.api.kernels] == ["utils"]
    assert {m.model.rpartition(".")[2] for m in plan.data.reads} == {
        "ApiKey", "LoginEvent", "Session", "Invoice", "LineItem", "Payment", "Plan",
        "Subscription", "Address", "Organization", "Team", "User",
    }  # fmt: skip
    assert plan.data.writes == ()
    (key,) = plan.data.keys
    assert (key.table, key.column, key.target_table, key.unit, key.inbound) == (
        "report_schedules",
        "owner_id",
        "users",
        "users",
        False,
    )
    (event,) = plan.runtime.events
    assert (event.name, event.publishes, event.subscribers, event.buses) == (
        "report.ready",
        True,
        ("notifications",),
        ("utils.events",),
    )
    assert plan.runtime.buses == (("utils.events", "utils"),)
    assert plan.tests.files == ("tests/reporting/test_routes.py",)
    assert plan.tests.support == ("tests/conftest.py",)
    assert [f.name for f in plan.tests.untested] == ["build_custom_report"]
    assert plan.baseline.load is not None
    assert (plan.baseline.load.p99_latency_ms, plan.baseline.load.requests_per_day) == (
        2400,
        45000,
    )
    assert plan.layout.stays == ()
    assert [s.key for s in plan.steps] == ["api", "data", "tests", "integration"]
    assert plan.steps[3].depends_on == (1, 2, 3)
    assert "p99 latency within 10% of the baseline 2,400 ms (at most 2,640 ms)" in (
        plan.steps[3].acceptance
    )


def test_what_other_units_import_stays_until_they_call_the_api(example: Assessment) -> None:
    plan = _plan(example, "billing")
    assert {s.module for s in plan.layout.stays} == {"billing.models", "billing.subscriptions"}
    assert any(m.source == "src/billing/models.py" for m in plan.layout.moves)  # and a client stays
    assert {m.module for m in plan.api.contract} == {"billing.models", "billing.subscriptions"}
    assert plan.api.past_facade == 9 and plan.api.facade == ("billing",)
    assert len(plan.data.spans) == 3
    assert {w.unit for w in plan.data.writes} == {"notifications", "users"}
    assert plan.steps[0].tasks[1].startswith("Run `coupling seal billing --apply` first")


def test_a_shared_kernel_is_planned_as_a_library(example: Assessment) -> None:
    plan = _plan(example, "utils")
    assert (plan.kind, plan.layout.root, plan.spec_id) == (
        PlanKind.LIBRARY,
        "libs/utils",
        "publish-utils",
    )
    assert [s.key for s in plan.steps] == ["api", "package", "tests", "release"]
    assert plan.layout.stays == ()
    assert "auth, billing, notifications, reporting, users depend on the published version" in (
        plan.steps[3].acceptance
    )


def test_an_unranked_unit_has_nothing_to_move(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "src",
        {
            "a/__init__.py": "from b import work\n\n\ndef more():\n    return work()\n",
            "b/__init__.py": "def work():\n    return 1\n",
            "empty/__init__.py": "",
        },
    )
    with pytest.raises(InputError, match="empty is an empty package: nothing to move"):
        _plan(evaluated(root), "empty")


def test_the_digest_leaves_lines_out(example: Assessment) -> None:
    plan = _plan(example, "reporting")
    moved = dataclasses.replace(
        plan,
        tests=dataclasses.replace(
            plan.tests,
            untested=tuple(dataclasses.replace(f, line=f.line + 7) for f in plan.tests.untested),
        ),
        verdict=dataclasses.replace(
            plan.verdict,
            risks=dataclasses.replace(
                plan.verdict.risks,
                findings=tuple(
                    dataclasses.replace(f, samples=tuple(s + "0" for s in f.samples))
                    for f in plan.verdict.risks.findings
                ),
            ),
        ),
    )
    assert fingerprint(moved) == fingerprint(plan)
    fewer = dataclasses.replace(plan, tests=dataclasses.replace(plan.tests, support=()))
    assert fingerprint(fewer) != fingerprint(plan)
