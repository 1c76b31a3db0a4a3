"""dependency-matrix.md, database coupling: models per unit, foreign key columns and
relationships, models used, read and written across units, SQL naming other units' tables,
shared tables, migrations."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from coupling.records import Access, DataEdgeKind
from coupling.render.format import bold, count, name, plural, table

if TYPE_CHECKING:
    from coupling.records import DataCell, DataCoupling

_KEYS = {DataEdgeKind.FOREIGN_KEY, DataEdgeKind.RELATIONSHIP}  # point at tables, use no rows


def database_hub(data: DataCoupling) -> str:
    """A highlight line naming the unit whose tables most foreign key columns point at."""
    incoming: dict[str, int] = defaultdict(int)
    sources: dict[str, set[str]] = defaultdict(set)
    for cell in data.cells:
        if cell.foreign_keys:
            incoming[cell.target] += cell.foreign_keys
            sources[cell.target].add(cell.source)
    if not incoming:
        return ""
    hub = max(incoming, key=lambda unit: (incoming[unit], unit))
    return (
        f"{bold(hub)} is the database hub: {plural(incoming[hub], 'foreign key column')} from "
        f"{plural(len(sources[hub]), 'unit')} point at its tables."
    )


def database_section(data: DataCoupling, order: tuple[str, ...]) -> str:
    if not data.models:
        return "## Database coupling\n\nNo ORM models found (Django models, SQLAlchemy declarative classes or Tables)."
    cells = {(c.source, c.target): c for c in data.cells}
    rows = [
        [bold(row), *("–" if row == col else _data_cell(cells.get((row, col))) for col in order)]
        for row in order
    ]
    parts = [
        "## Database coupling",
        "Rows depend on the data of columns: **FK** foreign key columns from their models to the "
        "column's models, **rel** relationships (navigations, back-references included: no column), "
        "**uses** distinct models of the column they import, query or name, **writes** those of them "
        "they write, **SQL** strings naming its tables. Foreign keys, writes and shared tables are "
        "what a split must migrate or replace with an API.",
        table(["depends on →", *(name(u) for u in order)], rows),
        _models_per_unit(data),
        _shared_tables(data),
    ]
    return "\n\n".join(part for part in parts if part)


def _data_cell(cell: DataCell | None) -> str:
    if cell is None:
        return "·"
    bits = [
        f"FK {cell.foreign_keys}" if cell.foreign_keys else "",
        f"rel {cell.relationships}" if cell.relationships else "",
        f"uses {cell.models_used}" if cell.models_used else "",
        f"writes {cell.models_written}" if cell.models_written else "",
        f"SQL {cell.sql}" if cell.sql else "",
    ]
    return " · ".join(bit for bit in bits if bit)


def _models_per_unit(data: DataCoupling) -> str:
    used: dict[str, set[str]] = defaultdict(set)
    written: dict[str, set[str]] = defaultdict(set)
    keys_out: dict[str, int] = defaultdict(int)
    for cell in data.cells:
        used[cell.source].update(e.target for e in cell.edges if e.kind not in _KEYS)
        written[cell.source].update(e.target for e in cell.edges if e.access is Access.WRITE)
        keys_out[cell.source] += cell.foreign_keys
    migrations = dict(data.migrations)
    rows = []
    for unit in sorted({m.unit for m in data.models} | set(used) | set(migrations)):
        models = [m for m in data.models if m.unit == unit]
        tables = sorted(m.table for m in models if m.table)
        rows.append(
            [
                bold(unit),
                count(len(models)),
                _tables(tables),
                count(keys_out[unit]),
                count(len(used[unit])),
                count(len(written[unit])),
                count(migrations.get(unit, 0)),
            ]
        )
    headers = [
        "unit",
        "models",
        "tables",
        "FK columns to other units",
        "models of other units used",
        "of them written",
        "migrations",
    ]
    return "### Models per unit\n\n" + table(
        headers, rows, ["left", "right", "left", "right", "right", "right", "right"]
    )


def _tables(tables: list[str], limit: int = 12) -> str:
    shown = ", ".join(tables[:limit]) or "–"
    return shown + (f" +{len(tables) - limit}" if len(tables) > limit else "")


def _shared_tables(data: DataCoupling) -> str:
    if not data.shared_tables:
        return "### Shared tables\n\nNo unit reads another unit's tables."
    rows = [
        [f"`{t.table}`", t.owner, ", ".join(t.users), ", ".join(t.writers) or "–"]
        for t in data.shared_tables
    ]
    return (
        "### Shared tables\n\nTables that units other than their owner import, query, name or "
        "write.\n\n" + table(["table", "owner", "also used by", "written by"], rows)
    )
