"""PATH → the Python files in it, their dotted module names and the units they belong to."""

from __future__ import annotations

import fnmatch
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from coupling.errors import InputError
from coupling.records import Namespace, Project, Settings, Skipped, SourceFile

ROOT_UNIT = "__init__"  # the scanned package's own __init__.py, when PATH is a package
TEST_FOLDERS = ("tests", "test")


@dataclass
class _Walk:
    """What one walk of a folder tree found."""

    files: list[tuple[Path, os.stat_result]] = field(default_factory=list)
    namespaces: list[Path] = field(default_factory=list)  # folders without __init__.py
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    ignored: int = 0  # Python files git ignores


def discover(settings: Settings) -> Project:
    """Every importable Python file under settings.path, named and assigned to a unit."""
    scan = settings.path
    package_dir, package = _enclosing_package(scan)
    keep = _not_ignored(scan)
    walk = _walk(scan, settings.exclude, keep)
    if not walk.files:
        ignored = f" ({walk.ignored} ignored by git)" if walk.ignored else ""
        odd = [p.name for p, reason in walk.skipped if "not a Python identifier" in reason]
        if odd:
            ignored += f" (only in folders Python cannot import: {', '.join(sorted(odd)[:3])})"
        raise InputError(
            f"no Python files found here{ignored}; pass the folder that holds your packages (e.g. src/)",
            path=_rel(scan, settings.root),
        )
    prefix = package.split(".") if package else []
    files: dict[str, SourceFile] = {}
    skipped = [Skipped(_rel(p, settings.root), reason) for p, reason in walk.skipped]
    for path, stat in walk.files:
        parts = _module_parts(path, scan)
        module = ".".join(prefix + parts)
        if module in files:
            # foo.py beside foo/__init__.py: Python imports the package.
            shadowed = files[module] if path.name == "__init__.py" else None
            loser = shadowed.path if shadowed else path
            skipped.append(
                Skipped(_rel(loser, settings.root), "shadowed by a package of the same name")
            )
            if shadowed is None:
                continue
        files[module] = SourceFile(
            path=path,
            rel=_rel(path, settings.root),
            module=module,
            unit=_unit(parts, settings.depth),
            is_package=path.name == "__init__.py",
            size=stat.st_size,
            mtime_ns=stat.st_mtime_ns,
            ctime_ns=stat.st_ctime_ns,
            is_test=_is_test(tuple(_rel(path, scan).split("/"))),
        )
    namespaces = [
        Namespace(".".join(prefix + parts), _unit(parts, settings.depth))
        for parts in sorted(_module_parts(folder, scan) for folder in walk.namespaces)
        if parts and ".".join(prefix + parts) not in files
    ]
    # A unit is production code: a folder of tests alone is not one.
    # At --depth 2 and more, an empty package __init__ above the units is no unit of its own.
    units = {
        f.unit
        for f in files.values()
        if not f.is_test
        and (f.size or len(f.unit.split(".")) == settings.depth or f.unit == ROOT_UNIT)
    }
    return Project(
        root=settings.root,
        scan_path=_rel(scan, settings.root),
        package=package,
        depth=settings.depth,
        units=tuple(sorted(units)),
        files=tuple(files[name] for name in sorted(files)),
        namespaces=tuple(namespaces),
        context_modules=_context_modules(package_dir, scan, package),
        skipped=tuple(sorted(skipped, key=lambda s: (s.file, s.reason))),
        test_files=_test_files(settings),
        ignored=walk.ignored,
    )


def _is_test(parts: tuple[str, ...]) -> bool:
    """Test code by the conventions pytest and unittest follow."""
    name = parts[-1]
    return (
        any(part in TEST_FOLDERS for part in parts[:-1])
        or name.startswith("test_")
        or name.endswith("_test.py")
        or name == "conftest.py"
    )


def _test_files(settings: Settings) -> tuple[SourceFile, ...]:
    """Python files in the test folders beside PATH, named from the folder above them."""
    folders = settings.tests
    if folders is None:
        folders = tuple(
            settings.root / name for name in TEST_FOLDERS if (settings.root / name).is_dir()
        )
    found = []
    for folder in folders:
        scan = settings.path
        if (
            folder == scan
            or scan in folder.parents
            or folder in scan.parents
            or not folder.is_dir()
        ):
            continue
        walk = _walk(folder, settings.exclude, _not_ignored(folder))
        for path, stat in walk.files:
            parts = [folder.name, *_module_parts(path, folder)]
            found.append(
                SourceFile(
                    path=path,
                    rel=_rel(path, settings.root),
                    module=".".join(parts),
                    unit="",
                    is_package=path.name == "__init__.py",
                    size=stat.st_size,
                    mtime_ns=stat.st_mtime_ns,
                    ctime_ns=stat.st_ctime_ns,
                    is_test=True,
                )
            )
    return tuple(sorted(found, key=lambda f: f.rel))


def _enclosing_package(scan: Path) -> tuple[Path | None, str]:
    """The top-level package folder holding `scan` and scan's dotted name, if scan is a package
    (or a folder without __init__.py inside one: a namespace package)."""
    if not (scan / "__init__.py").is_file() and not (scan.parent / "__init__.py").is_file():
        return None, ""
    names = [scan.name]
    top = scan
    while (top.parent / "__init__.py").is_file() and top.parent != top:
        top = top.parent
        names.insert(0, top.name)
    bad = [name for name in names if not name.isidentifier()]
    if bad:
        raise InputError(
            f"folder {bad[0]!r} has an __init__.py but is not a valid package name; "
            "pass the folder that holds your packages",
            path=scan,
        )
    return top, ".".join(names)


def _module_parts(path: Path, scan: Path) -> list[str]:
    inner = _rel(path, scan)
    parts = inner.split("/") if inner != "." else []
    if parts and parts[-1] == "__init__.py":
        parts.pop()
    elif parts and parts[-1].endswith(".py"):
        parts[-1] = parts[-1][:-3]
    return parts


def _unit(parts: list[str], depth: int) -> str:
    return ".".join(parts[:depth]) if parts else ROOT_UNIT


def _rel(path: Path, root: Path) -> str:
    text, prefix = str(path), str(root).rstrip(os.sep) + os.sep
    if text.startswith(prefix):  # the usual case, without relpath's normalising (900 files)
        return text[len(prefix) :].replace(os.sep, "/")
    return Path(os.path.relpath(path, root)).as_posix()


def _walk(scan: Path, exclude: tuple[str, ...], keep: set[Path] | None) -> _Walk:
    walker = _Walker(scan, exclude, keep)
    walker.folder(str(scan), "", ancestors=())
    return walker.found


class _Walker:
    """Strings and DirEntry, not Path objects: big trees have thousands of folders
    (translations, fixtures) with no Python in them."""

    def __init__(self, scan: Path, exclude: tuple[str, ...], keep: set[Path] | None) -> None:
        self.scan = scan
        self.exclude = exclude
        self.keep = keep
        self.found = _Walk()
        self.seen: set[tuple[int, int]] = set()

    def folder(self, folder: str, rel: str, ancestors: tuple[tuple[int, int], ...]) -> bool:
        """Walk one folder; True when it holds Python files somewhere below."""
        listed = self._entries(folder, ancestors)
        if listed is None:
            return False
        key, entries = listed
        has_python = False
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
            if is_folder:
                has_python = self._subfolder(entry, child, (*ancestors, key)) or has_python
            elif name.endswith(".py"):
                has_python = self._file(entry) or has_python
        if has_python and rel and not any(e.name == "__init__.py" for e in entries):
            self.found.namespaces.append(Path(folder))
        return has_python

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
            self.found.files.append((path, entry.stat()))
        except OSError as exc:
            self.found.skipped.append((path, f"cannot read file: {exc.strerror or exc}"))
            return False
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


def _not_ignored(scan: Path) -> set[Path] | None:
    """Files git does not ignore under `scan`, or None outside a git work tree."""
    if not any((folder / ".git").exists() for folder in (scan, *scan.parents)):
        return None
    try:
        listing = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "*.py"],
            cwd=scan,
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None  # git missing or unhappy: scan everything rather than fail
    return {scan / os.fsdecode(name) for name in listing.split(b"\0") if name}


def _context_modules(package_dir: Path | None, scan: Path, package: str) -> tuple[str, ...]:
    """Modules of the enclosing top-level package that lie outside PATH."""
    if package_dir is None or package_dir == scan:
        return ()
    top = package.split(".", maxsplit=1)[0]
    names: set[str] = set()
    for folder, dirs, filenames in os.walk(package_dir):
        here = Path(folder)
        if here == scan or scan in here.parents:
            dirs.clear()
            continue
        dirs[:] = [d for d in dirs if d.isidentifier() and d != "__pycache__"]
        base = [top, *here.relative_to(package_dir).parts]
        names.add(".".join(base))
        for filename in filenames:
            if filename.endswith(".py") and filename != "__init__.py" and "." not in filename[:-3]:
                names.add(".".join([*base, filename[:-3]]))
    return tuple(sorted(names))
