"""The recommended extraction order, as phases.

Shared kernels first, as libraries every extracted service will depend on. Then services by
ease: each leaves behind an API and keeps calling, through an API, what is still in the
monolith. A unit in a cycle waits for the cycle to be broken (its imports to cut are listed),
so the cycle gets a phase of its own before its first member leaves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coupling.records import Phase
from coupling.records.words import plural

if TYPE_CHECKING:
    from coupling.records import Analysis, Candidate

STEPS = 5  # extractions spelled out; the rest follow by score in one line


def phases(
    analysis: Analysis, services: tuple[Candidate, ...], kernels: tuple[Candidate, ...]
) -> tuple[Phase, ...]:
    found: list[Phase] = []
    if kernels:
        found.append(
            Phase(
                "Publish shared kernels as libraries",
                tuple(k.unit for k in kernels),
                "Every service will import them: version them, and keep them free of service code.",
            )
        )
    broken: set[int] = set()
    extracted: list[str] = []
    for candidate in services[:STEPS]:
        for number, group in enumerate(analysis.imports.groups):
            if candidate.unit in group and number not in broken:
                broken.add(number)
                cut = [
                    b
                    for b in analysis.imports.breakers
                    if b.importer_unit in group and b.imported_unit in group
                ]
                found.append(
                    Phase(
                        f"Break the cycle between {', '.join(group)}",
                        group,
                        f"Cut {plural(len(cut), 'module import')} (see Imports to cut) so that its units can leave one by one.",
                    )
                )
        ranked = {c.unit for c in services}
        waiting = sorted(
            {d.imported for d in analysis.imports.dependencies if d.importer == candidate.unit}
            & ranked - set(extracted)
        )
        note = candidate.recommendation
        if waiting:
            note += (
                f" Until they leave, it calls {', '.join(waiting)} in the monolith through an API."
            )
        found.append(
            Phase(
                f"Extract {candidate.unit} ({candidate.score:.1f}/10, {candidate.role.value})",
                (candidate.unit,),
                note,
            )
        )
        extracted.append(candidate.unit)
    if rest := services[STEPS:]:
        found.append(
            Phase(
                "Then, by score",
                tuple(c.unit for c in rest),
                "Each once the steps above have shown the way: "
                + ", ".join(f"{c.unit} ({c.score:.1f})" for c in rest)
                + ".",
            )
        )
    return tuple(found)
