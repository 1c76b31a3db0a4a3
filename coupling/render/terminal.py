"""What the terminal shows after a scan: rich renderables, printed by the CLI."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from coupling.records import Assessment, ImportCoupling, Project
from coupling.render.format import count, plural, ratio, role


def render_summary(project: Project, imports: ImportCoupling) -> tuple[Text, Table]:
    """A one-line scope summary and a per-unit table in levelised order."""
    cross = len({(e.file, e.line) for d in imports.dependencies for e in d.sites})
    more = "" if imports.cycles_complete else " or more"
    cycles = (
        f"{plural(len(imports.cycles), 'cycle')}{more} in {plural(len(imports.groups), 'group')}"
        if imports.groups
        else "no cycles"
    )
    headline = Text(
        f"{plural(len(imports.units), 'unit')} · {plural(len(project.files), 'file')} · "
        f"{plural(imports.statements, 'import statement')} ({count(cross)} between units) · {cycles}"
    )
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
    cyclic = {unit for group in imports.groups for unit in group}
    for unit in imports.units:
        table.add_row(
            unit.name,
            count(unit.modules),
            count(unit.lines),
            count(unit.fan_in),
            count(unit.fan_out),
            ratio(unit.instability),
            "yes" if unit.name in cyclic else "",
            role(unit),
        )
    return headline, table


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
