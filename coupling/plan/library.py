"""The steps of a shared kernel's plan: it is published as a library, not extracted as a
service. Its API (the names other units import, reached through its facade), the package,
its tests, then the release and the switch of every unit to the published version."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coupling.plan.steps import listed, step, suite
from coupling.records.words import plural

if TYPE_CHECKING:
    from coupling.plan.steps import Parts
    from coupling.records import PlanRules, Step


def library_steps(parts: Parts, rules: PlanRules) -> tuple[Step, ...]:
    api, package, tests, release = rules.library_steps
    report = f"{parts.reports}/" if parts.reports not in ("", ".") else ""
    return (
        step(
            1,
            api,
            parts,
            _api(parts),
            informed_by=[*parts.files, f"{report}dependency-matrix.md"],
            target_files=[],
        ),
        step(
            2,
            package,
            parts,
            _package(parts),
            informed_by=list(parts.files),
            target_files=[m.target for m in parts.layout.moves if m.part in ("src", "migrations")],
        ),
        step(
            3,
            tests,
            parts,
            suite(parts, rules),
            informed_by=[*parts.tests.files, *parts.tests.support],
            target_files=[m.target for m in parts.layout.moves if m.part in ("tests", "fixtures")],
        ),
        step(
            4,
            release,
            parts,
            _release(parts),
            informed_by=[f"{report}plans/{parts.unit}.md", f"{report}extraction-candidates.md"],
            target_files=[],
            depends_on=(1, 2, 3),
        ),
    )


def _api(parts: Parts) -> tuple[list[str], list[str]]:
    api, unit, tasks, checks = parts.api, parts.unit, [], []
    if api.past_facade:
        tasks.append(
            f"Run `coupling seal {unit} --apply`: {plural(api.past_facade, 'import')} of other "
            f"units reach past its facade ({', '.join(api.facade) or unit})"
        )
        checks.append(
            f"`coupling check` passes with {unit} in `sealed` under [tool.coupling.check]"
        )
    tasks += [
        f"Publish `{m.module}` names for {', '.join(m.units)}: {listed([n.name for n in m.names])}"
        for m in api.contract
    ]
    names = sum(len(m.names) for m in api.contract)
    if names:
        checks.append(f"The {plural(names, 'name')} other units import are its documented API")
    return tasks, checks


def _package(parts: Parts) -> tuple[list[str], list[str]]:
    tasks, checks = [], []
    others = [*parts.api.uses, *parts.api.kernels]
    if others:
        tasks.append(
            "Remove its imports of other units (a library imports none of them): "
            + "; ".join(f"{u.unit} ({plural(u.statements, 'import')})" for u in others)
        )
    if parts.data.owned:
        tasks.append(
            f"Hand its {plural(len(parts.data.owned), 'model')} "
            f"({listed([m.key.rpartition('.')[2] for m in parts.data.owned])}) to the unit "
            "that writes them: a library owns no tables"
        )
    checks.append("It imports nothing from the rest of the monolith")
    return tasks, checks


def _release(parts: Parts) -> tuple[list[str], list[str]]:
    consumers = sorted({u for m in parts.api.contract for u in m.units})
    checks = [f"{', '.join(consumers)} depend on the published version"] if consumers else []
    return [], checks
