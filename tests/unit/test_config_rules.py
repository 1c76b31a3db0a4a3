"""The shipped rules load, overrides merge into them, and every bad override is a one-line
config error naming the key and its line."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from coupling.config import Flags, load_settings
from coupling.config.rules import Overrides, load_rules
from coupling.config.schema import (
    MOVE_FIELDS,
    PLAN_FIELDS,
    REASON_FIELDS,
    RISK_FIELDS,
    risk_fields,
    text_problem,
)
from coupling.errors import ConfigError
from coupling.risks.detectors import DETECTORS
from tests.support import REPO, write_tree


def _shipped(name: str) -> dict[str, object]:
    return tomllib.loads((REPO / "rules" / name).read_text())


def test_shipped_rules_match_the_rules_folder() -> None:
    shipped = _shipped("analysis.toml")
    rules = load_rules()
    assert rules.shared_kernel.min_importer_share == shipped["shared_kernel"]["min_importer_share"]  # type: ignore[index]
    assert rules.max_cycles_listed == shipped["cycles"]["max_listed"]  # type: ignore[index]
    assert rules.facade_modules == tuple(shipped["public"]["facade_modules"])  # type: ignore[index]


def test_overrides_replace_single_values() -> None:
    rules = load_rules(Overrides(rules={"shared_kernel": {"max_instability": 0.25}}))
    shipped = _shipped("analysis.toml")["shared_kernel"]
    assert (rules.shared_kernel.max_instability, rules.shared_kernel.min_importer_share) == (
        0.25,
        shipped["min_importer_share"],  # type: ignore[index]
    )


def test_the_schema_names_every_risk_and_phrase_the_rules_hold() -> None:
    shipped = _shipped("risks.toml")
    risks = {k for k, v in shipped.items() if isinstance(v, dict)} - {"overall", "moves"}
    assert risks == set(RISK_FIELDS) == {name for name, _detect in DETECTORS}
    moves = shipped["moves"]
    assert isinstance(moves, dict) and set(moves) == set(MOVE_FIELDS)
    reasons = _shipped("scoring.toml")["reasons"]
    assert isinstance(reasons, dict)
    assert {k for k, v in reasons.items() if isinstance(v, str)} == set(REASON_FIELDS)


def test_every_shipped_text_formats_with_its_fields() -> None:
    rules = load_rules()
    assert all(not text_problem(r.recommendation, risk_fields(r.name)) for r in rules.risks.risks)
    assert all(not text_problem(text, REASON_FIELDS[key]) for key, text in rules.scoring.phrases)
    assert all(not text_problem(text, MOVE_FIELDS[key]) for key, text in rules.risks.moves)
    steps = (*rules.plan.service_steps, *rules.plan.library_steps)
    texts = [t for s in steps for t in (s.title, s.problem, *s.before, *s.tasks, *s.acceptance)]
    assert all(not text_problem(text, PLAN_FIELDS) for text in texts)
    assert rules.plan.service_root.format(unit="billing") == "services/billing"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (Overrides(rules={"scoring": {}}), r"unknown key\(s\) rules.scoring; known in rules: "),
        (Overrides(rules={"cycles": 3}), "rules.cycles: must be a table"),
        (
            Overrides(rules={"cycles": {"max_length": 1}}),
            "rules.cycles.max_length: must be a number from 2 to 50",
        ),
        (
            Overrides(rules={"cycles": {"max_listed": "ten"}}),
            "rules.cycles.max_listed: must be a number",
        ),
        (
            Overrides(risks={"cycle": {"recommendation": "Break {unti}'s cycle"}}),
            r"risks.cycle.recommendation: unknown placeholder \{unti\}; it can use \{count\}, "
            r"\{others\}, \{unit\}",
        ),
        (
            Overrides(scoring={"reasons": {"single_team": "One team ({share:d})"}}),
            r"scoring.reasons.single_team: cannot be formatted",
        ),
        (
            Overrides(scoring={"reasons": {"cycle": "In a cycle with {units"}}),
            "scoring.reasons.cycle: is not a valid text template",
        ),
        (
            Overrides(risks={"cycle": {"mitigation": "Cut {count} imports"}}),
            r"risks.cycle.mitigation: unknown placeholder \{count\}; it can use none",
        ),
        (
            Overrides(risks={"cycle": {"impact": "Huge"}}),
            "risks.cycle.impact: must be one of Low, Medium, High",
        ),
        (Overrides(risks={"cycles": {}}), r"unknown key\(s\) risks.cycles; known in risks: "),
        (
            Overrides(scoring={"weights": {"inbound": -1}}),
            "scoring.weights: weights must be zero or more",
        ),
        (
            Overrides(risks={"moves": {"seal": "Seal {unit} ({leak})"}}),
            r"risks.moves.seal: unknown placeholder \{leak\}; it can use \{leaks\}, \{unit\}",
        ),
        (
            Overrides(plan={"service": {"api": {"tasks": ["Create {rot}/"]}}}),
            r"plan.service.api.tasks: unknown placeholder \{rot\}; it can use \{root\}, \{unit\}",
        ),
        (
            Overrides(plan={"layout": {"service": "svc/{root}"}}),
            r"plan.layout.service: unknown placeholder \{root\}; it can use \{unit\}",
        ),
        (
            Overrides(plan={"validation": {"p99_margin": 2}}),
            "plan.validation.p99_margin: must be a number from 0 to 1",
        ),
        (Overrides(plan={"service": {"api": {"tasks": "one"}}}), "must be a list of names"),
        (Overrides(plan={"steps": {}}), r"unknown key\(s\) plan.steps; known in plan: "),
    ],
)
def test_bad_overrides_name_the_key_and_file(overrides: Overrides, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        load_rules(Overrides(**{**overrides.__dict__, "file": Path("coupling.toml")}))
    assert str(caught.value).startswith("coupling.toml: ")
    assert "\n" not in str(caught.value)


def test_plan_overrides_reach_the_plan(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "coupling.toml": (
                '[plan.layout]\nservice = "apps/{unit}"\n\n'
                "[plan.validation]\np99_margin = 0.2\n\n"
                '[plan.service.integration]\ntitle = "Shadow traffic for {unit}"\n'
            ),
            "a.py": "",
        },
    )
    plan = load_settings(tmp_path, tmp_path, Flags()).rules.plan
    assert (plan.service_root, plan.p99_margin) == ("apps/{unit}", 0.2)
    assert plan.service_steps[3].title == "Shadow traffic for {unit}"
    (tmp_path / "coupling.toml").write_text('[plan.service.data]\nproblem = "{unit} {oops}"\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(tmp_path, tmp_path, Flags())
    assert str(caught.value).startswith(
        f"{tmp_path / 'coupling.toml'}:2: plan.service.data.problem: unknown placeholder"
    )


def test_errors_in_a_config_file_carry_the_line_of_the_key(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "pyproject.toml": (
                "[project]\nname = 'x'\n\n[tool.coupling]\ndepth = 1\n\n"
                "[tool.coupling.risks.cycle]\nlikelihood = 'High'\n"
                'recommendation = "Break {unti}\'s cycle"\n'
            ),
            "a.py": "",
        },
    )
    with pytest.raises(ConfigError) as caught:
        load_settings(tmp_path, tmp_path, Flags())
    assert str(caught.value).startswith(
        f"{tmp_path / 'pyproject.toml'}:9: risks.cycle.recommendation"
    )
    (tmp_path / "pyproject.toml").write_text(
        "[tool.coupling.scoring]\nweights = { inbound = 1, outbund = 2 }\n"
    )
    with pytest.raises(
        ConfigError, match=r"unknown key\(s\) scoring.weights.outbund \(line 2\)"
    ) as caught:
        load_settings(tmp_path, tmp_path, Flags())
    assert caught.value.line == 2
