"""What a scan wrote, kept in the cache under its result key, so that the next scan of the
same facts finds its reports up to date (every one still on disk as written) and writes
nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from coupling.cache.codec import from_data, to_data
from coupling.cache.store import digest

if TYPE_CHECKING:
    from coupling.cache.session import CacheSession
    from coupling.records import ScanDone, ScanView


def _written_key(key: str) -> str:
    return "written:" + key.removeprefix("result:")


def remember_written(
    cache: CacheSession, key: str, out: Path, written: tuple[Path, ...], view: ScanView
) -> None:
    """Keep what a scan wrote under its result key: each report's digest and the view."""
    reports = {path.relative_to(out).as_posix(): _file_digest(path) for path in written}
    cache.remember(
        _written_key(key), json.dumps({"reports": reports, "view": to_data(view)}, sort_keys=True)
    )


def written_up_to_date(
    cache: CacheSession, key: str, out: Path, wanted: frozenset[str]
) -> ScanDone | None:
    """What the last scan of these facts wrote, when every report of it is still on disk as
    written and this scan would write the same set; None otherwise."""
    from coupling.records import ScanDone, ScanView  # here: a check never needs them

    stored = cache.recall(_written_key(key))
    if stored is None:
        return None
    try:
        record = json.loads(stored)
        reports: dict[str, str] = record["reports"]
        view = from_data(ScanView, record["view"])
    except (ValueError, KeyError, TypeError, RecursionError):
        return None
    optional = {name for name in reports if name == "report.html" or "/" in name}
    if optional != wanted:
        return None
    if any(_file_digest(out / name) != kept for name, kept in reports.items()):
        return None
    return ScanDone(view, tuple(out / name for name in reports), up_to_date=True)


def _file_digest(path: Path) -> str:
    try:
        return digest(path.read_bytes())
    except OSError:
        return ""
