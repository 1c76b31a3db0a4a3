"""The data report.html's script reads: compact JSON built from the assessment's records.

Units are indices into the levelised order; file paths, module names and imported names go
through one string table (they are most of the bytes). Cells are sparse, so 500 units cost
what their imports cost, not 250,000 cells.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from coupling import __version__
from coupling.render.diagram import most_coupled
from coupling.render.html import layout

if TYPE_CHECKING:
    from coupling.records import (
        Assessment,
        Candidate,
        Cycle,
        ImportCoupling,
        ImportSite,
        UnitRisks,
        UnitStats,
    )

MAX_GRAPH_UNITS = 40  # as dependency-matrix.md: past ~40 boxes a drawing is a hairball
RATIOS = ("instability", "abstractness", "distance", "cohesion")


class StringTable:
    """Interns repeated strings: each is written once and referred to by its index."""

    def __init__(self) -> None:
        self.strings: list[str] = []
        self._index: dict[str, int] = {}

    def ref(self, text: str) -> int:
        if text not in self._index:
            self._index[text] = len(self.strings)
            self.strings.append(text)
        return self._index[text]


def page_model(assessment: Assessment) -> dict[str, object]:
    analysis = assessment.analysis
    imports = analysis.imports
    index = {name: i for i, name in enumerate(imports.order)}
    strings = StringTable()
    scored = {c.unit: (rank, c) for rank, c in enumerate(assessment.candidates, 1)}
    scored.update({k.unit: (0, k) for k in assessment.kernels})
    factor_names = list(dict.fromkeys(f.name for _rank, c in scored.values() for f in c.factors))
    return {
        "title": f"Coupling of {analysis.project.scan_path}",
        "generator": f"coupling {__version__}",
        "summary": summary(assessment),
        "factorNames": [str(name) for name in factor_names],
        "units": [
            unit_model(stats, scored.get(stats.name), factor_names, imports)
            for stats in imports.units
        ],
        "cells": [
            [
                index[dep.importer],
                index[dep.imported],
                dep.imports,
                [site_model(site, strings) for site in dep.sites],
            ]
            for dep in imports.dependencies
        ],
        "groups": [[index[unit] for unit in group] for group in imports.groups],
        "cycles": [cycle_model(cycle, index, strings) for cycle in imports.cycles],
        "breakers": [
            [b.importer, b.imported, [f"{s.file}:{s.line}" for s in b.sites]]
            for b in imports.breakers
        ],
        "risks": risks_model(assessment.risks, index),
        "graph": graph_model(imports),
        "strings": strings.strings,
    }


def summary(assessment: Assessment) -> list[list[object]]:
    analysis = assessment.analysis
    imports = analysis.imports
    cross = len({(s.file, s.line) for d in imports.dependencies for s in d.sites})
    return [
        ["units", len(imports.units)],
        ["files", len(analysis.project.files)],
        ["lines", sum(u.lines for u in imports.units)],
        ["import statements", imports.statements],
        ["between units", cross],
        ["cycle groups", len(imports.groups)],
        ["cycles listed", len(imports.cycles)],
    ]


def unit_model(
    stats: UnitStats,
    scored: tuple[int, Candidate] | None,
    factor_names: Sequence[str],
    imports: ImportCoupling,
) -> dict[str, object]:
    rank, candidate = scored if scored else (0, None)
    group = next((g for g, units in enumerate(imports.groups) if stats.name in units), -1)
    return {
        "name": stats.name,
        "role": str(candidate.role) if candidate else None,
        "score": candidate.score if candidate else None,
        "rank": rank or None,
        "group": group,
        "metrics": metrics(stats),
        "rationale": candidate.rationale if candidate else "",
        "recommendation": candidate.recommendation if candidate else "",
        # [factor index, value (None when unknown), weight]
        "factors": [
            [
                factor_names.index(f.name),
                None if f.value is None else round(f.value, 4),
                round(f.weight, 4),
            ]
            for f in (candidate.factors if candidate else ())
        ],
    }


def metrics(stats: UnitStats) -> list[list[str]]:
    """The unit's figures as [label, text], in the order of dependency-matrix.md."""
    counts = [
        ("modules", stats.modules),
        ("lines", stats.lines),
        ("code lines", stats.code_lines),
        ("fan-in", stats.fan_in),
        ("fan-out", stats.fan_out),
        ("Ca", stats.ca),
        ("Ce", stats.ce),
    ]
    rows = [[label, f"{value:,}"] for label, value in counts]
    rows += [
        [name, "–" if value is None else f"{value:.2f}"]
        for name in RATIOS
        for value in [getattr(stats, name)]
    ]
    return rows


def site_model(site: ImportSite, strings: StringTable) -> list[int]:
    """[file, line, importer, imported, names, flags]; flags 1: under TYPE_CHECKING, 2: inside
    a function. Every string is an index into the string table."""
    return [
        strings.ref(site.file),
        site.line,
        strings.ref(site.importer),
        strings.ref(site.imported),
        strings.ref(", ".join(site.names)),
        int(site.type_checking) | 2 * int(site.in_function),
    ]


def cycle_model(cycle: Cycle, index: dict[str, int], strings: StringTable) -> dict[str, object]:
    return {
        "units": [index[unit] for unit in cycle.units],
        # [from, to, import statements, at import time, file, line]
        "hops": [
            [
                index[hop.importer],
                index[hop.imported],
                hop.imports,
                int(hop.at_import_time),
                strings.ref(hop.sample.file),
                hop.sample.line,
            ]
            for hop in cycle.hops
        ],
    }


def risks_model(risks: Sequence[UnitRisks], index: dict[str, int]) -> list[list[object]]:
    """One row per finding, the most severe first:
    [unit, level, id, title, likelihood, impact, severity, evidence, mitigation, samples]."""
    rows = [
        (
            -finding.severity,
            index[unit.unit],
            finding.id,
            [
                index[unit.unit],
                str(unit.level),
                finding.id,
                finding.title,
                str(finding.likelihood),
                str(finding.impact),
                finding.severity,
                finding.evidence,
                finding.mitigation,
                list(finding.samples),
            ],
        )
        for unit in risks
        for finding in unit.findings
    ]
    return [row for *_key, row in sorted(rows, key=lambda r: (r[0], r[1], r[2]))]


def graph_model(imports: ImportCoupling) -> dict[str, object]:
    """The layered drawing of the most coupled units, in the page's compact form."""
    order = imports.order
    index = {name: i for i, name in enumerate(order)}
    counts = [[0] * len(order) for _ in order]
    for dep in imports.dependencies:
        counts[index[dep.importer]][index[dep.imported]] = dep.imports
    group_of = [-1] * len(order)
    for number, group in enumerate(imports.groups):
        for unit in group:
            group_of[index[unit]] = number
    kernel = [bool(u.shared_kernel) for u in imports.units]
    shown = sorted(index[u] for u in most_coupled(imports, order, MAX_GRAPH_UNITS))
    drawing = layout.graph_layout(counts, group_of, kernel, shown)
    return {
        "width": drawing.width,
        "height": drawing.height,
        "nodeWidth": layout.NODE_WIDTH,
        "nodeHeight": layout.NODE_HEIGHT,
        "total": drawing.total_units,
        "hiddenKernelEdges": drawing.hidden_kernel_edges,
        "nodes": [[n.unit, n.layer, n.x, n.y] for n in drawing.nodes],
        # [source, target, imports, flags, [x, y, x, y, ...]]; flags: 1 inside a cycle group,
        # 2 closes a cycle, 4 both ends in one column
        "edges": [
            [
                e.source,
                e.target,
                e.imports,
                int(e.in_cycle) | 2 * int(e.closes_cycle) | 4 * int(e.same_layer),
                [round(c, 1) for point in e.points for c in point],
            ]
            for e in drawing.edges
        ],
    }


def json_for_script(value: object) -> str:
    """JSON safe inside <script type="application/json">: every `<`, `>` and `&` as a \\u
    escape, so no unit name or path can end the element, and JSON.parse reads the same text."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
