"""The data part of a plan: the tables a unit owns, the models of others it reads and writes,
the foreign key columns crossing its boundary, its SQL naming other units' tables, and what a
read replica would have to carry."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from coupling.records import (
    Access,
    DataEdgeKind,
    DataPart,
    KeyColumn,
    ModelAccess,
    SqlUse,
)

if TYPE_CHECKING:
    from coupling.records import (
        DataCoupling,
        DataEdge,
    )

_USES = {DataEdgeKind.IMPORT, DataEdgeKind.QUERY, DataEdgeKind.REFERENCE, DataEdgeKind.SQL}


def data_part(data: DataCoupling, unit: str) -> DataPart:
    tables = {model.key: model.table for model in data.models}
    edges = [e for cell in data.cells if unit in (cell.source, cell.target) for e in cell.edges]
    outgoing = [e for e in edges if e.source_unit == unit]
    incoming = [e for e in edges if e.target_unit == unit]
    reads = _accesses(outgoing, tables, Access.READ)
    writes = _accesses(outgoing, tables, Access.WRITE)
    written = {w.model for w in writes}
    return DataPart(
        owned=tuple(sorted((m for m in data.models if m.unit == unit), key=lambda m: m.key)),
        used_by=_used_by(incoming, tables),
        reads=reads,
        writes=writes,
        keys=_keys(edges, unit, tables),
        sql=tuple(
            SqlUse(tables[e.target], e.target_unit, e.detail, e.access, e.file, e.line)
            for e in sorted(outgoing, key=lambda e: (e.file, e.line, e.target))
            if e.kind is DataEdgeKind.SQL
        ),
        read_only=tuple(sorted({r.table for r in reads if r.model not in written and r.table})),
        spans=tuple(s for s in data.spans if s.unit == unit),
        written_by=tuple(sorted({e.source_unit for e in incoming if e.access is Access.WRITE})),
        migrations=tuple(file for owner, file in data.migration_files if owner == unit),
    )


def _accesses(
    edges: list[DataEdge], tables: dict[str, str], access: Access
) -> tuple[ModelAccess, ...]:
    """The models of other units these edges read (or write), each once with every place."""
    places: dict[tuple[str, str], set[tuple[str, int]]] = defaultdict(set)
    for edge in edges:
        if edge.access is access:
            places[edge.target, edge.target_unit].add((edge.file, edge.line))
    return tuple(
        ModelAccess(model, tables.get(model, ""), unit, access, tuple(sorted(found)))
        for (model, unit), found in sorted(places.items(), key=lambda i: (i[0][1], i[0][0]))
    )


def _used_by(edges: list[DataEdge], tables: dict[str, str]) -> tuple[ModelAccess, ...]:
    """Its models other units use: each (model, user) once, written when any use writes."""
    places: dict[tuple[str, str], set[tuple[str, int]]] = defaultdict(set)
    accesses: dict[tuple[str, str], set[Access]] = defaultdict(set)
    for edge in edges:
        if edge.kind in _USES:
            places[edge.target, edge.source_unit].add((edge.file, edge.line))
            accesses[edge.target, edge.source_unit].add(edge.access)
    found = []
    for (model, user), where in sorted(places.items(), key=lambda i: (i[0][1], i[0][0])):
        seen = accesses[model, user]
        access = next((a for a in (Access.WRITE, Access.READ) if a in seen), Access.NONE)
        found.append(ModelAccess(model, tables.get(model, ""), user, access, tuple(sorted(where))))
    return tuple(found)


def _keys(edges: list[DataEdge], unit: str, tables: dict[str, str]) -> tuple[KeyColumn, ...]:
    found = {
        KeyColumn(
            table=tables.get(e.source, ""),
            column=e.column,
            model=e.source,
            target=e.target,
            target_table=tables.get(e.target, ""),
            unit=e.target_unit if e.source_unit == unit else e.source_unit,
            inbound=e.target_unit == unit,
            kind=e.detail,
            file=e.file,
            line=e.line,
        )
        for e in edges
        if e.kind is DataEdgeKind.FOREIGN_KEY
    }
    return tuple(
        sorted(found, key=lambda k: (k.inbound, k.unit, k.table, k.column, k.file, k.line))
    )
