"""Database coupling between units: foreign keys, models used across units, shared tables."""

from __future__ import annotations

from collections import defaultdict

from coupling.records import DataCell, DataEdge, ModuleGraph, SharedTable


def data_cells(graph: ModuleGraph) -> tuple[DataCell, ...]:
    grouped: dict[tuple[str, str], list[DataEdge]] = defaultdict(list)
    for edge in graph.data_edges:
        grouped[edge.source_unit, edge.target_unit].append(edge)
    cells = []
    for (source, target), edges in sorted(grouped.items()):
        cells.append(
            DataCell(
                source=source,
                target=target,
                foreign_keys=sum(1 for e in edges if e.kind == "foreign key"),
                models_used=len({e.target for e in edges if e.kind in ("import", "query")}),
                sql=len({(e.file, e.line) for e in edges if e.kind == "sql"}),
                edges=tuple(edges),
            )
        )
    return tuple(cells)


def shared_tables(graph: ModuleGraph) -> tuple[SharedTable, ...]:
    """Tables other units read or write: imported, queried or named in SQL (not foreign keys,
    which only point at a table)."""
    users: dict[str, set[str]] = defaultdict(set)
    for edge in graph.data_edges:
        if edge.kind != "foreign key":
            users[edge.target].add(edge.source_unit)
    by_key = {model.key: model for model in graph.models}
    found = [
        SharedTable(by_key[key].table, key, by_key[key].unit, tuple(sorted(units)))
        for key, units in users.items()
        if by_key[key].table
    ]
    return tuple(sorted(found, key=lambda t: (-len(t.users), t.table)))
