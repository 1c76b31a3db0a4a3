"""Reports written atomically (temp file + rename), only inside the output folder."""

from __future__ import annotations

import os
import subprocess
import tempfile
from contextlib import suppress
from pathlib import Path, PurePosixPath

from coupling.errors import OutputError


def write_reports(out: Path, reports: dict[str, str], *, stage: bool = False) -> tuple[Path, ...]:
    """Write every report or none: all temp files first, then the renames; with `stage`,
    `git add` them too (the pre-commit hook commits them with the code)."""
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
        parts = PurePosixPath(name).parts
        if not parts or len(parts) > 2 or PurePosixPath(name).is_absolute() or ".." in parts:
            raise OutputError("report names may hold one folder at most (plans/x.md)", path=name)
        if (out / name).is_dir():
            raise OutputError("is a folder; remove it or pass --out elsewhere", path=out / name)
    staged: list[tuple[Path, Path]] = []
    try:
        for name, text in sorted(reports.items()):
            folder = (out / name).parent
            folder.mkdir(exist_ok=True)
            handle, temp_name = tempfile.mkstemp(
                dir=folder, prefix=f".{Path(name).name}.", suffix=".tmp"
            )
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
    written = tuple(final for _temp, final in staged)
    if stage:
        _git_add(out, written)
    return written


def _git_add(out: Path, paths: tuple[Path, ...]) -> None:
    try:
        subprocess.run(
            ["git", "add", "--", *(path.relative_to(out).as_posix() for path in paths)],
            cwd=out,
            capture_output=True,
            check=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        said = getattr(exc, "stderr", b"") or b""
        reason = said.decode(errors="replace").strip().splitlines()[:1] or [str(exc)]
        raise OutputError(
            f"reports written but not staged (git add: {reason[0]}); stage them by hand",
            path=out,
        ) from exc
