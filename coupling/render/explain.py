"""`coupling explain UNIT`: the cut report, everything that crosses the unit's boundary."""

from __future__ import annotations

from collections import defaultdict

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from coupling.records import Assessment, ImportSite


def render_cut(assessment: Assessment, unit: str) -> Group:
    analysis = assessment.analysis
    candidate = next(
        (c for c in (*assessment.candidates, *assessment.kernels) if c.unit == unit), None
    )
    parts: list[RenderableType] = []
    if candidate:
        parts.append(Text(f"{unit}: {candidate.score:.1f}/10, {candidate.role}", style="bold"))
        parts.append(Text(candidate.rationale or "", style="dim"))
    outgoing = [d for d in analysis.imports.dependencies if d.importer == unit]
    incoming = [d for d in analysis.imports.dependencies if d.imported == unit]
    parts.append(
        _imports(
            f"Imports out of {unit} (what it needs from others)",
            [(d.imported, d.sites) for d in outgoing],
        )
    )
    parts.append(
        _imports(
            f"Imports into {unit} (its would-be API)", [(d.importer, d.sites) for d in incoming]
        )
    )
    names = sorted({n for d in incoming for e in d.sites for n in _names(e)})
    parts.append(Text(f"Names other units take from {unit}: " + (", ".join(names) or "none")))
    parts.append(_data(assessment, unit))
    endpoints = [e for e in analysis.interfaces.endpoints if e.unit == unit]
    parts.append(
        Text(
            f"Endpoints ({len(endpoints)}): "
            + (", ".join(f"{e.endpoint.method} {e.endpoint.path}" for e in endpoints) or "none")
        )
    )
    owners = next((o for o in analysis.evolution.owners if o.unit == unit), None)
    history = next((h for h in analysis.evolution.history.units if h.unit == unit), None)
    owner_text = (
        ", ".join(f"{o.owner} {o.files:.0%}" for o in owners.owners) if owners else "no CODEOWNERS"
    )
    team_text = (
        ", ".join(f"{t} {s:.0%}" for t, s in history.teams)
        if history and history.teams
        else "no [teams] map"
    )
    parts.append(Text(f"Owners: {owner_text}; commits by team: {team_text}"))
    pairs = [
        p for p in analysis.evolution.pairs if unit in (p.first, p.second) and p.degree is not None
    ]
    partners = ", ".join(
        f"{p.second if p.first == unit else p.first} ({p.shared_commits} commits, {p.label})"
        for p in pairs
    )
    history_note = partners or (
        "none" if analysis.evolution.history.source else "history not available"
    )
    parts.append(Text(f"Changes together with: {history_note}"))
    return Group(*parts)


def _names(evidence: ImportSite) -> tuple[str, ...]:
    return tuple(
        f"{evidence.imported}.{n}" if not evidence.imported.endswith(n) else evidence.imported
        for n in evidence.names
    )


def _imports(title: str, groups: list[tuple[str, tuple[ImportSite, ...]]]) -> RenderableType:
    if not groups:
        return Text(f"{title}: none")
    table = Table(
        title=title, title_justify="left", show_edge=False, pad_edge=False, header_style="bold"
    )
    table.add_column("unit", no_wrap=True)
    table.add_column("where", no_wrap=True)
    table.add_column("imports")
    for other, evidence in sorted(groups):
        for number, item in enumerate(sorted(evidence, key=lambda e: (e.file, e.line, e.imported))):
            flags = (
                " (TYPE_CHECKING)"
                if item.type_checking
                else (" (in a function)" if item.in_function else "")
            )
            table.add_row(
                other if number == 0 else "",
                f"{item.file}:{item.line}",
                ", ".join(_names(item)) + flags,
            )
    return table


def _data(assessment: Assessment, unit: str) -> RenderableType:
    rows: dict[str, list[str]] = defaultdict(list)
    for cell in assessment.analysis.data.cells:
        if unit not in (cell.source, cell.target):
            continue
        for edge in cell.edges:
            direction = "uses" if edge.source_unit == unit else "used by"
            other = edge.target_unit if edge.source_unit == unit else edge.source_unit
            rows[other].append(
                f"{direction} {edge.target} ({edge.kind} {edge.detail}, {edge.file}:{edge.line})"
            )
    if not rows:
        return Text("Models and tables shared with other units: none")
    table = Table(
        title="Models and tables shared with other units",
        title_justify="left",
        show_edge=False,
        pad_edge=False,
    )
    table.add_column("unit", no_wrap=True)
    table.add_column("link")
    for other in sorted(rows):
        for number, text in enumerate(sorted(set(rows[other]))):
            table.add_row(other if number == 0 else "", text)
    return table
