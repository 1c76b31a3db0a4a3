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

# Up to this many files to parse, git's log is read beside the parse. Above, first: on Home
# Assistant (8,800 files) git's 30-100 MiB beside the parse workers took the scan's peak from
# 243 to 265 MiB, over the 250 MiB a big tree may take; the parse then dwarfs git's time anyway.
HISTORY_ALONGSIDE_UP_TO = 2000


def inputs_while(
    settings: Settings,
    project: Project,
    cache: CacheSession,
    work: Callable[[], T],
    history_at: str = "",
    *,
    alongside: bool | None = None,
) -> tuple[Inputs, T]:
    """Every input file, read once, and what `work` returns: git's log is read while `work`
    runs (a cold scan's parse), the other inputs before it, so that a bad file stops the
    scan before the parse does. With `history_at` (the commit a baseline's history started
    from) git's log starts there rather than at HEAD. Without `alongside`, git's log is read
    before `work` runs (a big parse holds the memory git would add to)."""
    coverage = read_coverage(settings.inputs.coverage, project)
    ownership = read_owners(settings, project)
    metrics = read_metrics(settings.inputs.metrics, project)
    if alongside is None:
        alongside = cache.cold_files(project) <= HISTORY_ALONGSIDE_UP_TO
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
