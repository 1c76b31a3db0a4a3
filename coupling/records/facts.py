"""What one parse of one file yields (cached), and line coverage read from the user's file."""

from __future__ import annotations

from dataclasses import dataclass

from coupling.records.kinds import (
    Access,
    DefinitionKind,
    DynamicKind,
    EventKind,
    ModelFactKind,
    OrmFramework,
    Parser,
    RelationKind,
    WebFramework,
)


@dataclass(frozen=True, slots=True)
class ImportFact:
    """One import statement. `targets` are the dotted names it asks for, as written but
    joined (`from a import b` → "a.b", `from . import x` → ".x", `import a.b` → "a.b")."""

    line: int
    targets: tuple[str, ...]
    names: tuple[str, ...]  # the names it binds from the module (`from a import B, C` → B, C)
    type_checking: bool = False
    in_function: bool = False
    in_try: bool = False
    end_line: int = 0  # its last line: a parenthesised import spans several


@dataclass(frozen=True, slots=True)
class Definition:
    """A top-level name a module defines."""

    name: str
    kind: DefinitionKind
    line: int
    abstract: bool = False  # ABC, abstract methods or a Protocol
    bases: tuple[str, ...] = ()  # a class's bases, dotted and expanded through the imports


@dataclass(frozen=True, slots=True)
class Relation:
    """A model's link to another model or table, as written."""

    kind: RelationKind
    target: str  # "users.id" (table.column), "User", "shop.Order", "self" or a dotted class name
    line: int
    field: str = ""  # the attribute (or Table column) it is assigned to: "owner_id", "owner"
    column: str = ""  # the column named with db_column= or Column("name", ...), when given


@dataclass(frozen=True, slots=True)
class ModelFact:
    """A class or Table object with ORM markers; the graph stage decides what it is."""

    name: str
    line: int
    kind: ModelFactKind = ModelFactKind.CLASS
    table: str = ""  # __tablename__, Meta.db_table or Table("name", ...)
    # `__tablename__ = NAME` with NAME imported: the dotted name of the constant, expanded
    # through the imports (the graph stage looks it up in that module's constants).
    table_ref: str = ""
    abstract: bool = False  # Meta.abstract or __abstract__
    app_label: str = ""  # Django Meta.app_label
    relations: tuple[Relation, ...] = ()
    fields: OrmFramework | None = None  # whose field calls its body makes: models.X, Column


@dataclass(frozen=True, slots=True)
class ModelUse:
    """A use of a model's rows: `X.objects.filter(...)`, `session.add(x)`, `select(X)`…; or
    the model named by its label (`get_model("app", "Model")`, how "get_model", name "app.Model")."""

    name: str  # dotted, expanded through the imports
    line: int
    how: str  # what was called: "objects.filter", "add", "select", "update", "save", …
    access: Access = Access.READ


@dataclass(frozen=True, slots=True)
class SqlTable:
    """A table named in SQL written in a string literal."""

    table: str
    line: int
    verb: str  # FROM, JOIN, INTO or UPDATE
    access: Access = Access.READ  # INSERT INTO, UPDATE, DELETE FROM write


@dataclass(frozen=True, slots=True)
class Endpoint:
    method: str  # GET, POST, ... or ANY
    path: str
    line: int
    handler: str
    framework: WebFramework


@dataclass(frozen=True, slots=True)
class DynamicImport:
    """A module named in a string: importlib, __import__, settings lists, task names."""

    kind: DynamicKind
    target: str  # dotted as written, maybe "pkg.mod:attr"; "" when not a literal
    line: int


@dataclass(frozen=True, slots=True)
class Transaction:
    """A `with transaction():`/`atomic()`/`session.begin()` block or an @atomic function: the
    writes of model uses between its lines happen in it."""

    line: int
    end_line: int


@dataclass(frozen=True, slots=True)
class EventUse:
    """An event named by a string: `publish("invoice.paid")`, `subscribe("invoice.paid", f)`."""

    kind: EventKind
    name: str
    line: int
    call: str = ""  # what was called, expanded through the imports: "utils.events.publish"


@dataclass(frozen=True, slots=True)
class FunctionComplexity:
    name: str  # "function" or "Class.method"
    line: int
    end_line: int
    complexity: int  # cyclomatic, as radon counts it (coupling/facts/traverse.py)


@dataclass(frozen=True, slots=True)
class FileFacts:
    imports: tuple[ImportFact, ...] = ()
    definitions: tuple[Definition, ...] = ()
    models: tuple[ModelFact, ...] = ()
    model_uses: tuple[ModelUse, ...] = ()
    sql_tables: tuple[SqlTable, ...] = ()
    endpoints: tuple[Endpoint, ...] = ()
    dynamic_imports: tuple[DynamicImport, ...] = ()
    functions: tuple[FunctionComplexity, ...] = ()
    transactions: tuple[Transaction, ...] = ()
    events: tuple[EventUse, ...] = ()
    statement_lines: tuple[int, ...] = ()  # where statements start: what line coverage measures
    identifiers: tuple[str, ...] = ()  # test files only: every name and attribute they mention
    constants: tuple[tuple[str, str], ...] = ()  # module-level NAME = "text" (table-like text)
    # Django AppConfig classes: (its `name`, its `label`), each "" when not set as a string.
    app_configs: tuple[tuple[str, str], ...] = ()
    lines: int = 0
    code_lines: int = 0  # neither blank nor comment-only
    shim: bool = False  # only imports and re-exports names: no code of its own
    generated: bool = False  # says so in its first lines ("Generated by", "DO NOT EDIT", …)
    migration: bool = False  # a Django migration or an Alembic revision
    parser: Parser = Parser.AST
    partial: tuple[str, ...] = ()  # facts the parser used could not give
    error: str | None = None  # why the file could not be read or parsed
    error_line: int | None = None


@dataclass(frozen=True)
class CollectedFacts:
    facts: tuple[FileFacts, ...]  # parallel to Project.files
    test_facts: tuple[FileFacts, ...]  # parallel to Project.test_files
