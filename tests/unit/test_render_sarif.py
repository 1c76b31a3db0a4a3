"""SARIF results: a URI per file, whatever its name; one rule entry per check rule."""

from __future__ import annotations

import json

from coupling import __version__
from coupling.records import CheckResult, CheckRule, Problem
from coupling.render.check_output import render_check


def test_file_names_become_uri_references() -> None:
    result = CheckResult(
        (Problem(CheckRule.MAX_FAN_IN, "fan-in of users is 21, above 20", "src/my app/ü#1.py", 7),),
        (),
        "analysis/coupling/coupling.json",
    )
    log = json.loads(render_check(result, "sarif"))
    (only,) = log["runs"][0]["results"]
    location = only["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "src/my%20app/%C3%BC%231.py"
    assert location["region"] == {"startLine": 7}
    assert (only["ruleId"], only["ruleIndex"]) == (
        "max-fan-in",
        list(CheckRule).index(CheckRule.MAX_FAN_IN),
    )
    assert only["message"]["text"] == "fan-in of users is 21, above 20."
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["version"] == __version__
    assert [r["id"] for r in driver["rules"]] == [str(rule) for rule in CheckRule]
