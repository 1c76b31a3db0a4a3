"""The plan's markdown, its specs and JSON, the first page of extraction-candidates.md, and
`coupling explain`'s cut report, rendered from the example's records."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from rich.console import Console

from coupling.config import Flags, load_settings
from coupling.config.rules import load_rules
from coupling.pipeline import evaluate
from coupling.plan import build_plan
from coupling.plan.names import crossing
from coupling.records import Assessment, Diagram, DiagramLevel, Plan
from coupling.render.explain import render_cut, render_cut_json
from coupling.render.extraction_candidates import render_candidates
from coupling.render.plan import SUMMARY_LINES, render_plan, summary
from coupling.render.plan.document import render_plan_json
from coupling.render.plan.specs import render_specs, scalar
from coupling.render.plan.words import compact, prose
from tests.support import EXAMPLE_SRC


@pytest.fixture(scope="module")
def example() -> Assessment:
    flags = Flags(out=EXAMPLE_SRC.parent / "out", cache=False)
    return evaluate(load_settings(EXAMPLE_SRC, EXAMPLE_SRC.parent, flags)).assessment


def _plan(assessment: Assessment, unit: str) -> Plan:
    return build_plan(assessment, unit, load_rules().plan, "analysis/coupling")


NO_DIAGRAM = Diagram(DiagramLevel.UNIT, "src", (), (), 0)


@pytest.mark.parametrize(
    "unit", ["reporting", "billing", "notifications", "auth", "users", "utils"]
)
def test_every_plan_has_its_eight_sections_and_a_short_summary(
    example: Assessment, unit: str
) -> None:
    plan = _plan(example, unit)
    text = render_plan(plan, NO_DIAGRAM, "0123456789abcdef")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert [h.split(". ")[0] for h in headings] == [f"## {n}" for n in range(1, 9)]
    assert len(summary(plan).splitlines()) <= SUMMARY_LINES
    assert text.endswith(f"<!-- coupling plan {unit} · facts 0123456789abcdef -->\n")
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    assert any(t.type == "table_open" for t in tokens)


def test_a_plan_without_metrics_says_the_baseline_is_not_given(example: Assessment) -> None:
    plan = _plan(example, "reporting")
    bare = type(plan.baseline)("", None)
    text = render_plan(type(plan)(**{**plan.__dict__, "baseline": bare}), NO_DIAGRAM, "0" * 16)
    assert "Not given: pass `--metrics FILE`" in text


def test_specs_front_matter_reads_back_as_written(example: Assessment) -> None:
    for unit in ("reporting", "utils"):
        for name, text in render_specs(_plan(example, unit)).items():
            front = yaml.safe_load(text[4:].split("\n---\n", 1)[0])
            assert front["status"] == "pending", name
            assert front["type"] in {"driver", "code", "task"}


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40))
def test_a_yaml_scalar_reads_back_as_the_same_text(text: str) -> None:
    assert yaml.safe_load(f"key: {scalar(text)}")["key"] == text


def test_prose_keeps_code_spans_and_escapes_the_rest() -> None:
    assert prose("run `coupling seal my_unit` on my_unit") == (
        "run `coupling seal my_unit` on my\\_unit"
    )
    assert (compact(45000), compact(1250000), compact(12)) == ("45k", "1.25M", "12")


def test_plan_json_is_the_record(example: Assessment) -> None:
    document = json.loads(render_plan_json(_plan(example, "reporting"), "ab"))
    assert document["facts"] == "ab"
    assert document["plan"]["runtime"]["buses"] == [["utils.events", "utils"]]


def test_the_first_page_decides(example: Assessment) -> None:
    text = render_candidates(example)
    decision = text[text.index("## Decision") : text.index("## Ranking")]
    assert text.index("**Evidence.**") < text.index("## Decision")
    rows = [line for line in decision.splitlines() if line.startswith("|  ")][1:]
    assert len(rows) == 5
    assert "| **reporting** |" in " ".join(rows[0].split()) and "**MEDIUM**" in rows[0]
    assert "Its 3 biggest blockers:" in decision
    assert "1. **Data consistency** (Medium × High)" in decision
    assert "**First move**: List it in `frozen`" in decision
    assert "publish **utils** as a versioned library" in decision


def test_every_candidate_has_pros_and_cons(example: Assessment) -> None:
    text = render_candidates(example)
    sections = text.split("\n### ")[1:]
    assert len(sections) == 6
    for section in sections:
        assert "**Pros**" in section and "**Cons**" in section, section[:40]
    reporting = sections[0]
    assert "- **Query performance** (Medium × Medium): reads 12 models" in reporting
    assert "- Checked and not found: transaction consistency" in reporting


def _printed(assessment: Assessment, unit: str, *, show_all: bool = False) -> str:
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(
        render_cut(assessment, crossing(assessment.analysis.imports, unit), show_all=show_all)
    )
    return console.export_text()


def test_explain_opens_with_a_summary_and_folds_the_kernel(example: Assessment) -> None:
    text = _printed(example, "reporting")
    lines = text.splitlines()
    ranked = next(c for c in example.candidates if c.unit == "reporting")
    assert lines[0] == f"reporting: {ranked.score}/10, leaf · overall risk MEDIUM"
    assert lines[1] == "What matters most: Zero incoming dependencies"
    assert "utils.dates" not in text
    assert "utils (shared kernel): 31 import statements" in text
    assert "23 names from 9 modules (--all lists them)" in text
    assert text.count("users.models.User") == 1  # once, with its count
    assert "User ×4" in text
    full = _printed(example, "reporting", show_all=True)
    assert "utils.dates" in full and "utcnow ×3" in full
    assert len(lines) < 60


def test_explain_json_lists_everything(example: Assessment) -> None:
    document = json.loads(render_cut_json(example, crossing(example.analysis.imports, "reporting")))
    assert document["overall_risk"] == "MEDIUM"
    assert [u["unit"] for u in document["imports_out"]] == ["utils", "users", "billing", "auth"]
    assert document["imports_in"] == []
    user = next(d for d in document["data"] if d["model"] == "users.models.User")
    assert {"way": "foreign key ForeignKey", "count": 1} in user["ways"]
    assert len(document["endpoints"]) == 5


def test_an_unranked_unit_is_explained_without_a_score(tmp_path: Path) -> None:
    from tests.support import write_tree

    root = write_tree(
        tmp_path / "src",
        {
            "a/__init__.py": "def work():\n    return 1\n",
            "b/__init__.py": "from a import work\n",
        },
    )
    flags = Flags(out=tmp_path / "out", cache=False)
    assessment = evaluate(load_settings(root, tmp_path, flags)).assessment
    text = _printed(assessment, "b")
    assert text.startswith("b: shim, not ranked")
