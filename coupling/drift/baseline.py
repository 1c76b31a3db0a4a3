"""The stored side of a check: the committed coupling.json read back as a Summary, and the
refusal to compare it with a scan of another scope."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from coupling.drift.summary import summary_from_json
from coupling.errors import InputError

if TYPE_CHECKING:
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


def read_baseline(path: Path, schema: int) -> Summary:
    """The committed coupling.json as a Summary; anything else (missing, unreadable, of another
    version, not ours) is an InputError saying to scan again."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(
            "no baseline: run `coupling scan` and commit the reports", path=path
        ) from exc
    except (OSError, ValueError) as exc:
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
