"""The command line: the only place that prints, prompts or exits.

Exit codes: 0 ok · 1 findings (a check failed) · 2 usage, config or input error.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, NoReturn

import click

from coupling import __version__
from coupling.config import Flags, load_settings
from coupling.errors import CouplingError
from coupling.pipeline import check as run_check
from coupling.pipeline import diagram as run_diagram
from coupling.pipeline import diff as run_diff
from coupling.pipeline import evaluate
from coupling.pipeline import explain as run_explain
from coupling.pipeline import plan as run_plan
from coupling.pipeline import refresh as run_refresh
from coupling.pipeline import scan as run_scan
from coupling.pipeline import seal as run_seal
from coupling.records import PlanRequest, ScanOutcome, SealRequest, Settings
from coupling.render.write import write_reports

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

# rich and the renderers are imported by the commands that use them: `coupling check`, run
# by pre-commit on every commit, loads neither.

EXIT_INPUT = 2
PROGRESS_FROM = 300  # files to parse; fewer finish before a bar is worth drawing


class _Commands(click.Group):
    """The command group; a usage error (an unknown command or option, a bad value) is one
    line on stderr with exit 2, like every other error."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as error:
            where = error.ctx.command_path if error.ctx else "coupling"
            message = " ".join(error.format_message().split()).rstrip(".")
            _fail(f"{message}; see `{where} --help`")


@click.group(
    cls=_Commands,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "-V", "--version", prog_name="coupling")
def main() -> None:
    """Which module of a Python monolith to extract first, from the code alone.

    Reads imports, never runs the code, and writes markdown reports to analysis/coupling/.
    """


Command = Callable[..., None]


# The options every command that analyses a PATH takes (see _analysis_options).
_ANALYSIS_OPTIONS = (
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
)
_RISKS_OPTION = click.option(
    "--risks", type=click.IntRange(min=1), help="Assess the N best candidates' risks [default: 3]."
)


def _analysis_options(
    *, with_risks: bool = False, with_inputs: bool = True
) -> Callable[[Command], Command]:
    """Adds the analysis options to a command, which receives them as one `flags: Flags`;
    without `with_inputs`, only those that change how the code is read (--depth, --no-cache,
    --jobs), not --coverage, --history and --metrics."""

    def decorate(command: Command) -> Command:
        @functools.wraps(command)
        def run(
            *,
            depth: int | None,
            no_cache: bool,
            jobs: int | None,
            coverage: Path | None = None,
            history: Path | None = None,
            metrics: Path | None = None,
            risks: int | None = None,
            **own: Any,  # the command's own arguments, passed on as they are
        ) -> None:
            flags = Flags(
                depth=depth,
                jobs=jobs,
                cache=False if no_cache else None,
                coverage=coverage,
                history=history,
                metrics=metrics,
                risks=risks,
            )
            command(flags=flags, **own)

        decorated: Command = run
        options = _ANALYSIS_OPTIONS if with_inputs else _ANALYSIS_OPTIONS[:3]
        for option in reversed((*options, *((_RISKS_OPTION,) if with_risks else ()))):
            decorated = option(decorated)
        return decorated

    return decorate


def _settings(path: Path | None, out: Path | None, flags: Flags) -> Settings:
    return load_settings(path, Path.cwd(), dataclasses.replace(flags, out=out))


@main.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="Report folder [default: analysis/coupling beside the config file, else here].",
)
@_analysis_options(with_risks=True)
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
    stdout, stderr = _consoles()
    try:
        settings = _settings(path, out, flags)
        with _ProgressBar(stderr, enabled=not quiet) as progress:
            outcome = run_scan(settings, progress, html=html)
    except CouplingError as error:
        _fail(str(error))
    if not quiet:
        _summarise(stdout, stderr, outcome)


def _refresh(path: Path | None, out: Path | None, flags: Flags) -> NoReturn:
    from coupling.render.check_output import render_check

    try:
        result, outcome = run_refresh(_settings(path, out, flags))
    except CouplingError as error:
        _fail(str(error))
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


@main.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "--top", type=click.IntRange(min=1), help="Show the N best candidates [default: all]."
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the scores as JSON instead of a table."
)
@_analysis_options()
def score(*, path: Path | None, top: int | None, as_json: bool, flags: Flags) -> None:
    """Rank PATH's units by how easily they could be extracted as services (out of 10)."""
    try:
        outcome = evaluate(_settings(path, None, flags))
    except CouplingError as error:
        _fail(str(error))
    if as_json:
        from coupling.render.coupling_json import scores

        document = scores(outcome.assessment)
        if top:
            document["ranking"] = document["ranking"][:top]
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
        return
    from coupling.render.terminal import render_ranking

    _consoles()[0].print(render_ranking(outcome.assessment, top))


@main.command()
@click.argument("unit")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "--all", "show_all", is_flag=True, help="List the shared kernels' imports too, name by name."
)
@click.option("--json", "as_json", is_flag=True, help="Print the cut report as JSON.")
@_analysis_options()
def explain(*, unit: str, path: Path | None, show_all: bool, as_json: bool, flags: Flags) -> None:
    """The cut report for UNIT: a summary, then every import, model, table, endpoint and owner
    that crosses its boundary, each name once with its count and file:line."""
    try:
        assessment, crossing = run_explain(_settings(path, None, flags), unit)
    except CouplingError as error:
        _fail(str(error))
    from coupling.render.explain import render_cut, render_cut_json

    if as_json:
        click.echo(render_cut_json(assessment, crossing), nl=False)
        return
    _consoles()[0].print(render_cut(assessment, crossing, show_all=show_all))


@main.command()
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
@_analysis_options()
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
            _settings(path, None, flags), PlanRequest(unit, out, specs, as_json=as_json)
        )
    except CouplingError as error:
        _fail(str(error))
    if as_json and out is None:
        click.echo(outcome.text, nl=False)
    for written in outcome.written:
        click.echo(f"Wrote {_shown(written)}", err=as_json and out is None)


@main.command()
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
@_analysis_options()
def check(*, path: Path | None, style: str, out: Path | None, flags: Flags) -> None:
    """Fail (exit 1) when the committed reports no longer match the code, or a ratchet of
    [tool.coupling.drift.check] breaks: no-new-cycles, frozen units, sealed units, max-fan-in,
    max-score-drop."""
    try:
        result = run_check(_settings(path, out, flags))
    except CouplingError as error:
        _fail(str(error))
    from coupling.render.check_output import render_check

    click.echo(render_check(result, style))
    sys.exit(1 if result.problems else 0)


@main.command()
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
@_analysis_options()
def diff(*, rev: str, rev2: str | None, path: Path | None, out: Path | None, flags: Flags) -> None:
    """What changed in coupling from git revision REV to REV2 (default: the working tree):
    new and removed dependencies between units, cycles, score and rank shifts, fan-in.

    Each revision is exported to a temporary folder (git archive); the working tree, index
    and stash are never touched. Both sides use today's settings and no git history.
    """
    try:
        report = run_diff(_settings(path, None, flags), rev, rev2)
        if out is not None:
            write_reports(out.parent.resolve(), {out.name: report})
    except CouplingError as error:
        _fail(str(error))
    if out is None:
        click.echo(report, nl=False)
    else:
        click.echo(f"Wrote {_shown(out.resolve())}", err=True)


@main.command()
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
@_analysis_options()
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
            _settings(path, None, flags),
            focus=focus or "",
            hops=hops,
            modules=modules,
            max_edges=mermaid.MAX_EDGES if style == "mermaid" else 0,
        )
    except CouplingError as error:
        _fail(str(error))
    text = render_graph(drawn, style)
    click.echo(text, nl=False)
    for note in graph_notes(drawn, text, style):
        click.echo(f"coupling: note: {note}", err=True)


@main.command()
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
@_analysis_options(with_inputs=False)
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
        plan = run_seal(_settings(path, None, flags), SealRequest(unit, facade, tests), write=write)
    except CouplingError as error:
        _fail(str(error))
    if not write:
        click.echo(render_seal_diff(plan), nl=False)
    click.echo(render_seal_summary(plan, applied=write), nl=False)
    sys.exit(1 if plan.refusals else 0)


PIPED_WIDTH = 10_000  # columns when the output is not a terminal: full lines, never cut


def _consoles() -> tuple[Console, Console]:
    """stdout and stderr; piped (not a terminal, no COLUMNS set), lines are printed whole
    rather than cut or wrapped at 80 columns."""
    from rich.console import Console

    def console(stderr: bool) -> Console:
        made = Console(stderr=stderr, highlight=False)
        if not made.is_terminal and "COLUMNS" not in os.environ:
            made = Console(stderr=stderr, highlight=False, width=PIPED_WIDTH)
        return made

    return console(False), console(True)


def _fail(message: str) -> NoReturn:
    click.echo(f"coupling: error: {message}", err=True)
    sys.exit(EXIT_INPUT)


def _summarise(stdout: Console, stderr: Console, outcome: ScanOutcome) -> None:
    from coupling.render.terminal import render_summary

    analysis = outcome.assessment.analysis
    headline, table = render_summary(analysis.project, analysis.imports)
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
    left_out = len(analysis.accounting.skipped)
    if left_out:
        stderr.print(
            f"note: {left_out} file(s) or folder(s) left out; see 'What was read' in dependency-matrix.md",
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
        self.task: Any = None  # rich's TaskID

    def __enter__(self) -> _ProgressBar:
        return self

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            if total - done < PROGRESS_FROM:  # a warm cache leaves little to parse
                self.enabled = False
                return
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

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
