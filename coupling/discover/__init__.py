"""PATH → the Python files in it, their dotted module names and the units they belong to."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from coupling.discover.walk import Walk, not_ignored, walk
from coupling.errors import InputError
from coupling.records import Namespace, Project, Settings, Skipped, SourceFile

ROOT_UNIT = "__init__"  # the scanned package's own __init__.py, when PATH is a package
TEST_FOLDERS = ("tests", "test")


def discover(settings: Settings) -> Project:
    """Every importable Python file under settings.path, named and assigned to a unit."""
    scan = settings.path
    package_dir, package = _enclosing_package(scan)
    found = walk(scan, settings.exclude, not_ignored(scan))
    if not found.files:
        raise _nothing_found(found, scan, settings.root)
    prefix = package.split(".") if package else []
    skipped = [Skipped(_rel(p, settings.root), reason) for p, reason in found.skipped]
    files = _source_files(found, scan, prefix, settings, skipped)
    namespaces = [
        Namespace(".".join(prefix + parts), _unit(parts, settings.depth))
        for parts in sorted(_module_parts(folder, scan) for folder in found.namespaces)
        if parts and ".".join(prefix + parts) not in files
    ]
    return Project(
        root=settings.root,
        scan_path=_rel(scan, settings.root),
        package=package,
        depth=settings.depth,
        units=_units(files.values(), settings.depth),
        files=tuple(files[name] for name in sorted(files)),
        namespaces=tuple(namespaces),
        context_modules=_context_modules(package_dir, scan, package),
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
    found: Walk, scan: Path, prefix: list[str], settings: Settings, skipped: list[Skipped]
) -> dict[str, SourceFile]:
    """Each file named as a module; a module shadowed by a package is added to `skipped`."""
    files: dict[str, SourceFile] = {}
    for path, stat in found.files:
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
        for path, stat in walk(folder, settings.exclude, not_ignored(folder)).files:
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
