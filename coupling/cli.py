"""The command line: the only place that prints, prompts or exits.

Exit codes: 0 ok · 1 findings (a check failed) · 2 usage, config or input error.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, NoReturn, TypeVar

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from coupling import __version__
from coupling.config import Flags, load_settings
from coupling.errors import CouplingError
from coupling.model import ScanOutcome, Settings
from coupling.pipeline import evaluate
from coupling.pipeline import scan as run_scan
from coupling.render import render_ranking, render_summary
from coupling.render.as_json import scores
from coupling.render.explain import render_cut

EXIT_INPUT = 2
PROGRESS_FROM = 300  # files to parse; fewer finish before a bar is worth drawing


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="coupling")
def main() -> None:
    """Which module of a Python monolith to extract first, from the code alone.

    Reads imports, never runs the code, and writes markdown reports to analysis/coupling/.
    """


F = TypeVar("F", bound=Callable[..., Any])


def _analysis_options(command: F) -> F:
    """The options every command that analyses a PATH takes."""
    options = [
        click.option(
            "--depth",
            type=click.IntRange(min=1),
            help="Units are dotted names this deep below PATH [default: 1].",
        ),
        click.option(
            "--no-cache",
            is_flag=True,
            help="Parse every file; neither read nor write .coupling/cache.db.",
        ),
        click.option(
            "-j",
            "--jobs",
            type=click.IntRange(min=0),
            help="Parser processes; 0 means one per CPU [default: 0].",
        ),
        click.option(
            "--coverage",
            type=click.Path(path_type=Path),
            help="coverage.xml (Cobertura) or a .coverage file: measured line coverage per unit.",
        ),
        click.option(
            "--history",
            type=click.Path(path_type=Path),
            help="A file of `git log --numstat` output, instead of asking git.",
        ),
        click.option(
            "--metrics",
            type=click.Path(path_type=Path),
            help="Production metrics per unit (TOML, as examples/techcorp/production-metrics.toml).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _settings(path: Path, out: Path | None, options: dict[str, Any]) -> Settings:
    flags = Flags(
        out=out,
        depth=options["depth"],
        jobs=options["jobs"],
        cache=False if options["no_cache"] else None,
        coverage=options["coverage"],
        history=options["history"],
        metrics=options["metrics"],
        risks=options.get("risks"),
    )
    return load_settings(path, Path.cwd(), flags)


@main.command()
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="Report folder [default: analysis/coupling beside the config file, else here].",
)
@_analysis_options
@click.option(
    "--risks", type=click.IntRange(min=1), help="Assess the N best candidates' risks [default: 3]."
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def scan(*, path: Path, out: Path | None, quiet: bool, **options: Any) -> None:
    """Analyse PATH and write dependency-matrix.md, extraction-candidates.md,
    risk-assessment.md and coupling.json.

    PATH is the folder holding your top-level packages (a src/ layout) or a package whose
    direct children are the units to compare.
    """
    stdout = Console(highlight=False)
    stderr = Console(stderr=True, highlight=False)
    try:
        settings = _settings(path, out, options)
        with _ProgressBar(stderr, enabled=not quiet) as progress:
            outcome = run_scan(settings, progress)
    except CouplingError as error:
        _fail(stderr, str(error))
    if not quiet:
        _summarise(stdout, stderr, outcome)


@main.command()
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option(
    "--top", type=click.IntRange(min=1), help="Show the N best candidates [default: all]."
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the scores as JSON instead of a table."
)
@_analysis_options
def score(*, path: Path, top: int | None, as_json: bool, **options: Any) -> None:
    """Rank PATH's units by how easily they could be extracted as services (out of 10)."""
    stdout = Console(highlight=False)
    stderr = Console(stderr=True, highlight=False)
    try:
        outcome = evaluate(_settings(path, None, options))
    except CouplingError as error:
        _fail(stderr, str(error))
    if as_json:
        document = scores(outcome.assessment)
        if top:
            document["ranking"] = document["ranking"][:top]
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
        return
    stdout.print(render_ranking(outcome.assessment, top))


@main.command()
@click.argument("unit")
@click.argument("path", default=".", type=click.Path(path_type=Path))
@_analysis_options
def explain(*, unit: str, path: Path, **options: Any) -> None:
    """The cut report for UNIT: every import, model, table, endpoint and owner that crosses
    its boundary, with file:line."""
    stdout = Console(highlight=False)
    stderr = Console(stderr=True, highlight=False)
    try:
        outcome = evaluate(_settings(path, None, options))
    except CouplingError as error:
        _fail(stderr, str(error))
    units = outcome.assessment.analysis.project.units
    if unit not in units:
        _fail(
            stderr,
            f"no unit {unit!r} in {outcome.assessment.analysis.project.scan_path}; units: {', '.join(units)}",
        )
    stdout.print(render_cut(outcome.assessment, unit))


def _fail(stderr: Console, message: str) -> NoReturn:
    stderr.print(f"coupling: error: {message}", markup=False, soft_wrap=True)
    sys.exit(EXIT_INPUT)


def _summarise(stdout: Console, stderr: Console, outcome: ScanOutcome) -> None:
    analysis = outcome.assessment.analysis
    headline, table = render_summary(analysis)
    folder = _shown(outcome.written[0].parent) if outcome.written else ""
    names = ", ".join(path.name for path in outcome.written)
    stdout.print(f"Wrote {names} to {folder}/", markup=False, soft_wrap=True)
    stdout.print(headline, soft_wrap=True)
    stdout.print(table)
    if outcome.assessment.candidates:
        best = outcome.assessment.candidates[0]
        stdout.print(
            f"Best extraction candidate: {best.unit} ({best.score:.1f}/10): {best.rationale}",
            markup=False,
            soft_wrap=True,
        )
    left_out = len(analysis.coverage.skipped)
    if left_out:
        stderr.print(
            f"note: {left_out} file(s) or folder(s) left out; see 'Analysis coverage' in dependency-matrix.md",
            style="yellow",
            markup=False,
        )
    if outcome.cache_note:
        stderr.print(f"note: {outcome.cache_note}", style="yellow", markup=False)


def _shown(path: Path) -> str:
    """A path relative to the working directory when it lies below it."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else Path(relative).as_posix()


class _ProgressBar:
    """A progress callback that draws a bar on stderr once a scan is big enough to need one."""

    def __init__(self, console: Console, enabled: bool) -> None:
        self.console = console
        self.enabled = enabled and console.is_terminal
        self.bar: Progress | None = None
        self.task = TaskID(0)

    def __enter__(self) -> _ProgressBar:
        return self

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            if total - done < PROGRESS_FROM:  # a warm cache leaves little to parse
                self.enabled = False
                return
            self.bar = Progress(
                TextColumn("parsing"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=self.console,
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task("parsing", total=total)
        self.bar.update(self.task, completed=done)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.bar is not None:
            self.bar.stop()
