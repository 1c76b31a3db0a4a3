"""History and ownership joined with the code: owners per unit, unit pairs labelled by how
they are coupled (imports, change coupling, or both), and files that change often and are
complex (hotspots)."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from coupling.records import (
    FileHotspot,
    OwnerShare,
    PairLabel,
    UnitOwners,
    UnitPair,
)

if TYPE_CHECKING:
    from coupling.records import (
        History,
        ModuleGraph,
        Ownership,
        Rules,
        UnitDependency,
    )


def unit_owners(ownership: Ownership, graph: ModuleGraph) -> tuple[UnitOwners, ...]:
    if not ownership.source:
        return ()
    lines = {
        file.rel: facts.lines for file, facts in zip(graph.project.files, graph.facts, strict=True)
    }
    unit_of = {file.rel: file.unit for file in graph.project.files}
    files: dict[str, int] = defaultdict(int)
    total_lines: dict[str, int] = defaultdict(int)
    owned_files: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    owned_lines: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    unowned: dict[str, int] = defaultdict(int)
    for rel, owners in ownership.files:
        unit = unit_of[rel]
        files[unit] += 1
        total_lines[unit] += lines[rel]
        unowned[unit] += not owners
        for owner in owners:
            owned_files[unit][owner] += 1
            owned_lines[unit][owner] += lines[rel]
    result = []
    for unit in sorted(files):
        shares = [
            OwnerShare(
                owner,
                count / files[unit],
                owned_lines[unit][owner] / total_lines[unit] if total_lines[unit] else 0.0,
            )
            for owner, count in owned_files[unit].items()
        ]
        shares.sort(key=lambda s: (-s.files, -s.lines, s.owner))
        result.append(UnitOwners(unit, tuple(shares), unowned[unit] / files[unit]))
    return tuple(result)


def unit_pairs(history: History, dependencies: tuple[UnitDependency, ...]) -> tuple[UnitPair, ...]:
    imports: dict[tuple[str, str], int] = defaultdict(int)
    for dep in dependencies:
        imports[tuple(sorted((dep.importer, dep.imported)))] += dep.imports  # type: ignore[index]
    changes = {(p.first, p.second): p for p in history.pairs}
    pairs = []
    for key in sorted(set(imports) | set(changes)):
        change = changes.get(key)
        label = (
            PairLabel.BOTH
            if key in imports and change
            else (PairLabel.IMPORTS if key in imports else PairLabel.CO_CHANGES)
        )
        pairs.append(
            UnitPair(
                key[0],
                key[1],
                imports.get(key, 0),
                change.shared if change else 0,
                change.degree if change else None,
                label,
            )
        )
    return tuple(pairs)


def file_hotspots(history: History, graph: ModuleGraph, rules: Rules) -> tuple[FileHotspot, ...]:
    complexity = {
        file.rel: (file.unit, sum(f.complexity for f in facts.functions))
        for file, facts in zip(graph.project.files, graph.facts, strict=True)
        if not file.is_test
    }
    found = [
        FileHotspot(
            churn.file,
            complexity[churn.file][0],
            churn.commits,
            complexity[churn.file][1],
            churn.commits * complexity[churn.file][1],
        )
        for churn in history.files
        if churn.file in complexity and complexity[churn.file][1]
    ]
    found.sort(key=lambda h: (-h.score, -h.commits, h.file))
    return tuple(found[: rules.history.hotspots])
