"""dependency-matrix.md, the sections beyond imports: data, API, complexity, tests, strings."""

from __future__ import annotations

from collections import defaultdict

from coupling.records import Analysis, DataCell, FunctionStats
from coupling.render.format import bold, count, name, plural, ratio, table, where

MAX_LISTED = 100  # endpoints per unit, dynamic imports: beyond this the JSON has the rest


def database_hub(analysis: Analysis) -> str:
    """A highlight line naming the unit whose tables most foreign keys point at."""
    incoming: dict[str, int] = defaultdict(int)
    sources: dict[str, set[str]] = defaultdict(set)
    for cell in analysis.data.cells:
        if cell.foreign_keys:
            incoming[cell.target] += cell.foreign_keys
            sources[cell.target].add(cell.source)
    if not incoming:
        return ""
    hub = max(incoming, key=lambda unit: (incoming[unit], unit))
    return (
        f"{bold(hub)} is the database hub: {plural(incoming[hub], 'foreign key')} from "
        f"{plural(len(sources[hub]), 'unit')} point at its tables."
    )


def database_section(analysis: Analysis) -> str:
    if not analysis.data.models:
        return "## Database coupling\n\nNo ORM models found (Django models, SQLAlchemy declarative classes or Tables)."
    cells = {(c.source, c.target): c for c in analysis.data.cells}
    order = list(analysis.imports.order)
    rows = [
        [bold(row), *("–" if row == col else _data_cell(cells.get((row, col))) for col in order)]
        for row in order
    ]
    parts = [
        "## Database coupling",
        "Rows depend on the data of columns: **FK** foreign keys from their models to the column's "
        "models, **uses** distinct models of the column they import or query, **SQL** strings naming "
        "its tables. Foreign keys and shared tables are what a split must migrate or replace with an API.",
        table(["depends on →", *(name(u) for u in order)], rows),
        _models_per_unit(analysis),
        _shared_tables(analysis),
    ]
    return "\n\n".join(part for part in parts if part)


def _data_cell(cell: DataCell | None) -> str:
    if cell is None:
        return "·"
    bits = [
        f"FK {cell.foreign_keys}" if cell.foreign_keys else "",
        f"uses {cell.models_used}" if cell.models_used else "",
        f"SQL {cell.sql}" if cell.sql else "",
    ]
    return " · ".join(bit for bit in bits if bit)


def _models_per_unit(analysis: Analysis) -> str:
    used: dict[str, set[str]] = defaultdict(set)
    keys_out: dict[str, int] = defaultdict(int)
    for cell in analysis.data.cells:
        used[cell.source].update(
            e.target for e in cell.edges if e.kind in ("import", "query", "sql")
        )
        keys_out[cell.source] += cell.foreign_keys
    rows = []
    for unit in sorted({m.unit for m in analysis.data.models} | set(used)):
        models = [m for m in analysis.data.models if m.unit == unit]
        tables = sorted(m.table for m in models if m.table)
        rows.append(
            [
                bold(unit),
                count(len(models)),
                ", ".join(tables) or "–",
                count(keys_out[unit]),
                count(len(used[unit])),
            ]
        )
    return "### Models per unit\n\n" + table(
        ["unit", "models", "tables", "foreign keys to other units", "models of other units used"],
        rows,
        ["left", "right", "left", "right", "right"],
    )


def _shared_tables(analysis: Analysis) -> str:
    if not analysis.data.shared_tables:
        return "### Shared tables\n\nNo unit reads another unit's tables."
    rows = [[f"`{t.table}`", t.owner, ", ".join(t.users)] for t in analysis.data.shared_tables]
    return (
        "### Shared tables\n\nTables that units other than their owner import, query or name in SQL.\n\n"
        + table(["table", "owner", "also used by"], rows)
    )


def endpoints_section(analysis: Analysis) -> str:
    if not analysis.interfaces.endpoints:
        return (
            "## Endpoints\n\nNo HTTP endpoints found (FastAPI, Starlette, Flask or Django routes)."
        )
    by_unit: dict[str, list[str]] = defaultdict(list)
    rows_by_unit: dict[str, list[list[str]]] = defaultdict(list)
    for item in analysis.interfaces.endpoints:
        by_unit[item.unit].append(item.endpoint.path)
        rows_by_unit[item.unit].append(
            [
                item.endpoint.method,
                f"`{item.endpoint.path}`",
                f"`{item.endpoint.handler}`",
                where(item.file, item.endpoint.line),
            ]
        )
    summary = [
        [bold(unit), count(len(paths)), item_list(sorted(set(paths)))]
        for unit, paths in sorted(by_unit.items())
    ]
    parts = [
        "## Endpoints",
        table(["unit", "endpoints", "paths"], summary, ["left", "right", "left"]),
    ]
    for unit, rows in sorted(rows_by_unit.items()):
        note = (
            f"\n\n{count(len(rows) - MAX_LISTED)} more in coupling.json."
            if len(rows) > MAX_LISTED
            else ""
        )
        parts.append(
            f"### {unit}\n\n"
            + table(["method", "path", "handler", "where"], rows[:MAX_LISTED])
            + note
        )
    return "\n\n".join(parts)


def item_list(items: list[str], limit: int = 6) -> str:
    shown = ", ".join(f"`{item}`" for item in items[:limit])
    return shown + (f" +{len(items) - limit}" if len(items) > limit else "")


def surface_section(analysis: Analysis) -> str:
    if not analysis.interfaces.surfaces:
        return ""
    rows = [
        [
            bold(s.unit),
            count(s.incoming),
            f"{s.through_facade / s.incoming:.0%} ({count(s.through_facade)})"
            if s.incoming
            else "–",
            count(len(s.entries)),
            "<br>".join(
                f"`{e.module}` ({count(e.statements)}): {', '.join(e.names[:5])}{' …' if len(e.names) > 5 else ''}"
                for e in s.entries[:4]
            ),
        ]
        for s in analysis.interfaces.surfaces
    ]
    return (
        "## Public surface\n\n"
        "What other units import from each unit: the would-be API of a service. Imports through its "
        "facade (its `__init__` or an `api` module, see `rules/analysis.toml`) mean a clear boundary; "
        "imports of many inner modules mean others reach into its internals.\n\n"
        + table(
            [
                "unit",
                "imports from other units",
                "through facade",
                "modules reached",
                "most imported modules: names",
            ],
            rows,
            ["left", "right", "right", "right", "left"],
        )
    )


def complexity_section(analysis: Analysis) -> str:
    rows = [
        [
            bold(q.unit),
            count(q.functions),
            *(count(n) for n in q.ranks),
            f"{q.mean_complexity:.1f}",
            count(q.max_complexity),
        ]
        for q in analysis.code.units
    ]
    parts = [
        "## Complexity",
        "Cyclomatic complexity per function (radon): rank A is 1–5, B 6–10, C 11–20, D 21–30, E 31–40, F 41 and more.",
        table(
            ["unit", "functions", "A", "B", "C", "D", "E", "F", "mean", "max"],
            rows,
            ["left", *["right"] * 9],
        ),
    ]
    if analysis.code.hotspots:
        parts.append(
            "### Most complex functions\n\n"
            + _functions(analysis.code.hotspots, analysis.code.line_coverage)
        )
    return "\n\n".join(parts)


def _functions(functions: tuple[FunctionStats, ...], measured: str) -> str:
    rows = [
        [
            f"`{f.name}`",
            f.unit,
            count(f.complexity),
            f.rank,
            where(f.file, f.line),
            _tested(f, measured),
        ]
        for f in functions
    ]
    return table(
        ["function", "unit", "complexity", "rank", "where", "tests"],
        rows,
        ["left", "left", "right", "left", "left", "left"],
    )


def _tested(function: FunctionStats, measured: str) -> str:
    if measured:
        return (
            "no lines measured"
            if function.coverage is None
            else f"{function.coverage:.0%} of lines run"
        )
    return "named in a test" if function.tested else "no test names it"


def tests_section(analysis: Analysis) -> str:
    measured = analysis.code.line_coverage
    rows = [
        [
            bold(q.unit),
            count(q.test_files),
            count(q.test_lines),
            ratio(q.test_ratio),
            "–" if q.coverage is None else f"{q.coverage:.0%}",
        ]
        for q in analysis.code.units
    ]
    source = (
        f"line coverage from `{measured}`"
        if measured
        else "no coverage file given (`--coverage coverage.xml` adds measured line coverage)"
    )
    parts = [
        "## Tests",
        f"{plural(analysis.accounting.test_files, 'test file')}; a test file counts for the unit its path names, "
        f"else for the units it imports. {source[0].upper() + source[1:]}.",
        table(
            ["unit", "test files", "test lines", "test/code", "coverage"],
            rows,
            ["left", "right", "right", "right", "right"],
        ),
    ]
    if analysis.code.untested:
        parts.append(
            "### Complex and untested\n\nComplex functions (see `rules/analysis.toml`) "
            + ("with little of them run by the tests" if measured else "that no test names")
            + ":\n\n"
            + _functions(analysis.code.untested, measured)
        )
    return "\n\n".join(parts)


def dynamic_section(analysis: Analysis) -> str:
    resolved = [d for d in analysis.runtime.dynamic if d.imported]
    blind = [d for d in analysis.runtime.dynamic if not d.imported]
    if not analysis.runtime.dynamic:
        return "## Dynamic imports\n\nNo module named in a string (importlib, settings lists, task names, entry points)."
    rows = [
        [
            d.source_unit,
            d.kind,
            f"`{d.target}`",
            d.target_unit + (" (same unit)" if d.target_unit == d.source_unit else ""),
            where(d.file, d.line),
        ]
        for d in resolved[:MAX_LISTED]
    ]
    parts = [
        "## Dynamic imports",
        "Modules named in strings. They are not in the import matrix: an extraction must find and "
        "replace them by hand.",
    ]
    if rows:
        parts.append(table(["unit", "kind", "names", "reaches", "where"], rows))
    if blind:
        listed = ", ".join(where(d.file, d.line) for d in blind[:10])
        parts.append(
            f"{plural(len(blind), 'dynamic import')} with a computed name cannot be followed statically: {listed}."
        )
    return "\n\n".join(parts)
