"""Write a seal to disk: every file or none (the promise the reports make too)."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from coupling.errors import OutputError

if TYPE_CHECKING:
    from coupling.records import FileChange, SealPlan


def apply_seal(plan: SealPlan) -> tuple[Path, ...]:
    """Write every changed file of the plan, all of them or none.

    Each new text goes to a temp file in its own folder first (so that the rename stays on
    one file system and is atomic); only when every temp is written are they renamed over
    the originals. A failure while writing removes the temps; a failure while renaming puts
    back the originals already replaced. Files are written as UTF-8 with their newlines as
    they were, so a CRLF file stays CRLF.
    """
    for change in plan.changes:
        if _read(change.path) != change.before:
            raise OutputError(
                "changed since the seal was planned; nothing was written, run it again",
                path=change.file,
            )
    temps: list[Path] = []
    try:
        for change in plan.changes:
            temps.append(_temp_beside(change.path, change.after))
        replace_all(list(zip(temps, plan.changes, strict=True)))
    except (OSError, UnicodeError) as error:
        _remove(temps)
        raise OutputError(
            f"cannot write ({getattr(error, 'strerror', None) or error}); nothing was changed",
            path=getattr(error, "filename", None),
        ) from error
    return tuple(change.path for change in plan.changes)


def _read(path: Path) -> str | None:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError):
        return None


def _temp_beside(path: Path, text: str) -> Path:
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".seal-tmp")
    temp = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        temp.chmod(stat.S_IMODE(path.stat().st_mode))  # keep the original's permissions
    except (OSError, UnicodeError):
        _remove([temp])
        raise
    return temp


def replace_all(moves: list[tuple[Path, FileChange]]) -> None:
    """Rename each temp over its file; on a failure, restore the files already replaced."""
    done: list[FileChange] = []
    try:
        for temp, change in moves:
            temp.replace(change.path)
            done.append(change)
    except OSError:
        for change in done:
            _temp_beside(change.path, change.before).replace(change.path)
        raise


def _remove(paths: list[Path]) -> None:
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
