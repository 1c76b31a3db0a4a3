"""Measured line coverage from a file the user gives (--coverage): Cobertura XML as
`coverage xml` and most CI tools write it, or coverage.py's own .coverage SQLite database.

Paths in those files were written on another machine, from another folder; a file here
matches when its path below PATH is a suffix of the recorded path.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from coupling.errors import InputError
from coupling.records import FileLines, LineCoverage

if TYPE_CHECKING:
    from coupling.records import Project


@dataclass
class _Lines:
    measured: set[int]
    covered: set[int]


def read_coverage(path: Path | None, project: Project) -> LineCoverage | None:
    """Per scanned file, the lines measured (None: take the statements) and those run."""
    if path is None:
        return None
    recorded = _sqlite(path) if _is_sqlite(path) else _cobertura(path)
    by_suffix = {PurePath(file.rel).parts: file.rel for file in project.files}
    below_scan = {_below(file.rel, project.scan_path): file.rel for file in project.files}
    files: dict[str, FileLines] = {}
    for recorded_path, lines in recorded.items():
        match = _match(PurePath(recorded_path.replace("\\", "/")).parts, by_suffix, below_scan)
        if match is not None:
            measured = tuple(sorted(lines.measured)) if lines.measured else None
            files[match] = FileLines(measured=measured, covered=tuple(sorted(lines.covered)))
    return LineCoverage(source=path.name, files=tuple(sorted(files.items())))


def _below(rel: str, scan_path: str) -> tuple[str, ...]:
    parts = PurePath(rel).parts
    prefix = PurePath(scan_path).parts if scan_path != "." else ()
    return parts[len(prefix) :] if parts[: len(prefix)] == prefix else parts


def _match(
    parts: tuple[str, ...],
    by_suffix: dict[tuple[str, ...], str],
    below_scan: dict[tuple[str, ...], str],
) -> str | None:
    for start in range(len(parts)):
        tail = parts[start:]
        if tail in by_suffix:
            return by_suffix[tail]
        if tail in below_scan:
            return below_scan[tail]
    return None


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            return stream.read(16) == b"SQLite format 3\x00"
    except OSError as exc:
        raise InputError(f"cannot read coverage file: {exc.strerror or exc}", path=path) from exc


def _cobertura(path: Path) -> dict[str, _Lines]:
    import xml.etree.ElementTree as ET  # here: a check without coverage never parses XML

    found: dict[str, _Lines] = defaultdict(lambda: _Lines(set(), set()))
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise InputError(
            f"not a Cobertura coverage.xml nor a .coverage database ({exc}); pass the file `coverage xml` writes",
            path=path,
            line=line,
        ) from exc
    except OSError as exc:
        raise InputError(f"cannot read coverage file: {exc.strerror or exc}", path=path) from exc
    if root.tag != "coverage":
        raise InputError(
            f"not a Cobertura report (root element <{root.tag}>); pass the file `coverage xml` writes",
            path=path,
        )
    for cls in root.iter("class"):
        lines = found[cls.get("filename", "")]
        for element in cls.iter("line"):
            number = int(element.get("number", "0"))
            lines.measured.add(number)
            if int(element.get("hits", "0")) > 0:
                lines.covered.add(number)
    return dict(found)


def _sqlite(path: Path) -> dict[str, _Lines]:
    """coverage.py's database stores the lines run, as bitmaps (numbits); not what was measured."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            files = dict(db.execute("SELECT id, path FROM file"))
            found: dict[str, _Lines] = {name: _Lines(set(), set()) for name in files.values()}
            for file_id, numbits in db.execute("SELECT file_id, numbits FROM line_bits"):
                found[files[file_id]].covered.update(_numbits(numbits))
    except sqlite3.Error as exc:
        raise InputError(
            f"not a coverage.py database ({exc}); pass .coverage from coverage.py 5 or later, or coverage.xml",
            path=path,
        ) from exc
    return found


def _numbits(data: bytes) -> list[int]:
    return [
        index * 8 + bit for index, byte in enumerate(data) for bit in range(8) if byte & (1 << bit)
    ]
