"""Reports written all or none, only inside the output folder.

Every new report is written to a temp file beside its final name first; the old version of each
is kept (a hard link, else a copy); then the temp files are renamed over the old ones. When a
rename fails, those already replaced are put back from what was kept, so that a failure leaves
the old set (and says so), never a mix. Temp files carry the writer's process id: one left by a
killed run is removed by the next write."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterable
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
    _sweep(out, set(reports))
    staged = _staged(out, reports)
    _switch(out, staged)
    written = tuple(final for _temp, final in staged)
    if stage:
        _git_add(out, written)
    return written


_OURS = re.compile(r"^\.(?P<name>.+?)\.(?:(?P<pid>\d+)\.)?[A-Za-z0-9_]+\.(?:tmp|bak)$")
_UNTAGGED_AGE = 600  # seconds: a temp file of an older version, without a process id


def _staged(out: Path, reports: dict[str, str]) -> list[tuple[Path, Path]]:
    """Each report written to a temp file beside its final name: (temp, final)."""
    staged: list[tuple[Path, Path]] = []
    try:
        for name, text in sorted(reports.items()):
            folder = (out / name).parent
            folder.mkdir(exist_ok=True)
            handle, temp_name = tempfile.mkstemp(
                dir=folder, prefix=f".{Path(name).name}.{os.getpid()}.", suffix=".tmp"
            )
            temp = Path(temp_name)
            staged.append((temp, out / name))
            # backslashreplace: undecodable file names (surrogate escapes) must not stop the write.
            with os.fdopen(
                handle, "w", encoding="utf-8", errors="backslashreplace", newline="\n"
            ) as stream:
                stream.write(text)
            temp.chmod(0o644)
    except OSError as exc:
        _remove(temp for temp, _final in staged)
        raise OutputError(
            f"cannot write reports ({exc.strerror or exc}); nothing was changed", path=out
        ) from exc
    return staged


def _switch(out: Path, staged: list[tuple[Path, Path]]) -> None:
    """Rename every temp file over its report, or put back those already replaced."""
    kept: dict[Path, Path | None] = {}
    try:
        for _temp, final in staged:
            kept[final] = _keep(final)
    except OSError as exc:
        _remove([temp for temp, _final in staged] + [k for k in kept.values() if k])
        raise OutputError(
            f"cannot write reports ({exc.strerror or exc}); nothing was changed", path=out
        ) from exc
    replaced: list[Path] = []
    try:
        for temp, final in staged:
            temp.replace(final)
            replaced.append(final)
    except OSError as exc:
        stuck = _restore(replaced, kept)
        _remove([temp for temp, _final in staged] + [k for k in kept.values() if k])
        failed = f"{final.name}: {exc.strerror or exc}"
        if stuck:
            raise OutputError(
                f"cannot write reports ({failed}); {', '.join(stuck)} already replaced and could "
                "not be put back: the reports are a mix, run the scan again once it can write",
                path=out,
            ) from exc
        raise OutputError(
            f"cannot write reports ({failed}); nothing was changed", path=out
        ) from exc
    _remove(k for k in kept.values() if k)


def _keep(final: Path) -> Path | None:
    """A second name for the current version of `final` (None when there is none)."""
    if not final.exists():
        return None
    handle, name = tempfile.mkstemp(
        dir=final.parent, prefix=f".{final.name}.{os.getpid()}.", suffix=".bak"
    )
    os.close(handle)
    kept = Path(name)
    kept.unlink()
    try:
        os.link(final, kept)
    except OSError:
        shutil.copy2(final, kept)  # no hard links here (or the file refuses one): copy it
    return kept


def _restore(replaced: list[Path], kept: dict[Path, Path | None]) -> list[str]:
    """Put back the old version of each replaced report; the names that could not be."""
    stuck = []
    for final in replaced:
        try:
            old = kept[final]
            if old is None:
                final.unlink()  # there was none before
            else:
                old.replace(final)
                kept[final] = None
        except OSError:
            stuck.append(final.name)
    return stuck


def _sweep(out: Path, names: set[str]) -> None:
    """Remove temp files of these reports left by a writer that died (killed mid-write), in
    each folder they are written to (plans/ too)."""
    folders: dict[Path, set[str]] = {}
    for name in names:
        folders.setdefault((out / name).parent, set()).add(PurePosixPath(name).name)
    for folder, here in sorted(folders.items()):
        _sweep_folder(folder, here)


def _sweep_folder(folder: Path, names: set[str]) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        found = _OURS.match(entry.name)
        if found is None or found.group("name") not in names:
            continue
        pid = found.group("pid")
        with suppress(OSError):
            dead = _gone(int(pid)) if pid else now - entry.stat().st_mtime > _UNTAGGED_AGE
            if dead:
                Path(entry.path).unlink()


def _gone(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # alive, but another user's
    return False


def _remove(paths: Iterable[Path]) -> None:
    for path in paths:
        with suppress(OSError):
            path.unlink()


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
