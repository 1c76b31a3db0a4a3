"""Reports written atomically (temp file + rename), only inside the output folder."""

from __future__ import annotations

import os
import tempfile
from contextlib import suppress
from pathlib import Path

from coupling.errors import OutputError


def write_reports(out: Path, reports: dict[str, str]) -> tuple[Path, ...]:
    """Write every report or none: all temp files first, then the renames."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise OutputError(
            "exists and is not a folder; pass --out with a folder path", path=out
        ) from exc
    except OSError as exc:
        raise OutputError(
            f"cannot create the report folder ({exc.strerror or exc}); pass --out elsewhere",
            path=out,
        ) from exc
    for name in reports:
        if Path(name).name != name:
            raise OutputError("report names may not contain folders", path=name)
        if (out / name).is_dir():
            raise OutputError("is a folder; remove it or pass --out elsewhere", path=out / name)
    staged: list[tuple[Path, Path]] = []
    try:
        for name, text in sorted(reports.items()):
            handle, temp_name = tempfile.mkstemp(dir=out, prefix=f".{name}.", suffix=".tmp")
            temp = Path(temp_name)
            staged.append((temp, out / name))
            # backslashreplace: undecodable file names (surrogate escapes) must not stop the write.
            with os.fdopen(
                handle, "w", encoding="utf-8", errors="backslashreplace", newline="\n"
            ) as stream:
                stream.write(text)
            temp.chmod(0o644)
        for temp, final in staged:
            temp.replace(final)
    except OSError as exc:
        for temp, _final in staged:
            with suppress(OSError):
                temp.unlink()
        raise OutputError(
            f"cannot write reports ({exc.strerror or exc}); nothing was changed", path=out
        ) from exc
    return tuple(final for _temp, final in staged)
