"""`coupling check` on the example monolith in a real git repository: every pass and failure
path, each with its exit code (0 ok, 1 findings, 2 bad input).

Imports: coupling.cli (check, scan) through the CLI runner; the example's committed reports.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from jsonschema import Draft4Validator, ValidationError

from coupling.records import CheckRule
from tests.functional.conftest import Run
from tests.support import REPO, git

SARIF_SCHEMA = REPO / "tests" / "schemas" / "sarif-2.1.0-rtm.5.json"
REPORTS = (
    "coupling.json",
    "dependency-matrix.md",
    "extraction-candidates.md",
    "risk-assessment.md",
)

Repo = Callable[..., Path]


def _append(repo: Path, rel: str, text: str) -> int:
    """Add `text` at the end of a file; the line number it starts on."""
    path = repo / rel
    before = path.read_text(encoding="utf-8")
    path.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1


def _remove_line(repo: Path, rel: str, line: str) -> None:
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert line + "\n" in text
    path.write_text(text.replace(line + "\n", "", 1), encoding="utf-8")


def test_unchanged_code_matches_its_reports(techcorp: Repo, run: Run) -> None:
    techcorp()
    done = run("check")
    assert done.exit_code == 0, done.output
    assert done.stdout == (
        "coupling check: the reports match the code (analysis/coupling/coupling.json).\n"
    )


def test_reformatting_code_does_not_make_the_reports_stale(techcorp: Repo, run: Run) -> None:
    repo = techcorp()
    service = repo / "src" / "users" / "service.py"
    text = service.read_text(encoding="utf-8")
    # Every line moves: a comment block on top, every blank line doubled.
    service.write_text("# reformatted\n\n" + text.replace("\n\n", "\n\n\n"), encoding="utf-8")
    done = run("check")
    assert done.exit_code == 0, done.output
    assert "match the code" in done.stdout


def test_a_new_import_between_units_makes_the_reports_stale_until_a_scan(
    techcorp: Repo, run: Run
) -> None:
    repo = techcorp()
    line = _append(repo, "src/billing/tasks.py", "from users.preferences import get_preferences\n")
    done = run("check")
    assert done.exit_code == 1
    assert (
        "  stale: new import: billing imports get_preferences from users.preferences "
        f"(src/billing/tasks.py:{line})\n"
    ) in done.stdout
    assert "  stale: billing → users: 9 import statements (was 8)\n" in done.stdout
    assert done.stdout.endswith(
        "The reports are stale. Run `coupling scan` and commit the reports.\n"
    )
    assert run("scan", "--quiet").exit_code == 0
    assert run("check").exit_code == 0


def test_one_more_import_of_a_name_the_unit_already_imports_is_stale_by_its_count(
    techcorp: Repo, run: Run
) -> None:
    repo = techcorp()
    _append(repo, "src/billing/tasks.py", "from users.preferences import get_preference\n")
    done = run("check")
    assert done.exit_code == 1
    assert "new import" not in done.stdout  # billing/subscriptions.py imports it already
    assert "  stale: billing → users: 9 import statements (was 8)\n" in done.stdout


def test_a_new_unit_cycle_and_score_changes_are_named(techcorp: Repo, run: Run) -> None:
    repo = techcorp()
    _append(repo, "src/utils/dates.py", "from reporting.builders import Report\n")
    done = run("check")
    assert done.exit_code == 1
    assert (
        "  stale: cycle group changed (reporting, utils joined): "
        "auth, billing, notifications, reporting, users, utils\n"
    ) in done.stdout
    assert "  stale: score of reporting: " in done.stdout


def test_removed_imports_are_stale_and_their_baseline_entries_are_listed(
    techcorp: Repo, run: Run
) -> None:
    repo = techcorp()
    _remove_line(
        repo, "src/notifications/routes.py", "from auth.permissions import get_current_user"
    )
    done = run("check", "--format", "json")
    assert done.exit_code == 1
    report = json.loads(done.stdout)
    assert report["ok"] is False
    assert (
        "notifications imports get_current_user from auth.permissions"
        in (report["baseline_entries_gone"])
    )
    assert {"rule": "stale", "message": "1 imports between units no longer occur"} in [
        {"rule": p["rule"], "message": p["message"]} for p in report["problems"]
    ]


def test_no_new_cycles_fails_on_an_import_that_closes_a_new_cycle(techcorp: Repo, run: Run) -> None:
    repo = techcorp("no-new-cycles = true")
    line = _append(repo, "src/utils/dates.py", "from reporting.builders import Report\n")
    done = run("check")
    assert done.exit_code == 1
    assert (
        "  no-new-cycles: new cycle between auth, billing, notifications, reporting, users, "
        f"utils (src/utils/dates.py:{line})\n"
    ) in done.stdout
    assert "A ratchet of [check] broke" in done.stdout


def test_no_new_cycles_allows_a_new_import_inside_an_existing_cycle(
    techcorp: Repo, run: Run
) -> None:
    repo = techcorp("no-new-cycles = true")
    _append(repo, "src/auth/tokens.py", "from billing.models import Invoice\n")
    done = run("check")
    assert done.exit_code == 1  # stale: the new import is news for the reports
    assert "no-new-cycles" not in done.stdout
    assert "stale: new import: auth imports Invoice from billing.models" in done.stdout


def test_a_frozen_unit_takes_no_new_import_in_or_out(techcorp: Repo, run: Run) -> None:
    repo = techcorp('frozen = ["reporting"]')
    inward = _append(repo, "src/users/service.py", "from reporting.builders import Report\n")
    outward = _append(
        repo, "src/reporting/builders.py", "from notifications.sender import send_notification\n"
    )
    done = run("check")
    assert done.exit_code == 1
    assert (
        "  frozen: reporting is frozen: users now imports Report from reporting.builders "
        f"(src/users/service.py:{inward})\n"
    ) in done.stdout
    assert (
        "  frozen: reporting is frozen: reporting now imports send_notification from "
        f"notifications.sender (src/reporting/builders.py:{outward})\n"
    ) in done.stdout


def test_a_frozen_unit_keeps_its_existing_imports(techcorp: Repo, run: Run) -> None:
    repo = techcorp('frozen = ["reporting"]')
    _append(repo, "src/reporting/builders.py", "from reporting.queries import daily_totals\n")
    done = run("check")
    assert "frozen" not in done.stdout.replace("is frozen", "")
    assert done.exit_code == 0, done.output


def test_a_sealed_unit_takes_no_new_import_past_its_facade(techcorp: Repo, run: Run) -> None:
    repo = techcorp('sealed = ["notifications"]')
    assert run("check").exit_code == 0  # the deep imports already in the baseline may stay
    deep = _append(repo, "src/billing/tasks.py", "from notifications.channels import Message\n")
    module = _append(repo, "src/reporting/builders.py", "from notifications import sender\n")
    _append(repo, "src/auth/tokens.py", "import notifications\n")
    done = run("check")
    assert done.exit_code == 1
    sealed = [line for line in done.stdout.splitlines() if line.startswith("  sealed: ")]
    assert sealed == [
        "  sealed: notifications is sealed: billing now imports Message from "
        "notifications.channels, past its facade; import it from notifications "
        f"(src/billing/tasks.py:{deep})",
        "  sealed: notifications is sealed: reporting now imports sender from "
        "notifications.sender, past its facade; import it from notifications "
        f"(src/reporting/builders.py:{module})",
    ]
    # The facade itself is no breach: the new import only makes the reports stale.
    assert "  stale: new import: auth imports notifications from notifications" in done.stdout


def test_a_sealed_unit_that_does_not_exist_is_a_config_error(techcorp: Repo, run: Run) -> None:
    repo = techcorp('sealed = ["notifcations"]')
    done = run("check")
    assert done.exit_code == 2
    assert done.stderr == (
        f"coupling: error: {repo}/coupling.toml: check names unknown unit(s) notifcations; "
        "units here: auth, billing, notifications, reporting, users, utils\n"
    )


def test_max_fan_in_fails_when_a_unit_takes_more_imports(techcorp: Repo, run: Run) -> None:
    repo = techcorp("max-fan-in = { users = 20 }")
    assert run("check").exit_code == 0  # users takes 20 imports today: at the limit
    line = _append(repo, "src/billing/tasks.py", "from users.preferences import get_preferences\n")
    done = run("check")
    assert done.exit_code == 1
    assert (
        f"  max-fan-in: fan-in of users is 21, above 20 (src/billing/tasks.py:{line})\n"
    ) in done.stdout


def test_max_score_drop_fails_when_a_candidate_gets_harder_to_extract(
    techcorp: Repo, run: Run
) -> None:
    repo = techcorp("max-score-drop = 0.5")
    _append(repo, "src/users/service.py", "from reporting.builders import Report\n")
    done = run("check")
    assert done.exit_code == 1
    assert "  max-score-drop: score of reporting dropped by 1.4 (more than 0.5)\n" in done.stdout
    assert "max-score-drop: score of users" not in done.stdout  # 3.6 → 3.5 is within 0.5


def test_github_format_annotates_the_offending_line(techcorp: Repo, run: Run) -> None:
    repo = techcorp('frozen = ["reporting"]')
    line = _append(repo, "src/users/service.py", "from reporting.builders import Report\n")
    done = run("check", "--format", "github")
    assert done.exit_code == 1
    first = done.stdout.splitlines()[0]
    assert first == (
        f"::error file=src/users/service.py,line={line},title=coupling frozen::reporting is "
        "frozen: users now imports Report from reporting.builders"
    )
    assert "::error title=coupling stale::score of reporting:" in done.stdout


@pytest.fixture(scope="module")
def sarif() -> Draft4Validator:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)


def test_sarif_format_is_valid_sarif_with_each_problem_at_its_line(
    techcorp: Repo, run: Run, sarif: Draft4Validator
) -> None:
    repo = techcorp('frozen = ["reporting"]')
    line = _append(repo, "src/users/service.py", "from reporting.builders import Report\n")
    done = run("check", "--format", "sarif")
    assert done.exit_code == 1
    log = json.loads(done.stdout)
    sarif.validate(log)
    (only,) = log["runs"]
    rules = [rule["id"] for rule in only["tool"]["driver"]["rules"]]
    assert rules == [str(rule) for rule in CheckRule]  # every rule, in its order
    results = only["results"]
    listed = [line for line in run("check").stdout.splitlines() if line.startswith("  ")]
    assert len(results) == len(listed)  # one result per problem the text lists
    for result in results:
        assert rules[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] == "error"
    frozen = results[0]
    assert frozen["ruleId"] == "frozen"
    assert frozen["message"]["text"] == (
        "reporting is frozen: users now imports Report from reporting.builders."
    )
    assert frozen["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "src/users/service.py", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": line},
    }
    # A problem with no line of its own sits on the baseline it was found against.
    score = next(r for r in results if r["message"]["text"].startswith("score of reporting"))
    assert score["message"]["text"].endswith(" Run `coupling scan` and commit the reports.")
    assert score["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "analysis/coupling/coupling.json", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 1},
    }
    # The schema is strict enough to catch a result without a message.
    del results[0]["message"]
    with pytest.raises(ValidationError):
        sarif.validate(log)


def test_sarif_of_a_passing_check_has_no_result(
    techcorp: Repo, run: Run, sarif: Draft4Validator
) -> None:
    techcorp()
    done = run("check", "--format", "sarif")
    assert done.exit_code == 0
    log = json.loads(done.stdout)
    sarif.validate(log)
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["tool"]["driver"]["name"] == "coupling"


def test_json_format_of_a_passing_check(techcorp: Repo, run: Run) -> None:
    techcorp()
    done = run("check", "--format", "json")
    assert done.exit_code == 0
    assert json.loads(done.stdout) == {
        "ok": True,
        "baseline": "analysis/coupling/coupling.json",
        "problems": [],
        "baseline_entries_gone": [],
    }


def test_no_baseline_is_an_input_error(techcorp: Repo, run: Run) -> None:
    repo = techcorp()
    (repo / "analysis" / "coupling" / "coupling.json").unlink()
    done = run("check")
    assert done.exit_code == 2
    assert done.stderr == (
        f"coupling: error: {repo}/analysis/coupling/coupling.json: no baseline: "
        "run `coupling scan` and commit the reports\n"
    )


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("{not json", "not a coupling.json (Expecting property name"),
        ("[1, 2]", "not a coupling.json of this version of coupling; run `coupling scan`"),
        ('{"schema": 3}', "not a coupling.json of this version of coupling; run `coupling scan`"),
        (
            '{"schema": 2, "dependencies": [{}]}',
            "not a coupling.json (unexpected content (KeyError",
        ),
    ],
)
def test_a_damaged_baseline_is_an_input_error(
    techcorp: Repo, run: Run, content: str, says: str
) -> None:
    repo = techcorp()
    (repo / "analysis" / "coupling" / "coupling.json").write_text(content, encoding="utf-8")
    done = run("check")
    assert done.exit_code == 2
    assert done.stderr.startswith(
        f"coupling: error: {repo}/analysis/coupling/coupling.json: {says}"
    )
    assert len(done.stderr.splitlines()) == 1


def test_a_ratchet_on_an_unknown_unit_is_a_config_error(techcorp: Repo, run: Run) -> None:
    repo = techcorp('frozen = ["reportng"]')
    done = run("check")
    assert done.exit_code == 2
    assert done.stderr == (
        f"coupling: error: {repo}/coupling.toml: check names unknown unit(s) reportng; "
        "units here: auth, billing, notifications, reporting, users, utils\n"
    )


def test_a_malformed_ratchet_names_its_line(techcorp: Repo, run: Run) -> None:
    repo = techcorp('max-score-drop = "half a point"')
    done = run("check")
    assert done.exit_code == 2
    line = (
        (repo / "coupling.toml").read_text().splitlines().index('max-score-drop = "half a point"')
    )
    assert done.stderr == (
        f"coupling: error: {repo}/coupling.toml:{line + 1}: "
        "check.max-score-drop must be a number of points out of 10\n"
    )


def test_scan_stage_leaves_current_reports_alone(techcorp: Repo, run: Run) -> None:
    repo = techcorp()
    done = run("scan", "--stage")
    assert done.exit_code == 0, done.output
    assert done.stdout == ""
    assert git(repo, "status", "--porcelain") == ""


def test_scan_stage_writes_and_stages_missing_reports(techcorp: Repo, run: Run) -> None:
    repo = techcorp()
    git(repo, "rm", "-q", *(f"analysis/coupling/{name}" for name in REPORTS))
    done = run("scan", "--stage")
    assert done.exit_code == 1
    assert done.stdout == (  # the four reports, and the committed plan kept up to date
        "coupling: the reports were stale (no reports yet); rewrote and staged 5 reports: "
        "commit again to include them.\n"
    )
    assert git(repo, "status", "--porcelain") == ""  # back as committed, and staged
    assert run("scan", "--stage").exit_code == 0


def test_commits_made_after_the_reports_do_not_move_the_history_a_check_reads(
    techcorp: Repo, run: Run
) -> None:
    repo = techcorp()
    config = repo / "coupling.toml"
    config.write_text(config.read_text().replace('history = "git-history.log"\n', ""))
    git(repo, "commit", "-q", "-am", "history from git")  # two commits: a history (min_commits)
    assert run("scan", "--quiet").exit_code == 0  # history from git: two commits, one author
    git(repo, "commit", "-q", "-am", "reports from git history")
    baseline = json.loads((repo / "analysis/coupling/coupling.json").read_text())
    assert baseline["history"]["head"] == git(repo, "rev-parse", "HEAD~1").strip()
    # Eight commits that change reporting and billing together: change coupling between them.
    for number in range(8):
        for rel in ("src/reporting/exporters.py", "src/billing/tasks.py"):
            _append(repo, rel, f"# revised ({number})\n")
        git(repo, "commit", "-q", "-a", "-m", "together", f"--author=Dev {number} <d{number}@x.io>")
    done = run("check")
    assert done.exit_code == 0, done.output
    # The same commits do move the scores once the reports are written again.
    assert run("scan", "--quiet").exit_code == 0
    rescanned = json.loads((repo / "analysis/coupling/coupling.json").read_text())
    assert rescanned["history"]["head"] == git(repo, "rev-parse", "HEAD").strip()
    scores = {e["unit"]: e["score"] for e in rescanned["scores"]["ranking"]}
    assert scores["reporting"] < baseline["scores"]["ranking"][0]["score"] - 0.1


@pytest.mark.parametrize("head", ["0123456789abcdef0123456789abcdef01234567", "--output=/tmp/x"])
def test_a_baseline_history_commit_unknown_here_falls_back_to_head(
    techcorp: Repo, run: Run, head: str
) -> None:
    repo = techcorp()
    config = repo / "coupling.toml"
    config.write_text(config.read_text().replace('history = "git-history.log"\n', ""))
    assert run("scan", "--quiet").exit_code == 0
    report = repo / "analysis/coupling/coupling.json"
    data = json.loads(report.read_text())
    data["history"]["head"] = head
    report.write_text(json.dumps(data))
    done = run("check")
    assert done.exit_code == 0, done.output
