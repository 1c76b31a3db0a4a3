"""What a scan reads besides the code: git history (or a saved log), CODEOWNERS, line coverage
and production metrics."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coupling.inputs.codeowners import read_owners
from coupling.inputs.coverage import read_coverage
from coupling.inputs.history import read_history
from coupling.inputs.metrics import read_metrics
from coupling.records import Inputs

if TYPE_CHECKING:
    from coupling.cache import CacheSession
    from coupling.records import Project, Settings


def read_inputs(
    settings: Settings, project: Project, cache: CacheSession, history_at: str = ""
) -> Inputs:
    """Every input file, read once; with `history_at` (the commit a baseline's history started
    from) git's log starts there rather than at HEAD."""
    return Inputs(
        coverage=read_coverage(settings.inputs.coverage, project),
        history=read_history(settings, project, cache, history_at),
        ownership=read_owners(settings, project),
        metrics=read_metrics(settings.inputs.metrics, project),
    )
