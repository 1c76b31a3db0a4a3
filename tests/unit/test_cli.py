"""The parts of the CLI that a test runner's pipes cannot show: the progress bar."""

from __future__ import annotations

import io

from rich.console import Console

from coupling.cli import PROGRESS_FROM, ProgressBar


def _terminal() -> tuple[Console, io.StringIO]:
    stream = io.StringIO()
    return Console(file=stream, force_terminal=True, width=80), stream


def test_a_bar_is_drawn_when_many_files_need_parsing() -> None:
    console, stream = _terminal()
    with ProgressBar(console, enabled=True) as progress:
        for done in range(0, PROGRESS_FROM + 1, 50):
            progress(done, PROGRESS_FROM)
    assert "parsing" in stream.getvalue()


def test_no_bar_when_the_cache_leaves_little_to_parse_or_when_quiet() -> None:
    console, stream = _terminal()
    with ProgressBar(console, enabled=True) as progress:
        progress(PROGRESS_FROM * 2, PROGRESS_FROM * 2 + 10)
        progress(PROGRESS_FROM * 2 + 10, PROGRESS_FROM * 2 + 10)
    with ProgressBar(console, enabled=False) as progress:
        progress(0, PROGRESS_FROM * 2)
    assert stream.getvalue() == ""
