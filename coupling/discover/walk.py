"""The walk of a folder tree: Python files, namespace folders, what was left out and why.

Strings and DirEntry, not Path objects, on the hot path: big trees have thousands of folders
(translations, fixtures) with no Python in them.
"""

from __future__ import annotations

import fnmatch
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from coupling.discover.read import not_regular

# Files that are Python to a reader but not to `ast`: listed with what is done with them.
_STUB = "type stub"
_CYTHON = (".pyx", ".pxd", ".pxi")


@dataclass
class Walk:
    """What one walk of a folder tree found."""

    files: list[tuple[Path, os.stat_result]] = field(default_factory=list)
    namespaces: list[Path] = field(default_factory=list)  # folders without __init__.py
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    ignored: int = 0  # Python files git ignores


def walk(
    scan: Path, exclude: tuple[str, ...], keep: set[Path] | None, *, follow_symlinks: bool = False
) -> Walk:
    """Python files below `scan`; symlinks leading out of it are listed, not followed, unless
    `follow_symlinks`."""
    walker = _Walker(scan, exclude, keep, follow_symlinks)
    walker.folder(str(scan), "", ancestors=())
    return walker.found


class _Walker:
    """Strings and DirEntry, not Path objects: big trees have thousands of folders
    (translations, fixtures) with no Python in them."""

    def __init__(
        self, scan: Path, exclude: tuple[str, ...], keep: set[Path] | None, follow: bool
    ) -> None:
        self.scan = scan
        self.inside = os.path.realpath(scan)
        self.follow = follow
        self.exclude = exclude
        self.keep = keep
        self.found = Walk()
        self.seen: set[tuple[int, int]] = set()

    def folder(self, folder: str, rel: str, ancestors: tuple[tuple[int, int], ...]) -> bool:
        """Walk one folder; True when it holds Python files somewhere below."""
        listed = self._entries(folder, ancestors)
        if listed is None:
            return False
        key, entries = listed
        has_python = False
        names = {entry.name for entry in entries}
        for entry in entries:
            name = entry.name
            if name.startswith(".") or name == "__pycache__":
                continue
            child = f"{rel}/{name}" if rel else name
            if self.exclude and _excluded(child, self.exclude):
                continue
            try:
                is_folder = entry.is_dir()
            except OSError as exc:  # a symlink loop or a folder it may not enter
                self.found.skipped.append((Path(entry.path), f"cannot read: {exc.strerror or exc}"))
                continue
            if (is_folder or name.endswith(".py")) and self._leaves(entry, is_folder):
                continue
            if is_folder:
                has_python = self._subfolder(entry, child, (*ancestors, key)) or has_python
            elif name.endswith(".py"):
                has_python = self._file(entry) or has_python
            elif name.endswith((".pyi", *_CYTHON)):
                self._not_python(entry, names)
        if has_python and rel and not any(e.name == "__init__.py" for e in entries):
            self.found.namespaces.append(Path(folder))
        return has_python

    def _leaves(self, entry: os.DirEntry[str], is_folder: bool) -> bool:
        """True (and listed) when `entry` is a symlink leading outside PATH, not to follow."""
        if self.follow or not entry.is_symlink():
            return False
        target = os.path.realpath(entry.path)
        if target == self.inside or target.startswith(self.inside.rstrip(os.sep) + os.sep):
            return False
        what = "folder" if is_folder else "file"
        self.found.skipped.append(
            (
                Path(entry.path),
                f"symlink to a {what} outside PATH: not followed (set follow_symlinks = true "
                "to follow it)",
            )
        )
        return True

    def _not_python(self, entry: os.DirEntry[str], names: set[str]) -> None:
        """Stubs and Cython sources are listed with what is done with them."""
        name = entry.name
        if self.keep is not None and Path(entry.path) not in self.keep:
            return  # git ignores it
        if name.endswith(_CYTHON):
            reason = "Cython source: not Python syntax, not analysed"
        elif f"{name[:-4]}.py" in names or name[:-4] in names:
            reason = f"{_STUB}: the module's Python source beside it is analysed instead"
        else:
            reason = (
                f"{_STUB} of a module with no Python source here (compiled or generated): "
                "not analysed; imports of that module are unresolved"
            )
        self.found.skipped.append((Path(entry.path), reason))

    def _entries(
        self, folder: str, ancestors: tuple[tuple[int, int], ...]
    ) -> tuple[tuple[int, int], list[os.DirEntry[str]]] | None:
        try:
            stat = os.stat(folder)  # noqa: PTH116 - the walker keeps str paths for speed
            key = (stat.st_dev, stat.st_ino)
            if key in ancestors:
                self.found.skipped.append(
                    (Path(folder), "symlink loop: points back to a folder above it")
                )
                return None
            if key in self.seen:
                self.found.skipped.append(
                    (Path(folder), "already scanned through another path (symlink)")
                )
                return None
            self.seen.add(key)
            # Real folders before symlinks, so that the canonical path of a folder is the one kept.
            with os.scandir(folder) as listing:
                return key, sorted(listing, key=lambda e: (e.is_symlink(), e.name))
        except OSError as exc:
            self.found.skipped.append((Path(folder), f"cannot read folder: {exc.strerror or exc}"))
            return None

    def _subfolder(
        self, entry: os.DirEntry[str], rel: str, ancestors: tuple[tuple[int, int], ...]
    ) -> bool:
        if not entry.name.isidentifier():
            if any(child.suffix == ".py" for child in _safe_listing(Path(entry.path))):
                self.found.skipped.append(
                    (
                        Path(entry.path),
                        "folder name is not a Python identifier; nothing can import it",
                    )
                )
            return False
        return self.folder(entry.path, rel, ancestors)

    def _file(self, entry: os.DirEntry[str]) -> bool:
        path = Path(entry.path)
        if self.keep is not None and path not in self.keep:
            self.found.ignored += 1
            return False
        if "." in entry.name[:-3]:
            # Like grimp: `a.b.py` cannot be a module. Other odd names (`unicode10-0-0.py`) can
            # still be loaded with importlib, so they stay.
            self.found.skipped.append((path, "extra dots in the file name; it cannot be a module"))
            return False
        try:
            status = entry.stat()
        except OSError as exc:
            self.found.skipped.append((path, f"cannot read file: {exc.strerror or exc}"))
            return False
        if reason := not_regular(status.st_mode):
            self.found.skipped.append((path, reason))
            return False
        self.found.files.append((path, status))
        return True


def _safe_listing(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def _excluded(rel: str, patterns: tuple[str, ...]) -> bool:
    """A pattern without "/" matches any one path component; with "/", the path below PATH."""
    name = rel.rsplit("/", 1)[-1]
    for raw in patterns:
        pattern = raw.strip("/")
        if fnmatch.fnmatchcase(rel if "/" in pattern else name, pattern):
            return True
    return False


def not_ignored(scan: Path) -> set[Path] | None:
    """Files git does not ignore under `scan`, or None outside a git work tree."""
    if not any((folder / ".git").exists() for folder in (scan, *scan.parents)):
        return None
    try:
        listing = subprocess.run(
            [
                "git",
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
                "--",
                "*.py",
                "*.pyi",
                "*.pyx",
                "*.pxd",
                "*.pxi",
            ],
            cwd=scan,
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None  # git missing or unhappy: scan everything rather than fail
    return {scan / os.fsdecode(name) for name in listing.split(b"\0") if name}
