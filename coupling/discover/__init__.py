"""PATH → the Python files in it, their dotted module names and the units they belong to."""

from __future__ import annotations

import os
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from coupling.discover.units import ROOT_UNIT, claims_of, unit_map
from coupling.discover.walk import walk
from coupling.errors import ConfigError, InputError
from coupling.records import Namespace, Project, Skipped, SourceFile

if TYPE_CHECKING:
    from coupling.discover.units import UnitMap
    from coupling.discover.walk import Walk
    from coupling.records import Settings

__all__ = ["ROOT_UNIT", "TEST_FOLDERS", "discover"]

TEST_FOLDERS = ("tests", "test")


def discover(settings: Settings) -> Project:
    """Every importable Python file under settings.path, named and assigned to a unit."""
    scan = settings.path
    package_dir, package = _enclosing_package(scan)
    found = walk(scan, settings.exclude, follow_symlinks=settings.limits.follow_symlinks)
    if not found.files:
        raise _nothing_found(found, scan, settings.root)
    prefix = package.split(".") if package else []
    skipped = [Skipped(_rel(p, settings.root), reason) for p, reason in found.skipped]
    units = unit_map(
        settings, {".".join(prefix + _module_parts(path, scan)) for path, _stat in found.files}
    )
    test_folders = _test_folders(found, scan)
    files = _source_files(
        found, scan, prefix, units, test_folders=test_folders, settings=settings, skipped=skipped
    )
    _check_unit_globs(units, files.values(), scan, settings)
    namespaces = [
        Namespace(
            module,
            units.unit_of("/".join(parts), module, parts),
            _is_test((*parts, ""), test_folders),
        )
        for parts in sorted(_module_parts(folder, scan) for folder in found.namespaces)
        if parts and (module := ".".join(prefix + parts)) not in files
    ]
    return Project(
        root=settings.root,
        scan_path=_rel(scan, settings.root),
        package=package,
        depth=settings.depth,
        units=_units(files.values(), settings.depth),
        units_from=units.source,
        files=tuple(files[name] for name in sorted(files)),
        namespaces=tuple(namespaces),
        context_modules=_context_modules(package_dir, scan, package),
        first_party=_beside(package_dir),
        skipped=tuple(sorted(skipped, key=lambda s: (s.file, s.reason))),
        test_files=_test_files(settings),
        ignored=found.ignored,
    )


def _nothing_found(found: Walk, scan: Path, root: Path) -> InputError:
    ignored = f" ({found.ignored} ignored by git)" if found.ignored else ""
    odd = [p.name for p, reason in found.skipped if "not a Python identifier" in reason]
    if odd:
        ignored += f" (only in folders Python cannot import: {', '.join(sorted(odd)[:3])})"
    return InputError(
        f"no Python files found here{ignored}; pass the folder that holds your packages (e.g. src/)",
        path=_rel(scan, root),
    )


def _source_files(
    found: Walk,
    scan: Path,
    prefix: list[str],
    units: UnitMap,
    *,
    test_folders: set[tuple[str, ...]],
    settings: Settings,
    skipped: list[Skipped],
) -> dict[str, SourceFile]:
    """Each file named as a module; a module shadowed by a package is added to `skipped`."""
    files: dict[str, SourceFile] = {}
    for path, stat in found.files:
        below = _rel(path, scan)
        parts = _parts_below(below)
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
            unit=units.unit_of(below, module, parts),
            is_package=path.name == "__init__.py",
            size=stat.st_size,
            mtime_ns=stat.st_mtime_ns,
            ctime_ns=stat.st_ctime_ns,
            is_test=_is_test(tuple(below.split("/")), test_folders),
        )
    return files


def _units(files: Iterable[SourceFile], depth: int) -> tuple[str, ...]:
    # A unit is production code: a folder of tests alone is not one.
    # At --depth 2 and more, an empty package __init__ above the units is no unit of its own.
    units = {
        f.unit
        for f in files
        if not f.is_test and (f.size or len(f.unit.split(".")) == depth or f.unit == ROOT_UNIT)
    }
    return tuple(sorted(units))


def _is_test(parts: tuple[str, ...], test_folders: set[tuple[str, ...]]) -> bool:
    """Test code by the conventions pytest and unittest follow: a test file, or a file in a
    tests/ folder that holds test files (Django's django/test/ holds none: it is public API)."""
    return _is_test_file(parts[-1]) or any(
        parts[:depth] in test_folders for depth in range(1, len(parts))
    )


def _is_test_file(name: str) -> bool:
    return name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py"


def _test_folders(found: Walk, scan: Path) -> set[tuple[str, ...]]:
    """Folders named tests/ or test/ (below PATH) with a test file somewhere below them."""
    folders = set()
    for path, _stat in found.files:
        if not _is_test_file(path.name):
            continue
        parts = tuple(_rel(path, scan).split("/"))
        for depth in range(1, len(parts)):
            if parts[depth - 1] in TEST_FOLDERS:
                folders.add(parts[:depth])
    return folders


def _check_unit_globs(
    units: UnitMap, files: Iterable[SourceFile], scan: Path, settings: Settings
) -> None:
    """Every [units] glob matches a file, and no file is claimed by two units."""
    if not units.globs:
        return
    matched: set[str] = set()
    for file in files:
        claims = claims_of(units, _rel(file.path, scan))
        if len(claims) > 1:
            raise ConfigError(
                f"units {', '.join(claims)} both claim {file.rel}; give each file to one unit",
                path=settings.config_file,
                line=next(s.line for s in settings.units if s.name == claims[0]),
            )
        matched.update(claims)
    for spec, _patterns in units.globs:
        if spec.name not in matched:
            raise ConfigError(
                f"units.{spec.name}: {', '.join(spec.globs)} matches no Python file below "
                f'{_rel(scan, settings.root)}; globs are paths below PATH, e.g. "cli/**"',
                path=settings.config_file,
                line=spec.line,
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
        walked = walk(folder, settings.exclude, follow_symlinks=settings.limits.follow_symlinks)
        for path, stat in walked.files:
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
    return _parts_below(_rel(path, scan))


def _parts_below(inner: str) -> list[str]:
    """The dotted name's parts of the file or folder at `inner`, its path below PATH."""
    parts = inner.split("/") if inner != "." else []
    if parts and parts[-1] == "__init__.py":
        parts.pop()
    elif parts and parts[-1].endswith(".py"):
        parts[-1] = parts[-1][:-3]
    return parts


def _rel(path: Path, root: Path) -> str:
    text, prefix = str(path), str(root).rstrip(os.sep) + os.sep
    if text.startswith(prefix):  # the usual case, without relpath's normalising (900 files)
        return text[len(prefix) :].replace(os.sep, "/")
    return Path(os.path.relpath(path, root)).as_posix()


def _beside(package_dir: Path | None) -> tuple[str, ...]:
    """Top-level packages and modules in the folder that holds the scanned top package (not
    an installed one: everything beside it in site-packages is third-party)."""
    if package_dir is None or package_dir.parent.name in ("site-packages", "dist-packages"):
        return ()
    names = set()
    try:
        entries = list(os.scandir(package_dir.parent))
    except OSError:
        return ()
    for entry in entries:
        stem = entry.name[:-3] if entry.name.endswith(".py") else entry.name
        with suppress(OSError):
            if (
                stem.isidentifier()
                and entry.path != str(package_dir)
                and (entry.name.endswith(".py") or (Path(entry.path) / "__init__.py").is_file())
            ):
                names.add(stem)
    return tuple(sorted(names))


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
