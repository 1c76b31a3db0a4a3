"""Plans as written: built by the plan stage, drawn with the unit's neighbours, stamped with
the digest of their facts. `coupling plan`, `scan` (which keeps committed plans up to date)
and `check` (which compares their digests) all make them here."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from coupling.errors import InputError
from coupling.plan import build_plan
from coupling.plan.fingerprint import fingerprint
from coupling.records import MadePlan
from coupling.render.diagram import unit_diagram
from coupling.render.plan import render_plan
from coupling.render.plan.document import render_plan_json
from coupling.render.plan.specs import render_specs

if TYPE_CHECKING:
    from coupling.records import Assessment, PlanRequest, PlanRules


def made_plan(assessment: Assessment, unit: str, rules: PlanRules, reports: str) -> MadePlan:
    """`unit`'s plan, as markdown stamped with its digest; an InputError when there is no
    such unit or nothing of it to move."""
    analysis = assessment.analysis
    if unit not in analysis.imports.order:
        raise InputError(f"no unit {unit!r}", path=analysis.project.scan_path)
    plan = build_plan(assessment, unit, rules, reports)
    roles = {c.unit: str(c.role) for c in (*assessment.candidates, *assessment.kernels)}
    neighbours = unit_diagram(
        analysis.imports, analysis.project.scan_path, roles, focus=unit, hops=1
    )
    facts = fingerprint(plan)
    return MadePlan(plan, render_plan(plan, neighbours, facts), facts)


def made_plans(
    assessment: Assessment, units: tuple[str, ...], rules: PlanRules, reports: str
) -> dict[str, MadePlan | None]:
    """Each unit's plan; None when none can be made any more (no such unit, nothing to move)."""
    found: dict[str, MadePlan | None] = {}
    for unit in units:
        try:
            found[unit] = made_plan(assessment, unit, rules, reports)
        except InputError:
            found[unit] = None
    return found


def digests(plans: Mapping[str, MadePlan | None]) -> dict[str, str]:
    """unit → the digest of its plan's facts ("" when none can be made)."""
    return {unit: made.facts if made else "" for unit, made in plans.items()}


def plan_files(
    made: MadePlan, request: PlanRequest, plans: Path
) -> tuple[str, list[tuple[Path, dict[str, str]]]]:
    """What `coupling plan` prints or writes: the text (markdown, or JSON with `as_json`) and
    each folder with the files to write there: the plan to `plans/UNIT.md` (or `out`; with
    `as_json`, only to `out`), the specs to `specs`."""
    text = render_plan_json(made.plan, made.facts) if request.as_json else made.text
    files: list[tuple[Path, dict[str, str]]] = []
    if request.out is not None:
        files.append((request.out.parent.resolve(), {request.out.name: text}))
    elif not request.as_json:
        files.append((plans.parent, {f"{plans.name}/{made.plan.unit}.md": text}))
    if request.specs is not None:
        files.append((request.specs.resolve(), render_specs(made.plan)))
    return text, files
