"""What a seal reads from the graph coupling built: the unit's layout, the files and their text,
the load-time import graph, and who star-imports the facade."""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coupling.discover import ROOT_UNIT
from coupling.errors import InputError
from coupling.records import (
    Refusal,
    RefusalKind,
    SourceFile,
)
from coupling.seal.names import Layout

if TYPE_CHECKING:
    from coupling.records import (
        ModuleGraph,
        ResolvedImport,
        SealRequest,
    )
    from coupling.seal.cycles import ImportGraph


@dataclass(frozen=True)
class Source:
    """One file of the project and its text, as the seal reads and rewrites it."""

    file: SourceFile
    text: str


def layout_of(graph: ModuleGraph, request: SealRequest, facade_modules: tuple[str, ...]) -> Layout:
    """The unit and its facade as modules; an InputError (exit 2) when either does not exist."""
    project = graph.project
    if request.unit not in project.units or request.unit == ROOT_UNIT:
        units = [u for u in project.units if u != ROOT_UNIT]
        close = difflib.get_close_matches(request.unit, units, n=3, cutoff=0.5)
        hint = f"closest: {', '.join(close)}; " if close else ""
        raise InputError(
            f"no unit {request.unit!r} here; {hint}units: {', '.join(units)}",
            path=project.scan_path,
        )
    prefix = f"{project.package}." if project.package else ""
    unit = prefix + request.unit
    modules = {m.name: m for m in graph.modules}
    packages = frozenset(m.name for m in graph.modules if m.is_package)
    facade = _facade(request, unit, prefix, set(modules))
    if facade not in modules or not modules[facade].file:
        raise InputError(
            f"{facade} is a folder without __init__.py (a namespace package): create "
            f"{facade.replace('.', '/')}/__init__.py to be its facade, or pass --facade MODULE",
            path=project.scan_path,
        )
    public = frozenset({unit, *(f"{unit}.{name}" for name in facade_modules)})
    return Layout(unit, facade, frozenset(modules), packages, public)


def _facade(request: SealRequest, unit: str, prefix: str, modules: set[str]) -> str:
    """--facade as a dotted module of the unit: written in full, below PATH's package, or
    below the unit itself (`api` for billing.api)."""
    if request.facade is None:
        return unit
    inside = sorted(m for m in modules if m == unit or m.startswith(unit + "."))
    for candidate in (request.facade, prefix + request.facade, f"{unit}.{request.facade}"):
        if candidate in inside:
            return candidate
    close = difflib.get_close_matches(request.facade, inside, n=3, cutoff=0.5)
    raise InputError(
        f"--facade {request.facade}: no such module in {request.unit}; "
        f"its modules include {', '.join(close or inside[:5])}"
    )


def read_sources(files: tuple[SourceFile, ...], needle: str) -> tuple[list[Source], list[Refusal]]:
    """Every file's text, as UTF-8 with its newlines untouched. A file that cannot be read is
    a refusal when it may name the unit (its bytes hold `needle`), else simply left out."""
    sources: list[Source] = []
    refusals: list[Refusal] = []
    for file in files:
        try:
            data = file.path.read_bytes()
        except OSError as error:
            reason = error.strerror or str(error)
            refusals.append(_unread(file, f"cannot be read ({reason})"))
            continue
        try:
            sources.append(Source(file, data.decode("utf-8")))
        except UnicodeDecodeError as error:
            if needle.encode() in data:
                refusals.append(_unread(file, f"is not UTF-8 ({error.reason})"))
    return sources, refusals


def _unread(file: SourceFile, why: str) -> Refusal:
    return Refusal(file.rel, 1, RefusalKind.PARSE, f"{why}; the file is left alone")


def load_time_graph(graph: ModuleGraph) -> ImportGraph:
    """Each module → the modules it imports when it loads (not in functions nor under
    TYPE_CHECKING), from the statements coupling resolved."""
    edges: dict[str, set[str]] = defaultdict(set)
    for statement in (*graph.imports, *graph.test_imports):
        if not (statement.type_checking or statement.in_function):
            edges[statement.importer].update(statement.targets)
    return {module: frozenset(targets) for module, targets in edges.items()}


def star_importers(graph: ModuleGraph, facade: str) -> list[tuple[str, int]]:
    """(file, line) of every `from <facade> import *`, relative forms included."""
    statements: tuple[ResolvedImport, ...] = (*graph.imports, *graph.test_imports)
    return sorted((s.file, s.line) for s in statements if s.names == ("*",) and facade in s.targets)
