"""What the terminal shows after a scan: rich renderables, printed by the CLI."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from coupling.records import ScanView, UnitLine
from coupling.render.format import count, plural, ratio, role

if TYPE_CHECKING:
    from coupling.records import Assessment


def scan_view(assessment: Assessment, skipped: int) -> ScanView:
    """The scan's terminal summary in words: a one-line scope, a row per unit in levelised
    order, the best candidate."""
    project, imports = assessment.analysis.project, assessment.analysis.imports
    cross = len({(e.file, e.line) for d in imports.dependencies for e in d.sites})
    more = "" if imports.cycles_complete else " or more"
    cycles = (
        f"{plural(len(imports.cycles), 'cycle')}{more} in {plural(len(imports.groups), 'group')}"
        if imports.groups
        else "no cycles"
    )
    headline = (
        f"{plural(len(imports.units), 'unit')} · {plural(len(project.files), 'file')} · "
        f"{plural(imports.statements, 'import statement')} ({count(cross)} between units) · {cycles}"
    )
    cyclic = {unit for group in imports.groups for unit in group}
    units = tuple(
        UnitLine(
            unit=unit.name,
            modules=count(unit.modules),
            lines=count(unit.lines),
            fan_in=count(unit.fan_in),
            fan_out=count(unit.fan_out),
            instability=ratio(unit.instability),
            in_cycle=unit.name in cyclic,
            role=role(unit),
        )
        for unit in imports.units
    )
    best = ""
    if assessment.candidates:
        top = assessment.candidates[0]
        best = f"Best extraction candidate: {top.unit} ({top.score:.1f}/10): {top.rationale}"
    return ScanView(headline=headline, units=units, best=best, left_out=skipped)


def render_summary(view: ScanView) -> tuple[Text, Table]:
    """A one-line scope summary and a per-unit table in levelised order."""
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    for header, justify in (
        ("unit", "left"),
        ("files", "right"),
        ("lines", "right"),
        ("fan-in", "right"),
        ("fan-out", "right"),
        ("I", "right"),
        ("cycle", "center"),
        ("role", "left"),
    ):
        table.add_column(header, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for line in view.units:
        table.add_row(
            line.unit,
            line.modules,
            line.lines,
            line.fan_in,
            line.fan_out,
            line.instability,
            "yes" if line.in_cycle else "",
            line.role,
        )
    return Text(view.headline), table


def render_ranking(assessment: Assessment, top: int | None) -> Table:
    """The ranking as `coupling score` prints it."""
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    for header, justify in (
        ("#", "right"),
        ("unit", "left"),
        ("score", "right"),
        ("role", "left"),
        ("rationale", "left"),
    ):
        table.add_column(header, justify=justify, no_wrap=header != "rationale")  # type: ignore[arg-type]
    shown = assessment.candidates[:top] if top else assessment.candidates
    for rank, candidate in enumerate(shown, 1):
        table.add_row(
            str(rank), candidate.unit, f"{candidate.score:.1f}", candidate.role, candidate.rationale
        )
    for kernel in assessment.kernels:
        table.add_row(
            "–", kernel.unit, f"{kernel.score:.1f}", kernel.role, "library, not a service"
        )
    return table
