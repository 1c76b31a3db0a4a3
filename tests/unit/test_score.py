"""Scores, reasons, roles and order: on the example monolith and small trees."""

from __future__ import annotations

from pathlib import Path

import pytest

from coupling.config import Flags, load_settings
from coupling.config.rules import load_rules
from coupling.pipeline import evaluate
from coupling.records import Assessment
from tests.support import EXAMPLE_SRC, analyse, assessment_of, write_tree


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Assessment:
    settings = load_settings(
        EXAMPLE_SRC, EXAMPLE_SRC, Flags(out=tmp_path_factory.mktemp("out"), cache=False)
    )
    return evaluate(settings).assessment


def test_the_example_ranking(example: Assessment) -> None:
    assert [c.unit for c in example.candidates] == [
        "reporting",
        "billing",
        "notifications",  # billing writes its notifications table: capped at 5
        "auth",
        "users",
    ]
    assert [k.unit for k in example.kernels] == ["utils"]
    assert example.kernels[0].role == "shared kernel"


def test_reporting_scores_at_least_8_with_the_reference_reasons(example: Assessment) -> None:
    reporting = example.candidates[0]
    assert reporting.score >= 8.0
    assert reporting.role == "leaf"
    for reason in (
        "Zero incoming dependencies",
        "Clear API boundary (5 endpoints)",
        "Distinct resource profile (numpy, openpyxl, pandas, reportlab; 78% CPU, 52% memory)",
        "Single team ownership (@techcorp/team-c, 100%)",
    ):
        assert reason in reporting.rationale


def test_users_is_the_lowest_service_and_a_hub(example: Assessment) -> None:
    users = example.candidates[-1]
    assert (users.unit, users.role) == ("users", "hub")
    assert users.score == min(c.score for c in example.candidates)
    assert "Depended on by 4 units (20 imports)" in users.cons


def test_a_unit_whose_table_another_unit_writes_is_capped(example: Assessment) -> None:
    notifications = next(c for c in example.candidates if c.unit == "notifications")
    assert notifications.score == 5.0 and notifications.uncapped > 6.0
    assert notifications.cap == "billing writes its tables: at most 5"


def test_raw_measures_sit_beside_the_values(example: Assessment) -> None:
    reporting = {str(f.name): f for f in example.candidates[0].factors}
    assert dict(reporting["inbound"].raw) == {"fan_in": 0, "importing_units": 0}
    assert dict(reporting["boundary"].raw)["endpoints"] == 5
    assert dict(reporting["data"].raw)["models_of_others_used"] == 12
    assert sum(f.weight for f in example.candidates[0].factors) == pytest.approx(1.0)


def test_phases_start_with_the_kernel_and_break_the_cycle_before_its_units(
    example: Assessment,
) -> None:
    titles = [p.title for p in example.phases]
    assert titles[0] == "Publish shared kernels as libraries"
    assert titles[1].startswith("Extract reporting")
    assert titles[2] == "Break the cycle between auth, billing, notifications, users"
    assert len(titles) == 7


def test_without_history_and_owners_those_factors_are_left_out_and_weights_rescaled(
    tmp_path: Path,
) -> None:
    root = write_tree(
        tmp_path / "src",
        {"a/__init__.py": "import b\ndef f():\n    return b.X\n", "b/__init__.py": "X = 1\n"},
    )
    assessment = assessment_of(analyse(root, tmp_path / "out"))
    for candidate in assessment.candidates:
        assert set(candidate.unknown) == {"data", "ownership", "change"}
        assert sum(f.weight for f in candidate.factors) == pytest.approx(1.0)
    assert [c.role for c in assessment.candidates] == ["leaf", "core"]


def test_roles_isolated_and_written_tables_cap(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "src",
        {
            "lonely/__init__.py": "X = 1\n",
            "store/__init__.py": "",
            "store/models.py": "from sqlalchemy.orm import DeclarativeBase\nclass Base(DeclarativeBase): pass\nclass Item(Base):\n    __tablename__ = 'items'\n",
            "shop/__init__.py": "from store.models import Item\ndef f(db):\n    db.execute('UPDATE items SET x = 1')\n",
        },
    )
    scored = {c.unit: c for c in assessment_of(analyse(root, tmp_path / "out")).candidates}
    assert scored["lonely"].role == "isolated"
    assert scored["store"].score <= 5.0 and "shop writes its tables" in scored["store"].cap


def test_weights_can_be_overridden_and_are_relative(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "coupling.toml": "[scoring.weights]\ninbound = 1.0\n",
            "src/a/__init__.py": "import b\n",
            "src/b/__init__.py": "",
        },
    )
    settings = load_settings(tmp_path / "src", tmp_path, Flags(out=tmp_path / "out", cache=False))
    assert settings.rules.scoring is not None
    weights = dict(settings.rules.scoring.weights)
    assert sum(weights.values()) == pytest.approx(1.0)
    scoring = load_rules().scoring
    assert scoring is not None
    shipped = dict(scoring.weights)
    others = sum(w for name, w in shipped.items() if name != "inbound")
    assert weights["inbound"] == pytest.approx(1.0 / (1.0 + others))  # the rest keep proportions
