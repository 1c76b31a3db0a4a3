"""What a scan reads besides the code: git history (or a saved log), CODEOWNERS, line coverage
and production metrics."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from coupling.inputs.codeowners import read_owners
from coupling.inputs.coverage import read_coverage
from coupling.inputs.history import start_history
from coupling.inputs.metrics import read_metrics
from coupling.records import Inputs

if TYPE_CHECKING:
    from collections.abc import Callable

    from coupling.cache import CacheSession
    from coupling.records import Project, Settings

T = TypeVar("T")


def inputs_while(
    settings: Settings,
    project: Project,
    cache: CacheSession,
    work: Callable[[], T],
    history_at: str = "",
    *,
    alongside: bool = True,
) -> tuple[Inputs, T]:
    """Every input file, read once, and what `work` returns: git's log is read while `work`
    runs (a cold scan's parse), the other inputs before it, so that a bad file stops the
    scan before the parse does. With `history_at` (the commit a baseline's history started
    from) git's log starts there rather than at HEAD. Without `alongside`, git's log is read
    before `work` runs (a big parse holds the memory git would add to)."""
    coverage = read_coverage(settings.inputs.coverage, project)
    ownership = read_owners(settings, project)
    metrics = read_metrics(settings.inputs.metrics, project)
    history = start_history(settings, project, cache, history_at)
    if not alongside:
        history.result()  # read now; result() below returns it
    try:
        done = work()
    except BaseException:
        history.cancel()
        raise
    inputs = Inputs(
        coverage=coverage, history=history.result(), ownership=ownership, metrics=metrics
    )
    return inputs, done
