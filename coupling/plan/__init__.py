"""Assessment → Plan: `coupling plan UNIT`, the brief a team extracts a unit from (or, for a
shared kernel, publishes it as a library from): its API, data, tests, run-time links, the
baseline to beat, the target layout and the steps, each drawn from the facts the reports hold.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coupling.errors import InputError
from coupling.plan.data import data_part
from coupling.plan.layout import layout_part
from coupling.plan.library import library_steps
from coupling.plan.names import contract, taken
from coupling.plan.runtime import baseline, runtime_part, suite_part
from coupling.plan.steps import Parts, service_steps
from coupling.records import (
    RANKED_KINDS,
    ApiPart,
    Plan,
    PlanKind,
    Role,
)

if TYPE_CHECKING:
    from coupling.records import (
        Assessment,
        Candidate,
        PlanRules,
        Verdict,
    )

__all__ = ["build_plan"]

# What an unranked unit is, and why nothing of it moves.
_NOTHING_TO_MOVE = {
    "facade": "the package's own __init__ (its names belong to the units it re-exports)",
    "entry point": "an entry point (it starts the program and goes where the program goes)",
    "shim": "a shim that only re-exports names from other units",
    "migrations": "migrations (they move with the tables of the unit that owns them)",
    "vendored": "vendored third-party code (depend on the package instead)",
    "generated": "generated code (regenerate it where it is needed)",
    "empty": "an empty package",
    "test support": "test support (it moves with the tests that use it)",
}


def build_plan(assessment: Assessment, unit: str, rules: PlanRules, reports: str) -> Plan:
    """The plan for `unit` (a ranked unit of the assessment); `reports` is the report folder
    relative to the config's folder, for the specs' `informed_by`. An unranked unit has
    nothing to move: an InputError saying why."""
    analysis = assessment.analysis
    candidate, verdict = _ranked(assessment, unit)
    library = candidate.role is Role.SHARED_KERNEL
    root = (rules.library_root if library else rules.service_root).format(unit=unit)
    api = _api(assessment, unit)
    tests = suite_part(analysis, unit)
    data = data_part(analysis.data, unit)
    parts = Parts(
        unit=unit,
        root=root,
        files=tuple(f.rel for f in analysis.project.files if f.unit == unit and not f.is_test),
        reports=reports,
        api=api,
        data=data,
        tests=tests,
        runtime=runtime_part(analysis, unit),
        baseline=baseline(assessment.production, unit),
        layout=layout_part(
            analysis.project,
            unit,
            root,
            tests=tests,
            migrations=data.migrations,
            contract=() if library else api.contract,
        ),
        verdict=verdict,
        models=frozenset(m.key for m in analysis.data.models),
    )
    group = assessment.kernels if library else assessment.candidates
    return Plan(
        unit=unit,
        kind=PlanKind.LIBRARY if library else PlanKind.SERVICE,
        scan_path=analysis.project.scan_path,
        rank=[c.unit for c in group].index(unit) + 1,
        among=len(group),
        score=candidate.score,
        role=candidate.role,
        verdict=verdict,
        recommendation=candidate.recommendation,
        owners=next((o.owners for o in analysis.evolution.owners if o.unit == unit), ()),
        teams=next((h.teams for h in analysis.evolution.history.units if h.unit == unit), ()),
        files=parts.files,
        reports=_reports(reports, unit),
        api=parts.api,
        data=parts.data,
        tests=parts.tests,
        runtime=parts.runtime,
        baseline=parts.baseline,
        layout=parts.layout,
        steps=library_steps(parts, rules) if library else service_steps(parts, rules),
        spec_id=(rules.library_spec if library else rules.service_spec).format(unit=unit),
    )


def _ranked(assessment: Assessment, unit: str) -> tuple[Candidate, Verdict]:
    """The unit's candidate entry and verdict; an unranked unit is an InputError saying what
    it is and naming ranked ones."""
    ranked = [*assessment.candidates, *assessment.kernels]
    candidate = next((c for c in ranked if c.unit == unit), None)
    verdict = assessment.verdict(unit)
    if candidate is not None and verdict is not None:
        return candidate, verdict
    stats = next((u for u in assessment.analysis.imports.units if u.name == unit), None)
    kind = str(stats.kind) if stats and stats.kind not in RANKED_KINDS else "empty"
    others = ", ".join(c.unit for c in ranked[:5]) or "none here"
    raise InputError(
        f"{unit} is {_NOTHING_TO_MOVE.get(kind, kind)}: nothing to move; plan a ranked "
        f"unit instead ({others})",
        path=assessment.analysis.project.scan_path,
    )


def _api(assessment: Assessment, unit: str) -> ApiPart:
    analysis = assessment.analysis
    surface = next((s for s in analysis.interfaces.surfaces if s.unit == unit), None)
    modules = {f.module for f in analysis.project.files}
    group = next((g for g in analysis.imports.groups if unit in g), ())
    used = taken(analysis.imports, unit)
    return ApiPart(
        endpoints=tuple(e for e in analysis.interfaces.endpoints if e.unit == unit),
        contract=contract(analysis.imports, unit),
        named=tuple(
            d
            for d in analysis.runtime.dynamic
            if d.target_unit == unit and d.source_unit != unit and d.imported
        ),
        uses=tuple(u for u in used if not u.kernel),
        kernels=tuple(u for u in used if u.kernel),
        facade=tuple(m for m in surface.facade if m in modules) if surface else (),
        past_facade=surface.incoming - surface.through_facade if surface else 0,
        cycle=tuple(sorted(set(group) - {unit})),
        cuts=tuple(
            b
            for b in analysis.imports.breakers
            if unit in (b.importer_unit, b.imported_unit)
            and {b.importer_unit, b.imported_unit} <= set(group)
        ),
    )


def _reports(folder: str, unit: str) -> tuple[str, ...]:
    prefix = f"{folder}/" if folder and folder != "." else ""
    return (
        f"{prefix}plans/{unit}.md",
        f"{prefix}extraction-candidates.md",
        f"{prefix}risk-assessment.md",
        f"{prefix}dependency-matrix.md",
    )
