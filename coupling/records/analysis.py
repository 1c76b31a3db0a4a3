"""What the measure stage found, in parts: imports, data, interfaces, code quality, run-time
links, evolution (history and ownership), and the accounting of what was read. Each renderer
takes the part it draws."""

from __future__ import annotations

from dataclasses import dataclass

from coupling.records.facts import Endpoint
from coupling.records.graph import (
    DataEdge,
    DynamicEdge,
    EventLink,
    EventSite,
    OrmModel,
    TransactionSpan,
    Unresolved,
)
from coupling.records.history import History
from coupling.records.inputs import InputFiles
from coupling.records.kinds import KernelReason, PairLabel, Role, UnitKind
from coupling.records.project import Project, Skipped


@dataclass(frozen=True)
class ImportSite:
    """One import of module `imported` by module `importer`, where it is written."""

    file: str
    line: int
    importer: str
    imported: str
    names: tuple[str, ...]
    type_checking: bool = False
    in_function: bool = False
    by_name: bool = False  # a module named in a string (a loader, settings), used at run time


@dataclass(frozen=True)
class UnitDependency:
    """A non-empty cell of the matrix: unit `importer` imports unit `imported`."""

    importer: str
    imported: str
    imports: int  # import statements
    sites: tuple[ImportSite, ...]


@dataclass(frozen=True)
class UnitStats:
    name: str
    modules: int
    lines: int
    code_lines: int
    fan_in: int  # import statements from other units
    fan_out: int  # import statements into other units
    ca: int  # afferent coupling: distinct units importing this one
    ce: int  # efferent coupling: distinct units this one imports
    instability: float  # fan_out / (fan_in + fan_out); 0 when isolated
    abstractness: float  # abstract classes / classes
    distance: float  # |A + I - 1|
    cohesion: float | None  # share of its imports of scanned code that stay inside it
    internal_imports: int
    outside_imports: int
    third_party: tuple[str, ...]
    kind: UnitKind = UnitKind.SUBSYSTEM
    role: Role = Role.CORE
    shared_kernel: KernelReason = KernelReason.NONE  # why it is one, when its role says so
    import_lines: int = 0  # lines of its import statements, counted in code_lines

    @property
    def logic_lines(self) -> int:
        """Code lines that are not import statements: what it does, not what it wires in."""
        return self.code_lines - self.import_lines


@dataclass(frozen=True)
class Hop:
    importer: str  # unit
    imported: str  # unit
    imports: int
    via: tuple[str, ...]  # importing modules, most imports first
    sample: ImportSite
    at_import_time: bool = True  # some import at module level, outside TYPE_CHECKING


@dataclass(frozen=True)
class Cycle:
    units: tuple[str, ...]  # rotated to start at the smallest name
    hops: tuple[Hop, ...]


@dataclass(frozen=True)
class CycleBreaker:
    """A module import whose removal, with the others listed, leaves the units acyclic."""

    importer: str
    imported: str
    importer_unit: str
    imported_unit: str
    sites: tuple[ImportSite, ...]


@dataclass(frozen=True)
class ImportShape:
    """The import structure, without files or lines, that every cycle computation reads:
    equal shapes give equal cycles, so a warm run reuses them."""

    units: tuple[str, ...]
    edges: tuple[tuple[str, str, int, bool], ...]  # importer, imported, statements, at import time
    module_edges: tuple[tuple[str, str, str, str], ...]  # importer, its unit, imported, its unit
    max_cycles: int
    max_length: int


@dataclass(frozen=True)
class CycleShape:
    source: ImportShape
    groups: tuple[tuple[str, ...], ...]  # strongly connected, largest first
    levels: tuple[tuple[str, ...], ...]  # the groups and lone units, importers first
    cycles: tuple[tuple[str, ...], ...]  # listed cycles, shortest first
    complete: bool  # every elementary cycle is listed
    breakers: tuple[tuple[str, str], ...]  # module imports to cut
    groups_now: tuple[tuple[str, ...], ...]  # strongly connected through import-time imports


@dataclass(frozen=True)
class Accounting:
    """What the scan read and what it could not: every Python file is counted here."""

    files: int
    parsed_ast: int
    parsed_libcst: int
    skipped: tuple[Skipped, ...]
    unresolved: tuple[Unresolved, ...]
    partial: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (file, facts it could not give)
    test_files: int = 0
    ignored: int = 0  # Python files git ignores
    notes: tuple[str, ...] = ()  # what looks wrong about the scan itself
    # Files of syntax newer than the running Python that a newer Python's parser read
    newer: tuple[str, ...] = ()


@dataclass(frozen=True)
class DataCell:
    """Unit `source` depends on the data of unit `target`."""

    source: str
    target: str
    foreign_keys: int  # key columns from its models to target's models
    relationships: int  # navigations (SQLAlchemy relationship), back-references included
    models_used: int  # distinct target models it imports, queries or names
    models_written: int  # distinct target models it writes (ORM or SQL)
    sql: int  # SQL strings naming target's tables
    edges: tuple[DataEdge, ...]


@dataclass(frozen=True)
class SharedTable:
    table: str
    model: str
    owner: str  # unit
    users: tuple[str, ...]  # other units that import, query, join or write it
    writers: tuple[str, ...] = ()  # those of them that write it


@dataclass(frozen=True)
class UnitEndpoint:
    unit: str
    file: str
    endpoint: Endpoint


@dataclass(frozen=True)
class SurfaceEntry:
    """A module of a unit that other units import, and what they take from it."""

    module: str
    statements: int
    importers: tuple[str, ...]  # units
    names: tuple[str, ...]


@dataclass(frozen=True)
class PublicSurface:
    unit: str
    facade: tuple[str, ...]  # modules that count as its public face
    incoming: int  # import statements from other units
    through_facade: int
    entries: tuple[SurfaceEntry, ...]


@dataclass(frozen=True)
class FunctionStats:
    unit: str
    file: str
    name: str
    line: int
    complexity: int
    rank: str  # radon's A-F
    tested: bool | None  # named in a test (without coverage data), None when unknown
    coverage: float | None  # share of its measured lines run, when a coverage file is given


@dataclass(frozen=True)
class UnitQuality:
    unit: str
    functions: int
    ranks: tuple[int, ...]  # functions per rank A, B, C, D, E, F
    mean_complexity: float
    max_complexity: int
    test_files: int
    test_lines: int  # code lines of the tests exercising it
    test_ratio: float  # test code lines / its code lines
    coverage: float | None  # measured line coverage, when a coverage file is given
    tests: tuple[str, ...] = ()  # its test files
    support: tuple[
        str, ...
    ] = ()  # shared test support its tests rely on (a conftest.py above them…)


@dataclass(frozen=True)
class OwnerShare:
    owner: str
    files: float  # share of the unit's files it owns
    lines: float  # share of the unit's lines


@dataclass(frozen=True)
class UnitOwners:
    unit: str
    owners: tuple[OwnerShare, ...]  # largest share first
    unowned: float  # share of files no CODEOWNERS pattern gives an owner


@dataclass(frozen=True)
class UnitPair:
    """Two units coupled by imports, by changing together, or both."""

    first: str
    second: str
    imports: int  # import statements between them, both ways
    shared_commits: int
    degree: float | None  # change coupling degree, when above the thresholds
    label: PairLabel


@dataclass(frozen=True)
class FileHotspot:
    file: str
    unit: str
    commits: int
    complexity: int  # summed cyclomatic complexity of its functions
    score: int  # commits × complexity


@dataclass(frozen=True)
class ImportCoupling:
    """How the units import each other: the matrix, each unit's figures, the cycles."""

    order: tuple[str, ...]  # levelised: importers before what they import
    units: tuple[UnitStats, ...]  # in `order`
    dependencies: tuple[UnitDependency, ...]
    groups: tuple[tuple[str, ...], ...]  # units that import each other in a circle
    cycles: tuple[Cycle, ...]
    cycles_complete: bool  # False when some group's listing is a selection
    breakers: tuple[CycleBreaker, ...]
    statements: int  # every import statement scanned
    # Ranked units in a cycle at import time with the facade, an entry point or a shim, and
    # with no ranked unit: a cycle through the package's facade, not between units.
    through_facade: tuple[tuple[str, ...], ...] = ()
    shape: CycleShape | None = None  # what the cycles were computed from, for reuse


@dataclass(frozen=True)
class DataCoupling:
    """ORM models and how units depend on each other's data."""

    models: tuple[OrmModel, ...]
    cells: tuple[DataCell, ...]
    shared_tables: tuple[SharedTable, ...]
    spans: tuple[TransactionSpan, ...]  # transactions writing other units' models
    migrations: tuple[tuple[str, int], ...] = ()  # unit → its migration files
    migration_files: tuple[tuple[str, str], ...] = ()  # (unit, file) of every migration


@dataclass(frozen=True)
class Interfaces:
    """What each unit offers the others: HTTP endpoints and the names they import from it."""

    endpoints: tuple[UnitEndpoint, ...]
    surfaces: tuple[PublicSurface, ...]


@dataclass(frozen=True)
class CodeQuality:
    """Complexity and tests per unit."""

    units: tuple[UnitQuality, ...]
    hotspots: tuple[FunctionStats, ...]  # the most complex functions
    untested: tuple[FunctionStats, ...]  # complex and untested
    line_coverage: str  # the coverage file read, if any
    shared_tests: tuple[tuple[str, int], ...] = ()  # test support several units use: (file, lines)


@dataclass(frozen=True)
class RuntimeLinks:
    """Where units meet at run time rather than by import: modules and events named in strings."""

    dynamic: tuple[DynamicEdge, ...]
    events: tuple[EventLink, ...]  # between different units only
    event_sites: tuple[EventSite, ...] = ()  # every event named, with the bus it goes through


@dataclass(frozen=True)
class Evolution:
    """Who changes and owns each unit, and what changes together (history and CODEOWNERS)."""

    history: History
    ownership: str  # the CODEOWNERS file read, if any
    owners: tuple[UnitOwners, ...]
    pairs: tuple[UnitPair, ...]
    file_hotspots: tuple[FileHotspot, ...]


@dataclass(frozen=True)
class Sources:
    """What evidence the analysis had and what it lacked: every report says so first, and a
    factor or risk without its evidence is "not assessed", never "none"."""

    import_statements: int
    models: int  # ORM models (and SQLAlchemy tables)
    sql: int  # SQL strings naming a table
    endpoints: int
    history: str  # where history came from; "" when there was none
    history_note: str  # why there was none
    codeowners: str
    coverage: str
    metrics: str
    units_from: str  # "depth 1 below PATH", "[units] in coupling.toml", "tach.toml (…)"…

    @property
    def library(self) -> bool:
        """No HTTP endpoint and no ORM model: a library or a CLI tool, not a service monolith."""
        return not self.endpoints and not self.models


@dataclass(frozen=True)
class Analysis:
    project: Project
    files: InputFiles
    imports: ImportCoupling
    data: DataCoupling
    interfaces: Interfaces
    code: CodeQuality
    runtime: RuntimeLinks
    evolution: Evolution
    accounting: Accounting
    sources: Sources
