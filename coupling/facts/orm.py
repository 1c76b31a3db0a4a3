"""ORM models as written: Django models, SQLAlchemy declarative classes and Table objects.

Only classes with ORM markers are recorded here (a base from django.db.models or sqlalchemy,
__tablename__, a Meta with db_table, field or relation calls). Whether a class really is a
model, through bases in other files, is decided by the graph stage.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from coupling.facts.bindings import (
    dotted,
    expand,
    first_argument,
    keyword,
    last,
    string,
)
from coupling.facts.module_kind import top_level
from coupling.records import ModelFact, Relation
from coupling.records.kinds import ModelFactKind, OrmFramework, RelationKind

if TYPE_CHECKING:
    from coupling.facts.bindings import (
        Bindings,
    )

RELATIONS = {kind.value: kind for kind in RelationKind}
_SQLALCHEMY_COLUMNS = {"Column", "mapped_column", "relationship"}
_DECLARATIVE_BASES = {"DeclarativeBase", "DeclarativeBaseNoMeta"}
_BASE_FACTORIES = {"declarative_base", "generate_base"}  # registry().generate_base()
_BASE_DECORATORS = {"as_declarative"}
_MAPPING_DECORATORS = {"mapped", "mapped_as_dataclass"}  # @registry.mapped


_CONSTANT = re.compile(r"[A-Za-z_][\w.$-]{0,127}")  # what a table name can look like


def constants_in(tree: ast.Module) -> tuple[tuple[str, str], ...]:
    """Module-level `NAME = "text"` that could name a table: `__tablename__ = TABLE_STATES`
    in another module is resolved through them."""
    found: dict[str, str] = {}
    for node in tree.body:
        for target, value in _assignments(node):
            text = string(value)
            if text is not None and not target.startswith("__") and _CONSTANT.fullmatch(text):
                found[target] = text
    return tuple(sorted(found.items()))


def app_configs_in(tree: ast.Module, bindings: Bindings) -> tuple[tuple[str, str], ...]:
    """Django app configs: `class ShopConfig(AppConfig)` with `name = "shop"` and maybe
    `label = "store"`, whose label names the app's tables (store_order) and its models in
    "store.Order" references. A base named ...Config (a project's own AppConfig subclass) counts
    when the class sets either string."""
    found = []
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        if not any(last(expand(dotted(base), bindings)).endswith("Config") for base in node.bases):
            continue
        values = dict(a for statement in node.body for a in _assignments(statement))
        name, label = string(values.get("name")) or "", string(values.get("label")) or ""
        if name or label:
            found.append((name, label))
    return tuple(found)


def models_in(
    tree: ast.Module, bindings: Bindings, constants: tuple[tuple[str, str], ...] = ()
) -> tuple[ModelFact, ...]:
    found: list[ModelFact] = []
    known = dict(constants)
    # Models may sit in module-level blocks: `if not is_model_registered(...): class X(...)`.
    for node in top_level(tree.body):
        if isinstance(node, ast.ClassDef):
            model = _class_model(node, bindings, known)
            if model is not None:
                found.append(model)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            found.extend(_assigned_model(node, bindings))
    return tuple(found)


def _assigned_model(node: ast.Assign | ast.AnnAssign, bindings: Bindings) -> list[ModelFact]:
    """`users = Table("users", ...)`, `Base = declarative_base()`, `db = SQLAlchemy()`."""
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    if (
        len(targets) != 1
        or not isinstance(targets[0], ast.Name)
        or not isinstance(node.value, ast.Call)
    ):
        return []
    name, call = targets[0].id, node.value
    written = dotted(call.func)
    called = last(expand(written, bindings))
    if (
        called == "Table"
        and _sqlalchemy_table(written, bindings)
        and (table := string(first_argument(call, "name")))
    ):
        return [
            ModelFact(
                name,
                node.lineno,
                kind=ModelFactKind.TABLE,
                table=table,
                relations=_relations(call, bindings),
            )
        ]
    if called in _BASE_FACTORIES:
        return [ModelFact(name, node.lineno, kind=ModelFactKind.BASE)]
    if called == "SQLAlchemy":  # Flask-SQLAlchemy: models subclass db.Model
        return [ModelFact(f"{name}.Model", node.lineno, kind=ModelFactKind.BASE)]
    return []


def _sqlalchemy_table(written: str, bindings: Bindings) -> bool:
    """`Table(...)` from SQLAlchemy (or `db.Table`, `metadata`-style objects made here), not a
    Table imported from elsewhere (rich's, a spreadsheet library's)."""
    head = written.split(".", 1)[0]
    return head not in bindings or bindings[head].startswith(("sqlalchemy", "flask_sqlalchemy"))


def _class_model(
    node: ast.ClassDef, bindings: Bindings, constants: dict[str, str]
) -> ModelFact | None:
    bases = [expand(dotted(base), bindings) for base in node.bases]
    decorators = {last(expand(dotted(_called(d)), bindings)) for d in node.decorator_list}
    if any(last(base) in _DECLARATIVE_BASES for base in bases) or decorators & _BASE_DECORATORS:
        return ModelFact(node.name, node.lineno, kind=ModelFactKind.BASE)
    table, table_ref, abstract, app_label = "", "", False, ""
    mapped = bool(decorators & _MAPPING_DECORATORS)
    marked = any(base.startswith(("django.db.models", "sqlalchemy")) for base in bases)
    for statement in node.body:
        for target, value in _assignments(statement):
            if target == "__tablename__" and (text := string(value)):
                table, marked = text, True
            elif target == "__tablename__" and (name := dotted(value)):
                # A constant: this module's own, or one the graph stage looks up.
                table, marked = constants.get(name, ""), True
                table_ref = "" if table else expand(name, bindings)
            elif target == "__table__" and isinstance(value, ast.Call):
                table, marked = string(first_argument(value, "name")) or table, True
            elif target == "__abstract__":
                abstract = _is_true(value)
        if isinstance(statement, ast.ClassDef) and statement.name == "Meta":
            meta = dict(a for s in statement.body for a in _assignments(s))
            table = string(meta.get("db_table")) or table
            abstract = abstract or _is_true(meta.get("abstract"))
            app_label = string(meta.get("app_label")) or ""
            marked = marked or bool(meta)
    relations = _relations(node, bindings)
    fields = _fields(node, bindings)
    marked = marked or bool(relations) or fields is not None
    if not marked and not mapped:
        return None
    return ModelFact(
        node.name,
        node.lineno,
        kind=ModelFactKind.MAPPED if mapped else ModelFactKind.CLASS,
        table=table,
        table_ref=table_ref,
        abstract=abstract,
        app_label=app_label,
        relations=relations,
        fields=fields,
    )


def _called(decorator: ast.expr) -> ast.expr:
    """`@as_declarative()` and `@as_declarative` name the same decorator."""
    return decorator.func if isinstance(decorator, ast.Call) else decorator


def _assignments(statement: ast.stmt) -> list[tuple[str, ast.expr | None]]:
    if isinstance(statement, ast.Assign):
        return [(t.id, statement.value) for t in statement.targets if isinstance(t, ast.Name)]
    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        return [(statement.target.id, statement.value)]
    return []


def _is_true(value: ast.expr | None) -> bool:
    return isinstance(value, ast.Constant) and value.value is True


def _calls(node: ast.AST) -> list[ast.Call]:
    """Calls in a class body or expression, leaving out method bodies."""
    found: list[ast.Call] = []
    pending: list[ast.AST] = [node]
    while pending:
        current = pending.pop()
        for child in ast.iter_child_nodes(current):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                continue
            if isinstance(child, ast.Call):
                found.append(child)
            pending.append(child)
    found.sort(key=lambda call: (call.lineno, call.col_offset))
    return found


def _fields(node: ast.ClassDef, bindings: Bindings) -> OrmFramework | None:
    for call in _calls(node):
        called = expand(dotted(call.func), bindings)
        if called.startswith("django.db.models."):
            return OrmFramework.DJANGO
        if last(called) in _SQLALCHEMY_COLUMNS:
            return OrmFramework.SQLALCHEMY
    return None


def _relations(node: ast.AST, bindings: Bindings) -> tuple[Relation, ...]:
    fields = _fields_of(node) if isinstance(node, ast.ClassDef) else {}
    columns = _columns_of(node, bindings)
    found = []
    for call in _calls(node):
        kind = RELATIONS.get(last(expand(dotted(call.func), bindings)))
        if kind is not None and (target := _target(call, bindings)):
            column = string(keyword(call, "db_column")) or columns.get(id(call), "")
            found.append(Relation(kind, target, call.lineno, fields.get(id(call), ""), column))
    return tuple(found)


def _fields_of(node: ast.ClassDef) -> dict[int, str]:
    """The calls of a class body (by id) → the attribute they are assigned to."""
    found: dict[int, str] = {}
    for statement in node.body:
        for target, value in _assignments(statement):
            if isinstance(value, ast.Call):
                for call in (value, *_calls(value)):
                    found[id(call)] = target
    return found


def _columns_of(node: ast.AST, bindings: Bindings) -> dict[int, str]:
    """The calls inside `Column("name", ...)` or `mapped_column("name", ...)` (by id) → the
    column's name as written."""
    found: dict[int, str] = {}
    for call in _calls(node):
        if last(expand(dotted(call.func), bindings)) in {"Column", "mapped_column"} and (
            name := string(call.args[0] if call.args else None)
        ):
            for inner in _calls(call):
                found[id(inner)] = name
    return found


def _target(call: ast.Call, bindings: Bindings) -> str:
    argument = first_argument(call, "to", "argument", "column")
    if isinstance(argument, ast.Lambda):  # relationship(lambda: User)
        argument = argument.body
    if (text := string(argument)) is not None:
        return text
    name = dotted(argument) if isinstance(argument, ast.expr) else ""
    return expand(name, bindings) if name else ""
