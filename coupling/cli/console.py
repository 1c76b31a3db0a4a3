"""What the command line prints: the consoles, the one-line error, the scan's summary and
its progress bar."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, NoReturn

import click

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

    from coupling.records import ScanDone

EXIT_INPUT = 2
PROGRESS_FROM = 300  # files to parse; fewer finish before a bar is worth drawing

PIPED_WIDTH = 10_000  # columns when the output is not a terminal: full lines, never cut


def consoles() -> tuple[Console, Console]:
    """stdout and stderr; piped (not a terminal, no COLUMNS set), lines are printed whole
    rather than cut or wrapped at 80 columns."""
    from rich.console import Console

    def console(stderr: bool) -> Console:
        made = Console(stderr=stderr, highlight=False)
        if not made.is_terminal and "COLUMNS" not in os.environ:
            made = Console(stderr=stderr, highlight=False, width=PIPED_WIDTH)
        return made

    return console(False), console(True)


def fail(message: str) -> NoReturn:
    click.echo(f"coupling: error: {message}", err=True)
    sys.exit(EXIT_INPUT)


def summarise(stdout: Console, stderr: Console, done: ScanDone) -> None:
    from coupling.render.terminal import render_summary

    headline, table = render_summary(done.view)
    # Names relative to the report folder: a plan shows as plans/UNIT.md.
    base = min((path.parent for path in done.written), key=lambda p: len(p.parts), default=None)
    folder = shown(base) if base else ""
    names = ", ".join(path.relative_to(base).as_posix() for path in done.written if base)
    said = f"Up to date: {names} in {folder}/" if done.up_to_date else f"Wrote {names} to {folder}/"
    stdout.print(said, markup=False, soft_wrap=True)
    stdout.print(headline, soft_wrap=True)
    stdout.print(table)
    if done.view.best:
        stdout.print(done.view.best, markup=False, soft_wrap=True)
    if done.view.left_out:
        stderr.print(
            f"note: {done.view.left_out} file(s) or folder(s) left out; see 'What was read' in "
            "dependency-matrix.md",
            style="yellow",
            markup=False,
        )
    if done.cache_note:
        stderr.print(f"note: {done.cache_note}", style="yellow", markup=False)


def shown(path: Path) -> str:
    """A path relative to the working directory when it lies below it."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else Path(relative).as_posix()


class ProgressBar:
    """A progress callback that draws a bar on stderr once a scan is big enough to need one."""

    def __init__(self, console: Console | None, enabled: bool) -> None:
        self.console = console
        self.enabled = enabled and console is not None and console.is_terminal
        self.bar: Progress | None = None
        self.task: Any = None  # rich's TaskID

    def __enter__(self) -> ProgressBar:
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
