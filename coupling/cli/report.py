"""The commands that analyse and report: scan, score, explain, plan."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from coupling import records
from coupling.cli.console import ProgressBar, consoles, fail, shown, summarise
from coupling.cli.options import analysis_options, settings_for
from coupling.errors import CouplingError
from coupling.pipeline import evaluate
from coupling.pipeline import explain as run_explain
from coupling.pipeline import plan as run_plan
from coupling.pipeline import refresh as run_refresh
from coupling.pipeline import scan as run_scan

if TYPE_CHECKING:
    from coupling.config import Flags


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="Report folder [default: analysis/coupling beside the config file, else here].",
)
@analysis_options(with_risks=True)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option(
    "--html",
    is_flag=True,
    help="Also write report.html: one offline page with the matrix as a heatmap, the unit graph, "
    "the ranking, the risks and a panel per unit. Once there, every scan keeps it up to date.",
)
@click.option(
    "--stage",
    is_flag=True,
    help="For pre-commit: only when the reports are stale, rewrite them, `git add` them and "
    "exit 1 so that the commit is made again with them. A broken ratchet is never written "
    "into them.",
)
def scan(
    *, path: Path | None, out: Path | None, quiet: bool, html: bool, stage: bool, flags: Flags
) -> None:
    """Analyse PATH and write dependency-matrix.md, extraction-candidates.md,
    risk-assessment.md and coupling.json.

    PATH is the folder holding your top-level packages (a src/ layout) or a package whose
    direct children are the units to compare. Without PATH: `path` in the config file found
    from here (coupling.toml or [tool.coupling]), else the current folder.
    """
    if stage:
        _refresh(path, out, flags)
    try:
        settings = settings_for(path, out, flags)
        # Quiet, rich is not even loaded: `scan -q` in a hook or CI prints nothing.
        with ProgressBar(None if quiet else consoles()[1], enabled=not quiet) as progress:
            outcome = run_scan(settings, progress, html=html)
    except CouplingError as error:
        fail(str(error))
    if not quiet:
        summarise(*consoles(), outcome)


def _refresh(path: Path | None, out: Path | None, flags: Flags) -> NoReturn:
    from coupling.render.check_output import render_check

    try:
        result, outcome = run_refresh(settings_for(path, out, flags))
    except CouplingError as error:
        fail(str(error))
    if outcome is None:
        if result.problems:
            click.echo(render_check(result, "text"))
        sys.exit(1 if result.problems else 0)
    click.echo(
        f"coupling: the reports were stale ({result.problems[0].message}"
        + (f", and {len(result.problems) - 1} more" if len(result.problems) > 1 else "")
        + f"); rewrote and staged {len(outcome.written)} reports: commit again to include them."
    )
    sys.exit(1)


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "--top", type=click.IntRange(min=1), help="Show the N best candidates [default: all]."
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the scores as JSON instead of a table."
)
@analysis_options()
def score(*, path: Path | None, top: int | None, as_json: bool, flags: Flags) -> None:
    """Rank PATH's units by how easily they could be extracted as services (out of 10)."""
    try:
        outcome = evaluate(settings_for(path, None, flags))
    except CouplingError as error:
        fail(str(error))
    if as_json:
        from coupling.render.coupling_json import scores

        document = scores(outcome.assessment)
        if top:
            document["ranking"] = document["ranking"][:top]
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
        return
    from coupling.render.terminal import render_ranking

    consoles()[0].print(render_ranking(outcome.assessment, top))


@click.command()
@click.argument("unit")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "--all", "show_all", is_flag=True, help="List the shared kernels' imports too, name by name."
)
@click.option("--json", "as_json", is_flag=True, help="Print the cut report as JSON.")
@analysis_options()
def explain(*, unit: str, path: Path | None, show_all: bool, as_json: bool, flags: Flags) -> None:
    """The cut report for UNIT: a summary, then every import, model, table, endpoint and owner
    that crosses its boundary, each name once with its count and file:line."""
    try:
        assessment, crossing = run_explain(settings_for(path, None, flags), unit)
    except CouplingError as error:
        fail(str(error))
    from coupling.render.explain import render_cut, render_cut_json

    if as_json:
        click.echo(render_cut_json(assessment, crossing), nl=False)
        return
    consoles()[0].print(render_cut(assessment, crossing, show_all=show_all))


@click.command()
@click.argument("unit")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the plan to FILE [default: plans/UNIT.md in the report folder].",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the plan as JSON instead of writing the markdown (with --out, write it there).",
)
@click.option(
    "--specs",
    type=click.Path(path_type=Path, file_okay=False),
    help="Also write the plan as a driver spec and four member specs (markdown with YAML "
    "front matter) into DIR.",
)
@analysis_options()
def plan(
    *,
    unit: str,
    path: Path | None,
    out: Path | None,
    as_json: bool,
    specs: Path | None,
    flags: Flags,
) -> None:
    """Write the extraction brief for UNIT: summary, API, data, tests, run-time links, the
    baseline to beat, the target layout and the steps (for a shared kernel: how to publish it
    as a library). `coupling check` keeps a plan in the report folder up to date.

    \b
    coupling plan reporting src
    coupling plan reporting src --specs .chant/specs
    """
    try:
        outcome = run_plan(
            settings_for(path, None, flags), records.PlanRequest(unit, out, specs, as_json=as_json)
        )
    except CouplingError as error:
        fail(str(error))
    if as_json and out is None:
        click.echo(outcome.text, nl=False)
    for written in outcome.written:
        click.echo(f"Wrote {shown(written)}", err=as_json and out is None)
