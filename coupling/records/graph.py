"""Facts resolved: modules, import statements, ORM models, data and dynamic edges."""

from __future__ import annotations

from dataclasses import dataclass

from coupling.records.facts import FileFacts
from coupling.records.kinds import Access, DataEdgeKind, DynamicKind, EventKind, OrmFramework
from coupling.records.project import Project


@dataclass(frozen=True)
class Module:
    name: str
    unit: str
    file: str  # "" for a namespace package
    is_package: bool
    is_test: bool = False
    lines: int = 0
    code_lines: int = 0
    import_lines: int = 0  # lines of its import statements (counted in code_lines)
    classes: int = 0
    abstract_classes: int = 0


@dataclass(frozen=True)
class ResolvedImport:
    """One import statement with every name it asks for resolved."""

    importer: str
    file: str
    line: int
    names: tuple[str, ...]
    targets: tuple[str, ...]  # modules under PATH (sorted, unique)
    # Names imported from those modules, qualified ("users.models.User").
    symbols: tuple[str, ...] = ()
    outside: tuple[str, ...] = ()  # modules of the enclosing package outside PATH
    # Third-party top-level packages (the standard library is left out).
    external: tuple[str, ...] = ()
    type_checking: bool = False
    in_function: bool = False
    in_try: bool = False


@dataclass(frozen=True)
class Unresolved:
    file: str
    line: int
    name: str
    reason: str


@dataclass(frozen=True)
class OrmModel:
    """An ORM model (or SQLAlchemy Table) found in the scanned code."""

    key: str  # module.Name
    unit: str
    file: str
    line: int
    framework: OrmFramework
    table: str  # "" for an abstract model
    abstract: bool = False


@dataclass(frozen=True)
class DataEdge:
    """Unit `source_unit` depends on a model (or table) of unit `target_unit`."""

    kind: DataEdgeKind
    source_unit: str
    source: str  # the model holding the key, or the module that imports/queries
    target_unit: str
    target: str  # the model key
    file: str
    line: int
    detail: str  # ForeignKey, relationship, select, add, FROM, ...
    access: Access = Access.NONE  # for queries and SQL: read or write
    column: str = ""  # for a foreign key: the key column of `source`'s table ("owner_id")


@dataclass(frozen=True)
class DynamicEdge:
    kind: DynamicKind
    source_unit: str
    importer: str  # module
    target: str  # the string as written
    imported: str  # the module it names ("" when it names no scanned module)
    target_unit: str
    file: str
    line: int


@dataclass(frozen=True)
class TransactionSpan:
    """A transaction in unit `unit` that writes the models of other units."""

    unit: str
    file: str
    line: int
    units: tuple[str, ...]  # the other units whose models it writes
    models: tuple[str, ...]  # the models of other units it writes


@dataclass(frozen=True)
class EventSite:
    """One event named in a string where production code publishes or subscribes to it."""

    name: str
    kind: EventKind
    unit: str
    file: str
    line: int
    bus: str = ""  # the scanned module whose function was called (utils.events); "" when none


@dataclass(frozen=True)
class EventLink:
    """An event some units publish and others subscribe to, by name."""

    name: str
    publishers: tuple[tuple[str, str, int], ...]  # (unit, file, line)
    subscribers: tuple[tuple[str, str, int], ...]


@dataclass(frozen=True)
class ModuleGraph:
    project: Project
    facts: tuple[FileFacts, ...]  # parallel to project.files
    modules: tuple[Module, ...]
    imports: tuple[ResolvedImport, ...]
    unresolved: tuple[Unresolved, ...]
    test_facts: tuple[FileFacts, ...] = ()  # parallel to project.test_files
    test_imports: tuple[ResolvedImport, ...] = ()  # imports of test files outside PATH
    models: tuple[OrmModel, ...] = ()
    data_edges: tuple[DataEdge, ...] = ()
    dynamic: tuple[DynamicEdge, ...] = ()  # module names in strings, resolved or not
    spans: tuple[TransactionSpan, ...] = ()
    events: tuple[EventLink, ...] = ()  # between different units only
    event_sites: tuple[EventSite, ...] = ()  # every event named, with the bus it goes through
