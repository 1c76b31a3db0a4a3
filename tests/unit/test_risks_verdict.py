"""What decides: each ranked unit's one reason, its blockers and its first move (seal, cut,
publish or freeze), from the same findings the risk report cites."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from coupling.records import Assessment, Verdict
from coupling.risks.verdict import _reason
from tests.support import EXAMPLE_SRC, evaluated, write_tree


@pytest.fixture(scope="module")
def example() -> Assessment:
    return evaluated(EXAMPLE_SRC)


def _verdict(assessment: Assessment, unit: str) -> Verdict:
    verdict = assessment.verdict(unit)
    assert verdict is not None
    return verdict


def test_every_ranked_unit_has_a_verdict_in_ranking_order(example: Assessment) -> None:
    assert [v.unit for v in example.verdicts] == [
        *(c.unit for c in example.candidates),
        *(k.unit for k in example.kernels),
    ]
    assert example.verdict("nope") is None
    # The risk report still covers the top three, with the same findings.
    assert [r.unit for r in example.risks] == ["reporting", "billing", "notifications"]
    assert example.risks[0] == _verdict(example, "reporting").risks


def test_the_best_candidate_is_frozen_then_its_worst_risk_is_addressed(
    example: Assessment,
) -> None:
    reporting = _verdict(example, "reporting")
    assert reporting.reason == "Zero incoming dependencies"  # its strongest pro
    assert [f.title for f in reporting.blockers] == [
        "Data consistency",
        "Query performance",
        "Hidden coupling",
    ]
    assert reporting.first_move.startswith("List it in `frozen` under [tool.coupling.check]")
    assert reporting.first_move.endswith(
        "then: replace the foreign keys between reporting and users (1) by ids its API checks"
    )
    assert reporting.cleared == (
        "Transaction consistency",
        "Circular dependency",
        "Team coordination",
    )


def test_a_high_high_finding_is_what_matters_most(example: Assessment) -> None:
    billing = _verdict(example, "billing")
    assert billing.reason == (
        "Transaction consistency: 3 transactions of its own also write notifications, users"
    )
    assert billing.first_move.startswith(
        "Run `coupling seal billing --apply`: 9 imports from other units reach past its facade"
    )


def test_a_shared_kernel_is_published(example: Assessment) -> None:
    utils = _verdict(example, "utils")
    assert utils.reason == "Shared kernel: 5 units import it"
    assert utils.first_move == (
        "Publish utils as a versioned library every service depends on: 5 units import it "
        "(`coupling plan utils`)"
    )


def test_a_cap_matters_when_no_finding_is_decisive(example: Assessment) -> None:
    reporting = example.candidates[0]
    capped = dataclasses.replace(reporting, cap="in a cycle: at most 6")
    assert _reason(capped, _verdict(example, "reporting").risks) == "Capped: in a cycle: at most 6"


def test_a_cycle_at_import_time_is_cut_first(tmp_path: Path) -> None:
    code = "\n\ndef work():\n    return 1\n"
    root = write_tree(
        tmp_path / "src",
        {
            "a/__init__.py": "from b import work as other" + code,
            "b/__init__.py": "from a import work as other" + code,
            "c/__init__.py": "from a import work" + code,
        },
    )
    assessment = evaluated(root)
    first = _verdict(assessment, "a").first_move
    assert first == (
        "Cut the module import closing its cycle with b (dependency-matrix.md, Imports to cut), "
        "starting with b → a (src/b/__init__.py:1)"
    )
