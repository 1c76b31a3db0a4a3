"""The options every command that analyses a PATH shares, gathered into one `Flags`."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from coupling.config import Flags, load_settings

if TYPE_CHECKING:
    from coupling.records import Settings

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


def analysis_options(
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


def settings_for(path: Path | None, out: Path | None, flags: Flags) -> Settings:
    return load_settings(path, Path.cwd(), dataclasses.replace(flags, out=out))
