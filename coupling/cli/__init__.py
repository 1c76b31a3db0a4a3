"""The command line: the only place that prints, prompts or exits.

Exit codes: 0 ok · 1 findings (a check failed) · 2 usage, config or input error.

`console.py` holds what prints (the consoles, the one-line error, the scan summary, the
progress bar); `options.py` the options every analysing command shares; the commands are
grouped as the README groups them: `report.py` (scan, score, explain, plan), `drift.py`
(check, diff), `code.py` (graph, seal).
"""

from __future__ import annotations

from typing import Any

import click

from coupling import __version__
from coupling.cli.code import graph, seal
from coupling.cli.console import PROGRESS_FROM, ProgressBar, fail
from coupling.cli.drift import check, diff
from coupling.cli.report import explain, plan, scan, score

# rich and the renderers are imported by the commands that use them: `coupling check`, run
# by pre-commit on every commit, loads neither.

__all__ = ["PROGRESS_FROM", "ProgressBar", "main"]


class _Commands(click.Group):
    """The command group; a usage error (an unknown command or option, a bad value) is one
    line on stderr with exit 2, like every other error."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as error:
            where = error.ctx.command_path if error.ctx else "coupling"
            message = " ".join(error.format_message().split()).rstrip(".")
            fail(f"{message}; see `{where} --help`")


@click.group(
    cls=_Commands,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "-V", "--version", prog_name="coupling")
def main() -> None:
    """Which module of a Python monolith to extract first, from the code alone.

    Reads imports, never runs the code, and writes markdown reports to analysis/coupling/.
    """


for command in (scan, score, explain, plan, check, diff, graph, seal):
    main.add_command(command)
