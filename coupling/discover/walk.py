"""The walk of a folder tree: Python files, namespace folders, what was left out and why.

Strings and DirEntry, not Path objects, on the hot path: big trees have thousands of folders
(translations, fixtures) with no Python in them.
"""

from __future__ import annotations

import fnmatch
import operator
import os
import subprocess
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from coupling.discover.read import not_regular

# Files that are Python to a reader but not to `ast`: listed with what is done with them.
_STUB = "type stub"
_CYTHON = (".pyx", ".pxd", ".pxi")
# The files the walk looks at (it passes over the rest), and what `coupling diff` exports.
SOURCE_SUFFIXES = (".py", ".pyi", *_CYTHON)


_NAME = operator.attrgetter("name")


def _is_link(entry: os.DirEntry[str]) -> bool:
    return entry.is_symlink()


class _Kind(Enum):
    """Whether git's listing decides if a found path stays."""

    PYTHON = 0  # a .py file: dropped, and counted as ignored, when git ignores it
    LISTED = 1  # a stub or Cython source: dropped when git ignores it
    OTHER = 2  # a folder or link: always reported


@dataclass
class Walk:
    """What one walk of a folder tree found."""

    files: list[tuple[Path, os.stat_result]] = field(default_factory=list)
    namespaces: list[Path] = field(default_factory=list)  # folders without __init__.py
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    ignored: int = 0  # Python files git ignores


def walk(scan: Path, exclude: tuple[str, ...], *, follow_symlinks: bool = False) -> Walk:
    """Python files below `scan` (in a git work tree, only those git does not ignore); symlinks
    leading out of it are listed, not followed, unless `follow_symlinks`."""
    # git lists what it does not ignore while this process lists the folders: the two walks
    # of the same tree overlap rather than follow each other.
    listing = _start_listing(scan)
    walker = _Walker(scan, exclude, follow_symlinks)
    walker.folder(str(scan), "", ancestors=())
    return walker.kept(_finish_listing(listing, scan))


class _Walker:
    """Strings and DirEntry, not Path objects: big trees have thousands of folders
    (translations, fixtures) with no Python in them. What git may ignore is decided once the
    folders are listed (`kept`)."""

    def __init__(self, scan: Path, exclude: tuple[str, ...], follow: bool) -> None:
        self.scan = scan
        self.inside = os.path.realpath(scan)
        self.follow = follow
        self.exclude = exclude
        self.seen: set[tuple[int, int]] = set()
        # In walking order: (path, why it is skipped, or "" for a file; its stat; whether it is
        # a Python file git may ignore, a stub or Cython file git may ignore, or neither).
        self.found: list[tuple[str, str, os.stat_result | None, _Kind]] = []
        self.packageless: list[str] = []  # folders below PATH without an __init__.py

    def kept(self, keep: set[str] | None) -> Walk:
        """What was found, without what git ignores (`keep`: the files it does not; None:
        all); a folder without __init__.py holding a kept file somewhere below is a namespace."""
        walk = Walk()
        holding: set[str] = set()  # folders with a kept file somewhere below
        for path, reason, status, kind in self.found:
            if kind is not _Kind.OTHER and keep is not None and path not in keep:
                walk.ignored += kind is _Kind.PYTHON
            elif status is not None:
                walk.files.append((Path(path), status))
                _hold(path, holding, len(str(self.scan)))
            else:
                walk.skipped.append((Path(path), reason))
        walk.namespaces = [Path(folder) for folder in self.packageless if folder in holding]
        return walk

    def folder(self, folder: str, rel: str, ancestors: tuple[tuple[int, int], ...]) -> None:
        """Walk one folder."""
        listed = self._entries(folder, ancestors)
        if listed is None:
            return
        key, entries = listed
        names = {entry.name for entry in entries}
        for entry in entries:
            name = entry.name
            if name.startswith(".") or name == "__pycache__":
                continue
            try:
                is_folder = entry.is_dir()
            except OSError as exc:  # a symlink loop or a folder it may not enter
                if not self.exclude or not _excluded(
                    f"{rel}/{name}" if rel else name, self.exclude
                ):
                    self._skip(entry.path, f"cannot read: {exc.strerror or exc}")
                continue
            if not is_folder and not name.endswith(SOURCE_SUFFIXES):
                continue  # translations, templates, assets: most of a big tree's entries
            child = f"{rel}/{name}" if rel else name
            if self.exclude and _excluded(child, self.exclude):
                continue
            if (is_folder or name.endswith(".py")) and self._leaves(entry, is_folder):
                continue
            if is_folder:
                self._subfolder(entry, child, (*ancestors, key))
            elif name.endswith(".py"):
                self._file(entry)
            elif name.endswith((".pyi", *_CYTHON)):
                self._not_python(entry, names)
        if rel and "__init__.py" not in names:
            self.packageless.append(folder)

    def _skip(self, path: str, reason: str, kind: _Kind = _Kind.OTHER) -> None:
        self.found.append((path, reason, None, kind))

    def _leaves(self, entry: os.DirEntry[str], is_folder: bool) -> bool:
        """True (and listed) when `entry` is a symlink leading outside PATH, not to follow."""
        if self.follow or not entry.is_symlink():
            return False
        target = os.path.realpath(entry.path)
        if target == self.inside or target.startswith(self.inside.rstrip(os.sep) + os.sep):
            return False
        what = "folder" if is_folder else "file"
        self._skip(
            entry.path,
            f"symlink to a {what} outside PATH: not followed (set follow_symlinks = true "
            "to follow it)",
        )
        return True

    def _not_python(self, entry: os.DirEntry[str], names: set[str]) -> None:
        """Stubs and Cython sources are listed with what is done with them."""
        name = entry.name
        if name.endswith(_CYTHON):
            reason = "Cython source: not Python syntax, not analysed"
        elif f"{name[:-4]}.py" in names or name[:-4] in names:
            reason = f"{_STUB}: the module's Python source beside it is analysed instead"
        else:
            reason = (
                f"{_STUB} of a module with no Python source here (compiled or generated): "
                "not analysed; imports of that module are unresolved"
            )
        self._skip(entry.path, reason, _Kind.LISTED)

    def _entries(
        self, folder: str, ancestors: tuple[tuple[int, int], ...]
    ) -> tuple[tuple[int, int], list[os.DirEntry[str]]] | None:
        try:
            stat = os.stat(folder)  # noqa: PTH116 - the walker keeps str paths for speed
            key = (stat.st_dev, stat.st_ino)
            if key in ancestors:
                self._skip(folder, "symlink loop: points back to a folder above it")
                return None
            if key in self.seen:
                self._skip(folder, "already scanned through another path (symlink)")
                return None
            self.seen.add(key)
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=_NAME)
        except OSError as exc:
            self._skip(folder, f"cannot read folder: {exc.strerror or exc}")
            return None
        # Real folders before symlinks, so that the canonical path of a folder is the one kept.
        if any(entry.is_symlink() for entry in entries):
            entries.sort(key=_is_link)
        return key, entries

    def _subfolder(
        self, entry: os.DirEntry[str], rel: str, ancestors: tuple[tuple[int, int], ...]
    ) -> None:
        if not entry.name.isidentifier():
            if any(child.suffix == ".py" for child in _safe_listing(Path(entry.path))):
                self._skip(
                    entry.path, "folder name is not a Python identifier; nothing can import it"
                )
            return
        self.folder(entry.path, rel, ancestors)

    def _file(self, entry: os.DirEntry[str]) -> None:
        path = entry.path
        if "." in entry.name[:-3]:
            # Like grimp: `a.b.py` cannot be a module. Other odd names (`unicode10-0-0.py`) can
            # still be loaded with importlib, so they stay.
            self._skip(path, "extra dots in the file name; it cannot be a module", _Kind.PYTHON)
            return
        try:
            status = entry.stat()
        except OSError as exc:
            self._skip(path, f"cannot read file: {exc.strerror or exc}", _Kind.PYTHON)
            return
        if reason := not_regular(status.st_mode):
            self._skip(path, reason, _Kind.PYTHON)
            return
        self.found.append((path, "", status, _Kind.PYTHON))


def _hold(path: str, holding: set[str], top: int) -> None:
    """Add the folders above `path`, up to the scanned one (`top` characters long)."""
    folder = os.path.dirname(path)  # noqa: PTH120 - str paths for speed
    while folder not in holding and len(folder) > top:
        holding.add(folder)
        folder = os.path.dirname(folder)  # noqa: PTH120


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


def _start_listing(scan: Path) -> subprocess.Popen[bytes] | None:
    """`git ls-files` of the files under `scan` git does not ignore, started; None outside a
    git work tree or without git."""
    if not any((folder / ".git").exists() for folder in (scan, *scan.parents)):
        return None
    try:
        return subprocess.Popen(
            [
                "git",
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
                "--",
                *(f"*{suffix}" for suffix in SOURCE_SUFFIXES),
            ],
            cwd=scan,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        return None  # git missing: scan everything rather than fail


def _finish_listing(listing: subprocess.Popen[bytes] | None, scan: Path) -> set[str] | None:
    """The files the listing names, or None (scan everything) when git failed or hung."""
    if listing is None:
        return None
    try:
        out, _err = listing.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        listing.kill()
        listing.communicate()
        return None
    if listing.returncode != 0:
        return None  # not a work tree after all, or git unhappy
    # Paths as the walk spells them (scandir joins names to str(scan)), compared as strings.
    return {os.path.join(scan, os.fsdecode(name)) for name in out.split(b"\0") if name}  # noqa: PTH118
