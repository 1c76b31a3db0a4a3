"""A newer Python at hand, whose own parser reads syntax the running one cannot.

Files written for a newer Python (PEP 695 generics, PEP 701 f-strings…) fail `ast.parse`
here. libcst reads them, but some fifty times slower than `ast` and with partial facts; a newer
interpreter on the machine reads them as fast as `ast` reads anything, with every fact. Found
once per process, asked only when a file needs it.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

_VERSION = "import sys; print(*sys.version_info[:2])"
_NEWEST_MINOR = 20  # python3.20 down to the one after this: the names looked for on PATH


@functools.cache
def newer_python(setting: str) -> str | None:
    """The interpreter to read newer syntax with: for "auto", the newest `python3.N` on PATH
    newer than this one that runs; for a path, that one if it is newer; None for "none" or
    when none qualifies (libcst then reads those files)."""
    if setting == "none":
        return None
    if setting != "auto":
        return setting if _version(setting) > sys.version_info[:2] else None
    for minor in range(_NEWEST_MINOR, sys.version_info.minor, -1):
        for found in _candidates(minor):
            if _version(found) > sys.version_info[:2]:
                return found
    return None


def _candidates(minor: int) -> list[str]:
    """Where a `python3.N` is found: PATH, then the interpreters pyenv and uv install (their
    shims on PATH only run the version a project selected)."""
    found = [shutil.which(f"python3.{minor}")]
    home = Path.home()
    for root in (
        Path(os.environ.get("PYENV_ROOT", home / ".pyenv")) / "versions",
        home / ".local" / "share" / "uv" / "python",
    ):
        with_minor = sorted(root.glob(f"*3.{minor}.*"), reverse=True) if root.is_dir() else []
        found += [str(folder / "bin" / f"python3.{minor}") for folder in with_minor]
    return [path for path in found if path and Path(path).is_file()]


def _version(python: str) -> tuple[int, ...]:
    """(major, minor) of the interpreter at `python`; () when it does not run (a pyenv shim
    for a version not selected, a broken link)."""
    try:
        done = subprocess.run(
            [python, "-I", "-c", _VERSION], capture_output=True, text=True, timeout=10, check=False
        )
        major, minor = done.stdout.split()
        return (int(major), int(minor)) if done.returncode == 0 else ()
    except (OSError, subprocess.SubprocessError, ValueError):
        return ()
