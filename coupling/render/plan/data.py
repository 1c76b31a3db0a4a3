"""Section 3 of a plan: the tables the unit owns, the models of other units it reads and
writes, the foreign key columns crossing its boundary, its SQL naming other units' tables, and
what a read replica or denormalised views would have to carry."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coupling.records import PlanKind
from coupling.render.format import name, plural, table
from coupling.render.plan.words import at, code, places

if TYPE_CHECKING:
    from coupling.records import ModelAccess, Plan


def data_section(plan: Plan) -> str:
    data = plan.data
    title = "## 3. Data" if plan.kind is PlanKind.LIBRARY else "## 3. Data migration"
    parts = [title, *_owned(plan)]
    parts += _models(
        f"### Models of other units it reads ({len(data.reads)})",
        data.reads,
        "None.",
    )
    parts += _models(
        f"### Models of other units it writes ({len(data.writes)})",
        data.writes,
        "None: it writes no table of another unit.",
    )
    parts += _keys(plan)
    if data.sql:
        rows = [
            [code(s.table), name(s.unit), s.verb, s.access.value or "–", at(s.file, s.line)]
            for s in data.sql
        ]
        parts += [
            f"### SQL naming other units' tables ({plural(len(rows), 'use')})",
            table(["table", "owner", "verb", "access", "where"], rows),
        ]
    if data.spans:
        rows = [
            [at(s.file, s.line), ", ".join(s.units), ", ".join(code(m) for m in s.models)]
            for s in data.spans
        ]
        parts += [
            "### Transactions that also write other units' models",
            "Once it leaves, each needs an outbox or a saga (risk-assessment.md, CPL-R002).",
            table(["transaction", "units", "models written"], rows),
        ]
    if data.read_only:
        parts += [
            "### What a read replica or denormalised views must carry",
            f"The {plural(len(data.read_only), 'table')} of other units it reads and never "
            f"writes: {', '.join(code(t) for t in data.read_only)}.",
        ]
    return "\n\n".join(parts)


def _owned(plan: Plan) -> list[str]:
    data = plan.data
    if not data.owned:
        return ["### Tables it owns", "None: it defines no ORM model."]
    rows = [
        [
            code(m.key.rpartition(".")[2]),
            code(m.table) if m.table else "(abstract)",
            at(m.file, m.line),
        ]
        for m in data.owned
    ]
    parts = [f"### Tables it owns ({len(rows)})", table(["model", "table", "where"], rows)]
    migrations = (
        f"Its migrations: {', '.join(name(f) for f in data.migrations)}."
        if data.migrations
        else "No migration file of its own: its first migration is part of the move."
    )
    parts.append(migrations)
    if data.written_by:
        parts.append(
            f"Other units write its tables: {', '.join(data.written_by)}; those writes move "
            "behind its API first."
        )
    if data.used_by:
        rows = [
            [code(m.model), name(m.unit), m.access.value or "imports", places(m.places)]
            for m in data.used_by
        ]
        parts += [
            "Its models other units use:",
            table(["model", "used by", "access", "where"], rows),
        ]
    return parts


def _models(title: str, models: tuple[ModelAccess, ...], none: str) -> list[str]:
    if not models:
        return [title, none]
    rows = [[name(m.unit), code(m.model), code(m.table), places(m.places)] for m in models]
    return [title, table(["unit", "model", "table", "where"], rows)]


def _keys(plan: Plan) -> list[str]:
    keys = plan.data.keys
    title = f"### Foreign keys crossing its boundary ({len(keys)})"
    if not keys:
        return [title, "None."]
    rows = [
        [
            code(f"{k.table}.{k.column}") if k.column else f"{code(k.table)} ({k.kind})",
            f"{code(k.target_table or k.target)} ({name(k.target.rpartition('.')[2])} of "
            f"{name(plan.unit if k.inbound else k.unit)})",
            f"from {name(k.unit)} into its table" if k.inbound else "from its table",
            at(k.file, k.line),
        ]
        for k in keys
    ]
    return [
        title,
        "Each becomes a plain id the owner's API checks.",
        table(["column", "references", "direction", "where"], rows),
    ]
