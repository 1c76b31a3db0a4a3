"""The stored side of a check: the committed coupling.json read back as a Summary, and the
refusal to compare it with a scan of another scope."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from coupling.cache.store import digest
from coupling.drift.summary import decoded, encoded, summary_from_json
from coupling.errors import InputError

if TYPE_CHECKING:
    from coupling.cache import CacheSession
    from coupling.records import Summary


def same_scope(stored: tuple[str, ...], fresh: tuple[str, ...], baseline: Path) -> None:
    """A baseline written for another PATH, depth or units is no baseline for this check:
    comparing would call every unit stale."""
    if not stored or stored == fresh:
        return

    def said(scope: tuple[str, ...]) -> str:
        path, depth, units = scope
        return f"PATH {path}, depth {depth}, units from {units}"

    raise InputError(
        f"written for {said(stored)}, not for {said(fresh)}; check the same PATH and --depth "
        "as the scan that wrote it, or pass --out with the reports of this scope",
        path=baseline,
    )


def read_baseline(path: Path, schema: int, cache: CacheSession | None = None) -> Summary:
    """The committed coupling.json as a Summary; anything else (missing, unreadable, of another
    version, not ours) is an InputError saying to scan again. With `cache`, the Summary of
    these very bytes is kept: a big project's coupling.json (10 MB on Home Assistant) is read
    on every check, and its summary is a fortieth of it."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(
            "no baseline: run `coupling scan` and commit the reports", path=path
        ) from exc
    except OSError as exc:
        raise InputError(
            f"not a coupling.json ({exc}); run `coupling scan` to rewrite it", path=path
        ) from exc
    key = _baseline_key(data, schema)
    if (
        cache is not None
        and (stored := cache.recall(key)) is not None
        and (known := decoded(stored))
    ):
        return known
    summary = _summary(data, path, schema)
    if cache is not None:
        cache.remember(key, encoded(summary))
    return summary


def remember_baseline(cache: CacheSession, written: str, summary: Summary, schema: int) -> None:
    """What a check will read from the coupling.json a scan just wrote (`written`, its text):
    the same summary, kept by the file's bytes, so that the first check after a scan does not
    read the file either."""
    data = written.encode("utf-8", errors="backslashreplace")  # as render.write writes it
    cache.remember(_baseline_key(data, schema), encoded(summary))


def _baseline_key(data: bytes, schema: int) -> str:
    return f"baseline:{schema}:{digest(data)}"


def _summary(data: bytes, path: Path, schema: int) -> Summary:
    try:
        document = json.loads(data.decode("utf-8"))
    except ValueError as exc:  # UnicodeDecodeError and JSONDecodeError among them
        raise InputError(
            f"not a coupling.json ({exc}); run `coupling scan` to rewrite it", path=path
        ) from exc
    if not isinstance(document, dict) or document.get("schema") != schema:
        raise InputError(
            "not a coupling.json of this version of coupling; run `coupling scan`", path=path
        )
    try:
        return summary_from_json(document)
    except ValueError as exc:
        raise InputError(
            f"not a coupling.json ({exc}); run `coupling scan` to rewrite it", path=path
        ) from exc
