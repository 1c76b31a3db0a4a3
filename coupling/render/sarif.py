"""`coupling check --format sarif`: SARIF 2.1.0 for GitHub code scanning.

Each problem is a result with its rule id, file, line and message. GitHub places an alert only
at a file and a line, so a problem without one (a stale score, a changed ranking) is placed on
the first line of the baseline coupling.json it was found against.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING
from urllib.parse import quote

from coupling import __version__
from coupling.records import CheckRule

if TYPE_CHECKING:
    from coupling.records import CheckResult, Problem

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

_RULES = {
    CheckRule.STALE: (
        "StaleReports",
        "The committed coupling reports no longer match the code.",
        "The code moved since the reports were written: run `coupling scan` and commit the reports.",
    ),
    CheckRule.NO_NEW_CYCLES: (
        "NoNewCycles",
        "An import closes a new cycle between units.",
        "[check] no-new-cycles: no new cycle group, nor a unit joining one. Remove the import, or "
        "move what it needs to a unit both sides may import.",
    ),
    CheckRule.FROZEN: (
        "FrozenUnit",
        "A new import into or out of a frozen unit.",
        "[check] frozen: a unit being extracted takes no new import either way.",
    ),
    CheckRule.SEALED: (
        "SealedUnit",
        "A new import past a sealed unit's facade.",
        "[check] sealed: other units reach a sealed unit only through its facade (`coupling seal`).",
    ),
    CheckRule.MAX_FAN_IN: (
        "MaxFanIn",
        "A unit is imported by more statements than its limit.",
        "[check] max-fan-in: import statements into the unit, at most the number given.",
    ),
    CheckRule.MAX_SCORE_DROP: (
        "MaxScoreDrop",
        "An extraction candidate's score fell by more than allowed.",
        "[check] max-score-drop: no candidate's score may fall by more than the number given.",
    ),
}


def render_sarif(result: CheckResult) -> str:
    rules = list(CheckRule)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "coupling",
                        "version": __version__,
                        "rules": [_rule(rule) for rule in rules],
                    }
                },
                "results": [
                    _result(p, rules.index(p.rule), result.baseline) for p in result.problems
                ],
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False)


def _rule(rule: CheckRule) -> dict[str, object]:
    name, short, full = _RULES[rule]
    return {
        "id": str(rule),
        "name": name,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "defaultConfiguration": {"level": "error"},
    }


def _result(problem: Problem, index: int, baseline: str) -> dict[str, object]:
    file, line = (problem.file, problem.line or 1) if problem.file else (baseline, 1)
    hint = " Run `coupling scan` and commit the reports." if problem.rule is CheckRule.STALE else ""
    return {
        "ruleId": str(problem.rule),
        "ruleIndex": index,
        "level": "error",
        "message": {"text": problem.message + "." + hint},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": quote(file), "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": line},
                }
            }
        ],
    }
