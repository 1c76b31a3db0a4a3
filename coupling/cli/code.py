"""The commands about the code itself: graph (export the unit graph) and seal (rewrite deep
imports into a unit's facade)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from coupling import records
from coupling.cli.console import fail
from coupling.cli.options import analysis_options, settings_for
from coupling.errors import CouplingError
from coupling.pipeline import diagram as run_diagram
from coupling.pipeline import seal as run_seal

if TYPE_CHECKING:
    from coupling.config import Flags


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "style",
    type=click.Choice(["mermaid", "dot", "json"]),
    default="mermaid",
    show_default=True,
    help="mermaid for a wiki or a PR, dot for Graphviz, json for other tools.",
)
@click.option(
    "--focus", metavar="UNIT", help="Only UNIT and the units up to --hops imports away, either way."
)
@click.option(
    "--hops",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="With --focus: how many imports away from UNIT to reach.",
)
@click.option(
    "--modules",
    is_flag=True,
    help="Modules as nodes, boxed by unit, with the imports inside units as well.",
)
@analysis_options()
def graph(
    *, path: Path | None, style: str, focus: str | None, hops: int, modules: bool, flags: Flags
) -> None:
    """Print the unit graph of PATH: the matrix's units and import statements, cycle groups,
    imports to cut and shared kernels, as dependency-matrix.md draws them (in full).

    \b
    coupling graph src --format dot | dot -Tsvg > units.svg
    coupling graph src --focus billing --hops 2
    """
    from coupling.render import mermaid
    from coupling.render.graph_export import graph_notes, render_graph

    try:
        drawn = run_diagram(
            settings_for(path, None, flags),
            focus=focus or "",
            hops=hops,
            modules=modules,
            max_edges=mermaid.MAX_EDGES if style == "mermaid" else 0,
        )
    except CouplingError as error:
        fail(str(error))
    text = render_graph(drawn, style)
    click.echo(text, nl=False)
    for note in graph_notes(drawn, text, style):
        click.echo(f"coupling: note: {note}", err=True)


@click.command()
@click.argument("unit")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "--apply",
    "write",
    is_flag=True,
    help="Write the changes (every file or none) instead of printing them as a diff.",
)
@click.option(
    "--facade",
    metavar="MODULE",
    help="The module other units should import UNIT through, e.g. billing.api "
    "[default: UNIT's __init__.py].",
)
@click.option(
    "--tests", "tests", is_flag=True, help="Rewrite test code too (it is left alone by default)."
)
@analysis_options(with_inputs=False)
def seal(
    *,
    unit: str,
    path: Path | None,
    write: bool,
    facade: str | None,
    tests: bool,
    flags: Flags,
) -> None:
    """Rewrite every import from another unit that reaches past UNIT's facade
    (`from billing.models import Invoice`) to import the facade (`from billing import
    Invoice`), and add those names to the facade as re-exports listed in __all__.

    Without --apply, prints a unified diff and a summary and changes nothing. What it cannot
    do safely (a new import cycle, a name clash, `import *`, strings naming a module, a file it
    cannot parse…) is refused with one line each, and the exit code is 1.
    """
    from coupling.render.seal_output import render_seal_diff, render_seal_summary

    try:
        plan = run_seal(
            settings_for(path, None, flags), records.SealRequest(unit, facade, tests), write=write
        )
    except CouplingError as error:
        fail(str(error))
    if not write:
        click.echo(render_seal_diff(plan), nl=False)
    click.echo(render_seal_summary(plan, applied=write), nl=False)
    sys.exit(1 if plan.refusals else 0)
