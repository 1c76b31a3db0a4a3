"""Each risk detector: it triggers on the evidence it is for, and only then."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from coupling.config import Flags, load_settings
from coupling.errors import ConfigError
from coupling.records import Assessment, UnitRisks
from coupling.render.reports import render_reports
from tests.support import EXAMPLE_SRC, evaluated, write_tree
from tests.unit.test_render import table_shapes

# Code of its own: a unit that only imports is a shim, and shims are not ranked.
CODE = "\ndef work():\n    return 1\n"


def _risks(assessment: Assessment) -> dict[str, UnitRisks]:
    return {r.unit: r for r in assessment.risks}


def _ids(risks: UnitRisks) -> set[str]:
    return {f.id for f in risks.findings}


@pytest.fixture(scope="module")
def example() -> Assessment:
    return evaluated(EXAMPLE_SRC)


def test_reporting_is_medium_with_data_consistency_and_query_performance(
    example: Assessment,
) -> None:
    reporting = _risks(example)["reporting"]
    assert reporting.level == "MEDIUM"
    assert [f.title for f in reporting.findings[:2]] == ["Data consistency", "Query performance"]
    consistency = reporting.findings[0]
    assert (consistency.likelihood, consistency.impact) == ("Medium", "High")
    assert consistency.samples[0].startswith("src/reporting/models.py:")


def test_billing_is_high_with_transaction_consistency_and_the_cycle(example: Assessment) -> None:
    billing = _risks(example)["billing"]
    assert billing.level == "HIGH"
    assert {"CPL-R002", "CPL-R004"} <= _ids(billing)
    transaction = next(f for f in billing.findings if f.id == "CPL-R002")
    assert "src/billing/subscriptions.py:94" in transaction.samples
    assert "write notifications, users" in transaction.evidence


def test_the_top_three_by_default_and_more_with_risks(example: Assessment) -> None:
    assert [r.unit for r in example.risks] == ["reporting", "billing", "notifications"]
    assert len(evaluated(EXAMPLE_SRC, risks=5).risks) == 5


CLEAN = {
    "api/__init__.py": "from core import service\n@router.get('/x')\ndef x():\n    return service.run()\n",
    "core/__init__.py": "",
    "core/service.py": "def run():\n    return 1\n",
}


def test_a_clean_leaf_has_no_risks(tmp_path: Path) -> None:
    risks = _risks(evaluated(write_tree(tmp_path / "src", CLEAN)))
    assert risks["api"].findings == () and risks["api"].level == "LOW"


@pytest.mark.parametrize(
    ("files", "unit", "risk"),
    [
        (
            {
                "db/__init__.py": "from sqlalchemy.orm import DeclarativeBase\nclass Base(DeclarativeBase): pass\n",
                "a/__init__.py": "from sqlalchemy import ForeignKey, Column\nfrom db import Base\nclass A(Base):\n    __tablename__ = 'a'\n    b_id = Column(ForeignKey('b.id'))\n",
                "b/__init__.py": "from db import Base\nclass B(Base):\n    __tablename__ = 'b'\n",
            },
            "a",
            "CPL-R001",
        ),
        (
            {
                "db/__init__.py": "from sqlalchemy.orm import DeclarativeBase\nclass Base(DeclarativeBase): pass\ndef transaction(): ...\n",
                "a/__init__.py": "from db import Base, transaction\nfrom b import B\nclass A(Base):\n    __tablename__ = 'a'\ndef f(s):\n    with transaction():\n        s.add(A())\n        s.add(B())\n",
                "b/__init__.py": "from db import Base\nclass B(Base):\n    __tablename__ = 'b'\n",
            },
            "a",
            "CPL-R002",
        ),
        (
            {"a/__init__.py": "import b\n" + CODE, "b/__init__.py": "def f():\n    import a\n"},
            "b",
            "CPL-R004",
        ),
        (
            {
                "a/__init__.py": "import b\n" + CODE,
                "b/__init__.py": "import d\n",
                "d/__init__.py": CODE,
            }
            | {f"b/m{i}.py": f"def f{i}(): ...\n" for i in range(16)}
            | {"a/uses.py": "".join(f"from b.m{i} import f{i}\n" for i in range(16))},
            "a",
            "CPL-R007",
        ),
        (
            {
                "a/__init__.py": "publish('order.placed')\n",
                "b/__init__.py": "subscribe('order.placed', handler)\n",
            },
            "a",
            "CPL-R008",
        ),
        (
            {
                "a/__init__.py": "def decide(n):\n"
                + "".join(f"    if n == {i}:\n        return {i}\n" for i in range(12))
                + "    return 0\n",
                "b/__init__.py": "import a\n" + CODE,
            },
            "a",
            "CPL-R010",
        ),
    ],
)
def test_each_detector_triggers_on_its_evidence(
    tmp_path: Path, files: dict[str, str], unit: str, risk: str
) -> None:
    root = write_tree(tmp_path / "src", files | {"coupling.toml": "[risks]\ntop = 10\n"})
    assert risk in _ids(_risks(evaluated(root))[unit])


def test_shared_kernel_dependence_and_operational_load(tmp_path: Path) -> None:
    files = {
        "kit/__init__.py": "X = 1\n",
        "a/__init__.py": "".join("import kit\n" for _ in range(10)) + CODE,
        "b/__init__.py": "import kit\n" + CODE,
        "c/__init__.py": "import kit\n" + CODE,
        "metrics.toml": "[units.a]\nerror_rate = 0.05\ncpu_share = 0.1\n[units.b]\nerror_rate = 0.001\n[units.c]\nerror_rate = 0.001\n",
        "coupling.toml": 'metrics = "metrics.toml"\n[risks]\ntop = 10\n',
    }
    risks = _risks(evaluated(write_tree(tmp_path / "src", files)))
    assert {"CPL-R009", "CPL-R011"} <= _ids(risks["a"])
    operational = next(f for f in risks["a"].findings if f.id == "CPL-R011")
    assert (operational.likelihood, operational.evidence) == (
        "Medium",
        "error rate 5.00% (median 0.10%)",
    )
    assert "CPL-R011" not in _ids(risks["b"])


def test_a_risk_can_be_silenced_with_a_reason(tmp_path: Path) -> None:
    files = {
        "a/__init__.py": "import b\n" + CODE,
        "b/__init__.py": "def f():\n    import a\n",
        "coupling.toml": '[[risks.silence]]\nunit = "b"\nid = "CPL-R004"\nreason = "being untangled in PR 42"\n',
    }
    b = _risks(evaluated(write_tree(tmp_path / "src", files)))["b"]
    assert "CPL-R004" not in _ids(b)
    assert [(f.id, f.silenced) for f in b.silenced] == [("CPL-R004", "being untangled in PR 42")]


@pytest.mark.parametrize(
    ("silence", "message"),
    [
        (
            '[[risks.silence]]\nunit = "b"\nid = "CPL-R999"\nreason = "x"\n',
            "unknown risk id CPL-R999",
        ),
        ('[[risks.silence]]\nunit = "b"\nid = "CPL-R004"\n', "needs a unit, an id and a reason"),
        (
            '[risks.cycle]\nlikelihood = "Sometimes"\n',
            "coupling.toml:2: risks.cycle.likelihood: must be one of Low, Medium, High",
        ),
    ],
)
def test_bad_risk_configuration_is_named(tmp_path: Path, silence: str, message: str) -> None:
    root = write_tree(tmp_path / "src", {"a/__init__.py": "", "coupling.toml": silence})
    with pytest.raises(ConfigError, match=message):
        load_settings(root, tmp_path, Flags(out=tmp_path / "out"))


def test_the_report_is_valid_markdown_and_byte_stable(example: Assessment) -> None:
    report = render_reports(example)["risk-assessment.md"]
    for rows in table_shapes(report):
        assert len(set(rows)) == 1, rows
    assert MarkdownIt("commonmark").enable("table").render(report).count("<table>") == 4
    assert report == render_reports(evaluated(EXAMPLE_SRC))["risk-assessment.md"]
    assert "| Data consistency          | Medium       | High     |" in report
    document = json.loads(render_reports(example)["coupling.json"])
    assert [r["level"] for r in document["risks"]] == ["MEDIUM", "HIGH", "HIGH"]


def test_a_cycle_risk_cites_the_units_own_cut_first(tmp_path: Path) -> None:
    """In a group of four, the site cited for d is one of d's imports, not the group's first."""
    files = {
        "a/__init__.py": "import b\n" + CODE,
        "b/__init__.py": "import a\nimport c\n" + CODE,
        "c/__init__.py": "import d\n" + CODE,
        "d/__init__.py": "import b\n" + CODE,
    }
    root = write_tree(tmp_path / "src", files | {"coupling.toml": "[risks]\ntop = 10\n"})
    finding = next(f for f in _risks(evaluated(root))["d"].findings if f.id == "CPL-R004")
    assert finding.samples[0].startswith(("c/", "d/"))
