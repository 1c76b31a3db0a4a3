"""The data edges between units, from the models `ModelIndex` knows: a model holding a foreign
key to another unit's model; a module importing or querying another unit's model; SQL in a
string naming another unit's table; and the transactions that write models.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from coupling.graph.models import class_part
from coupling.records import (
    Access,
    DataEdge,
    DataEdgeKind,
    OrmFramework,
    RelationKind,
    TransactionSpan,
)

if TYPE_CHECKING:
    from coupling.graph.models import ModelIndex
    from coupling.records import (
        FileFacts,
        OrmModel,
        Relation,
        ResolvedImport,
        SourceFile,
    )


def transaction_spans(
    index: ModelIndex, files: list[tuple[SourceFile, FileFacts]]
) -> tuple[TransactionSpan, ...]:
    """Transactions that write models of other units (reading them in a transaction is no
    consistency problem once the unit leaves)."""
    found = []
    for file, facts in files:
        writes = [
            (use.line, model)
            for use in facts.model_uses
            if use.access is Access.WRITE
            and (model := index.by_key.get(index.qualify(class_part(use.name), file)))
        ]
        for transaction in facts.transactions:
            models = {m for line, m in writes if transaction.line <= line <= transaction.end_line}
            others = sorted({m.unit for m in models} - {file.unit})
            if others:
                found.append(
                    TransactionSpan(
                        file.unit,
                        file.rel,
                        transaction.line,
                        tuple(others),
                        tuple(sorted(m.key for m in models if m.unit != file.unit)),
                    )
                )
    return tuple(found)


def data_edges(
    index: ModelIndex,
    files: list[tuple[SourceFile, FileFacts]],
    imports: tuple[ResolvedImport, ...],
) -> tuple[DataEdge, ...]:
    """Every dependency of one unit on another unit's model: foreign keys, queries, tables in
    SQL, imports of the model; in a stable order."""
    found = {
        *_foreign_keys(index, files),
        *_queries(index, files),
        *_sql(index, files),
        *_model_imports(index, imports),
    }
    return tuple(sorted(found, key=_edge_order))


def _edge_order(e: DataEdge) -> tuple[str, str, str, str, int, str, str, str]:
    return (e.source_unit, e.target_unit, e.kind, e.file, e.line, e.target, e.detail, e.source)


def _foreign_keys(
    index: ModelIndex, files: list[tuple[SourceFile, FileFacts]]
) -> Iterator[DataEdge]:
    facts_of = {file.module: facts for file, facts in files}
    for model in index.models:
        module, _, name = model.key.rpartition(".")
        fact = next((f for f in facts_of[module].models if f.name == name), None)
        for relation in fact.relations if fact else ():
            target = index.relation_target(relation, model)
            if target is not None and target.unit != model.unit:
                yield DataEdge(
                    DataEdgeKind.RELATIONSHIP
                    if relation.kind is RelationKind.RELATIONSHIP
                    else DataEdgeKind.FOREIGN_KEY,
                    model.unit,
                    model.key,
                    target.unit,
                    target.key,
                    model.file,
                    relation.line,
                    relation.kind,
                    column=_key_column(relation, model),
                )


def _key_column(relation: Relation, model: OrmModel) -> str:
    """The column a relation keeps its key in: as named (`db_column=`, `Column("name")`), else
    the attribute (SQLAlchemy) or the attribute and `_id` (Django); none for a many-to-many
    (a join table) or a navigation."""
    if relation.kind in (RelationKind.RELATIONSHIP, RelationKind.MANY_TO_MANY):
        return ""
    if relation.column:
        return relation.column
    if model.framework is OrmFramework.DJANGO and relation.field:
        return f"{relation.field}_id"
    return relation.field


def _queries(index: ModelIndex, files: list[tuple[SourceFile, FileFacts]]) -> Iterator[DataEdge]:
    for file, facts in files:
        for use in facts.model_uses:
            if use.how == "get_model":
                app, _, name = use.name.partition(".")
                target = index.in_app(app, name)
                kind = DataEdgeKind.REFERENCE
            else:
                target = index.by_key.get(index.qualify(use.name, file))
                kind = DataEdgeKind.QUERY
            if target is not None and target.unit != file.unit:
                yield _module_edge(kind, file, target, use.line, use.how, access=use.access)


def _sql(index: ModelIndex, files: list[tuple[SourceFile, FileFacts]]) -> Iterator[DataEdge]:
    for file, facts in files:
        for sql in facts.sql_tables:
            target = index.by_table.get(sql.table.rsplit(".", 1)[-1].lower())
            if target is not None and target.unit != file.unit:
                yield _module_edge(
                    DataEdgeKind.SQL, file, target, sql.line, sql.verb, access=sql.access
                )


def _model_imports(index: ModelIndex, imports: tuple[ResolvedImport, ...]) -> Iterator[DataEdge]:
    for imp in imports:
        importer = index.files.get(imp.importer)
        if importer is None:
            continue
        for symbol in imp.symbols:
            target = index.by_key.get(index.qualify(symbol, importer))
            if target is not None and target.unit != importer.unit:
                yield _module_edge(DataEdgeKind.IMPORT, importer, target, imp.line, "import")


def _module_edge(
    kind: DataEdgeKind,
    file: SourceFile,
    target: OrmModel,
    line: int,
    detail: str,
    *,
    access: Access = Access.NONE,
) -> DataEdge:
    """An edge from a module of one unit to a model of another."""
    return DataEdge(
        kind, file.unit, file.module, target.unit, target.key, file.rel, line, detail, access
    )
