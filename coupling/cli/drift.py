"""The drift commands: check (are the reports still true, do the ratchets hold) and diff."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from coupling.cli.console import fail, shown
from coupling.cli.options import analysis_options, settings_for
from coupling.errors import CouplingError
from coupling.pipeline import check as run_check
from coupling.pipeline import diff as run_diff
from coupling.render.write import write_reports

if TYPE_CHECKING:
    from coupling.config import Flags


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "style",
    type=click.Choice(["text", "json", "github", "sarif"]),
    default="text",
    show_default=True,
    help="github: annotations for GitHub Actions; sarif: SARIF 2.1.0 for GitHub code scanning.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="The report folder holding the committed coupling.json, as given to `scan --out` "
    "[default: analysis/coupling beside the config file, else here].",
)
@analysis_options()
def check(*, path: Path | None, style: str, out: Path | None, flags: Flags) -> None:
    """Fail (exit 1) when the committed reports no longer match the code, or a ratchet of
    [tool.coupling.drift.check] breaks: no-new-cycles, frozen units, sealed units, max-fan-in,
    max-score-drop."""
    try:
        result = run_check(settings_for(path, out, flags))
    except CouplingError as error:
        fail(str(error))
    from coupling.render.check_output import render_check

    click.echo(render_check(result, style))
    sys.exit(1 if result.problems else 0)


@click.command()
@click.argument("rev")
@click.argument("rev2", required=False)
@click.option(
    "-p",
    "--path",
    type=click.Path(path_type=Path),
    help="The folder to analyse [default: `path` in the config file, else here].",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the markdown to FILE instead of printing it.",
)
@analysis_options()
def diff(*, rev: str, rev2: str | None, path: Path | None, out: Path | None, flags: Flags) -> None:
    """What changed in coupling from git revision REV to REV2 (default: the working tree):
    new and removed dependencies between units, cycles, score and rank shifts, fan-in.

    Each revision is exported to a temporary folder (git archive); the working tree, index
    and stash are never touched. Both sides use today's settings and no git history.
    """
    try:
        report = run_diff(settings_for(path, None, flags), rev, rev2)
        if out is not None:
            write_reports(out.parent.resolve(), {out.name: report})
    except CouplingError as error:
        fail(str(error))
    if out is None:
        click.echo(report, nl=False)
    else:
        click.echo(f"Wrote {shown(out.resolve())}", err=True)
