"""Database coupling between units: foreign key columns, relationships, models used, read and
written across units, SQL naming other units' tables, shared tables, migrations per unit."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from coupling.records import (
    Access,
    DataCell,
    DataEdgeKind,
    SharedTable,
)

if TYPE_CHECKING:
    from coupling.records import (
        DataEdge,
        ModuleGraph,
    )

_USES = {DataEdgeKind.IMPORT, DataEdgeKind.QUERY, DataEdgeKind.REFERENCE}
_KEYS = {DataEdgeKind.FOREIGN_KEY, DataEdgeKind.RELATIONSHIP}  # point at a table, use no rows


def data_cells(graph: ModuleGraph) -> tuple[DataCell, ...]:
    grouped: dict[tuple[str, str], list[DataEdge]] = defaultdict(list)
    for edge in graph.data_edges:
        grouped[edge.source_unit, edge.target_unit].append(edge)
    return tuple(
        _cell(source, target, edges) for (source, target), edges in sorted(grouped.items())
    )


def _cell(source: str, target: str, edges: list[DataEdge]) -> DataCell:
    return DataCell(
        source=source,
        target=target,
        foreign_keys=sum(1 for e in edges if e.kind is DataEdgeKind.FOREIGN_KEY),
        relationships=sum(1 for e in edges if e.kind is DataEdgeKind.RELATIONSHIP),
        models_used=len({e.target for e in edges if e.kind in _USES}),
        models_written=len({e.target for e in edges if e.access is Access.WRITE}),
        sql=len({(e.file, e.line) for e in edges if e.kind is DataEdgeKind.SQL}),
        edges=tuple(edges),
    )


def shared_tables(graph: ModuleGraph) -> tuple[SharedTable, ...]:
    """Tables other units read or write: imported, queried, named or in SQL (not foreign keys
    or relationships, which only point at a table)."""
    users: dict[str, set[str]] = defaultdict(set)
    writers: dict[str, set[str]] = defaultdict(set)
    for edge in graph.data_edges:
        if edge.kind not in _KEYS:
            users[edge.target].add(edge.source_unit)
        if edge.access is Access.WRITE:
            writers[edge.target].add(edge.source_unit)
    by_key = {model.key: model for model in graph.models}
    found = [
        SharedTable(
            by_key[key].table,
            key,
            by_key[key].unit,
            tuple(sorted(units)),
            tuple(sorted(writers[key])),
        )
        for key, units in users.items()
        if by_key[key].table
    ]
    return tuple(sorted(found, key=lambda t: (-len(t.users), t.table)))


def migrations_per_unit(graph: ModuleGraph) -> tuple[tuple[str, int], ...]:
    """Migration files per unit: evidence that the unit owns a schema of its own."""
    counts = Counter(
        file.unit
        for file, facts in zip(graph.project.files, graph.facts, strict=True)
        if facts.migration
    )
    return tuple(sorted(counts.items()))


def migration_files(graph: ModuleGraph) -> tuple[tuple[str, str], ...]:
    """Every migration file with its unit: they move with the unit's tables."""
    return tuple(
        sorted(
            (file.unit, file.rel)
            for file, facts in zip(graph.project.files, graph.facts, strict=True)
            if facts.migration
        )
    )
