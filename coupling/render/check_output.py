"""`coupling check` output: text for people, JSON for tools, GitHub annotations for CI, SARIF
for code scanning."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from coupling.records.words import plural

if TYPE_CHECKING:
    from coupling.records import CheckResult, Problem

_HINT = "Run `coupling scan` and commit the reports."


def render_check(result: CheckResult, style: str) -> str:
    if style == "sarif":
        from coupling.render.sarif import render_sarif

        return render_sarif(result)
    if style == "json":
        return json.dumps(
            {
                "ok": not result.problems,
                "baseline": result.baseline,
                "problems": [_problem(p) for p in result.problems],
                "baseline_entries_gone": list(result.gone),
            },
            indent=2,
        )
    if style == "github":
        lines = [_annotation(p) for p in result.problems]
        lines += (
            [
                f"::notice title=coupling baseline::{len(result.gone)} baseline entries no longer occur. {_HINT}"
            ]
            if result.gone
            else []
        )
        return "\n".join(lines)
    return _text(result)


def _problem(problem: Problem) -> dict[str, object]:
    return {
        "rule": problem.rule,
        "message": problem.message,
        "file": problem.file or None,
        "line": problem.line or None,
    }


def _annotation(problem: Problem) -> str:
    line = f"line={problem.line}," if problem.line else ""
    where = f"file={_property(problem.file)},{line}" if problem.file else ""
    text = problem.message + (f". {_HINT}" if problem.rule == "stale" else "")
    return f"::error {where}title={_property('coupling ' + problem.rule)}::{_data(text)}"


def _data(text: str) -> str:
    """GitHub's workflow-command escaping: a message is one line."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _text(result: CheckResult) -> str:
    if not result.problems:
        lines = [f"coupling check: the reports match the code ({result.baseline})."]
    else:
        lines = [
            f"coupling check: {plural(len(result.problems), 'problem')} against {result.baseline}"
        ]
        for problem in result.problems:
            where = (
                f" ({problem.file}{f':{problem.line}' if problem.line else ''})"
                if problem.file
                else ""
            )
            lines.append(f"  {problem.rule}: {problem.message}{where}")
        if any(p.rule != "stale" for p in result.problems):
            lines.append(
                "A ratchet of [check] broke: undo the change at the line shown, or change"
                " [check] if it is intended."
            )
        elif result.problems:
            lines.append(f"The reports are stale. {_HINT}")
    if result.gone:
        lines.append(
            f"{plural(len(result.gone), 'baseline entry', 'baseline entries')} no longer occur: the next scan shrinks the baseline."
        )
    return "\n".join(lines)
