"""`coupling plan UNIT --specs DIR`: the plan as a driver spec and four member specs, markdown
with YAML front matter in the walkthrough's format (`type`, `status`, `depends_on`,
`informed_by`, `members`, `target_files`, then Problem / Tasks / Acceptance Criteria).

The front matter is written by hand, every value a plain scalar or a JSON string (which YAML
reads as a double-quoted scalar), so no YAML library is needed to write it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from coupling.records import PlanKind
from coupling.render.plan.words import prose

if TYPE_CHECKING:
    from coupling.records import Plan, Step

_PLAIN = re.compile(r"[A-Za-z_./][A-Za-z0-9_./\-]*")
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n"}


def render_specs(plan: Plan) -> dict[str, str]:
    """File name → text: the driver (`<spec_id>.md`) and its members (`<spec_id>.N.md`)."""
    specs = {f"{plan.spec_id}.md": _driver(plan)}
    specs.update({f"{_member_id(plan, s)}.md": _member(plan, s) for s in plan.steps})
    return specs


def _member_id(plan: Plan, step: Step) -> str:
    return f"{plan.spec_id}.{step.number}"


def scalar(value: str) -> str:
    """A YAML scalar: plain when YAML reads it back as this very string, else quoted."""
    plain = _PLAIN.fullmatch(value) and value.lower() not in _RESERVED
    return value if plain else json.dumps(value, ensure_ascii=False)


def _items(key: str, values: Sequence[str], notes: Sequence[str] = ()) -> list[str]:
    if not values:
        return [f"{key}: []"]
    lines = [f"{key}:"]
    for k, value in enumerate(values):
        note = f"  # {notes[k]}" if k < len(notes) and notes[k] else ""
        lines.append(f"- {scalar(value)}{note}")
    return lines


def _front(fields: list[str]) -> str:
    return "\n".join(["---", *fields, "---"])


def _driver(plan: Plan) -> str:
    verb = "Publish" if plan.kind is PlanKind.LIBRARY else "Extract"
    what = "a library" if plan.kind is PlanKind.LIBRARY else "a service"
    front = _front(
        [
            "type: driver",
            "status: pending",
            "prompt: driver",
            "depends_on: []",
            *_items("informed_by", plan.reports),
            *_items(
                "members",
                [_member_id(plan, s) for s in plan.steps],
                [s.title for s in plan.steps],
            ),
            *_items("target_files", [f"{plan.layout.root}/README.md"]),
        ]
    )
    first = [s for s in plan.steps if not s.depends_on]
    last = [s for s in plan.steps if s.depends_on]
    body = [
        f"# {verb} {plan.unit} as {what}",
        "## Problem",
        _problem(plan),
        "## Extraction Steps",
        *(
            f"### Step {s.number}: {s.title} (.{s.number})\n\n{prose(s.problem)}\n\n"
            f"Output: {len(s.tasks)} tasks, {len(s.acceptance)} acceptance checks"
            for s in plan.steps
        ),
        "## Execution Order",
        f"{', '.join(f'.{s.number}' for s in first)} can run in parallel; "
        f"{', '.join(f'.{s.number}' for s in last)} depends on "
        f"{'all of them' if len(first) > 2 else ', '.join(f'.{s.number}' for s in first)}.",
        "## Tasks",
        "\n".join(f"- [ ] {_member_id(plan, s)}: {s.title}" for s in plan.steps),
        "## Acceptance Criteria",
        "\n".join(
            [
                f"- [ ] All {len(plan.steps)} member specs done",
                *(f"- [ ] {prose(a)}" for s in plan.steps for a in s.acceptance[:1]),
            ]
        ),
    ]
    return front + "\n" + "\n\n".join(body) + "\n"


def _problem(plan: Plan) -> str:
    verdict = plan.verdict
    among = "libraries to publish" if plan.kind is PlanKind.LIBRARY else "extraction candidates"
    lines = [
        f"{plan.unit} ranks {plan.rank} of {plan.among} {among} (score {plan.score:.1f}/10, "
        f"{plan.role.value}); overall risk {verdict.risks.level.value}. "
        f"What matters most: {prose(verdict.reason)}.",
    ]
    if verdict.blockers:
        lines += ["", "Blockers:", ""]
        lines += [f"- {f.title}: {prose(f.evidence)}" for f in verdict.blockers]
    lines += ["", f"First move: {prose(verdict.first_move)}."]
    return "\n".join(lines)


def _member(plan: Plan, step: Step) -> str:
    front = _front(
        [
            f"type: {'task' if step.depends_on else 'code'}",
            "status: pending",
            f"parent: {scalar(plan.spec_id)}",
            *(
                _items("depends_on", [f"{plan.spec_id}.{n}" for n in step.depends_on])
                if step.depends_on
                else []
            ),
            *_items("informed_by", step.informed_by),
            *_items("target_files", step.target_files),
        ]
    )
    body = [
        f"# {step.title}: {plan.unit}",
        "## Problem",
        prose(step.problem),
        "## Tasks",
        "\n".join(f"- [ ] {prose(t)}" for t in step.tasks),
        "## Acceptance Criteria",
        "\n".join(f"- [ ] {prose(a)}" for a in step.acceptance),
    ]
    return front + "\n" + "\n\n".join(body) + "\n"
