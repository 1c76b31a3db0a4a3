"""`coupling plan UNIT`: the extraction brief, in the order a team works from it (API, data,
tests, run-time links, the baseline to beat, the target layout, the steps)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coupling.records.analysis import CycleBreaker, FunctionStats, OwnerShare, UnitEndpoint
from coupling.records.graph import DynamicEdge, OrmModel, TransactionSpan
from coupling.records.inputs import UnitLoad
from coupling.records.kinds import Access, PlanKind, Role
from coupling.records.score import Verdict


@dataclass(frozen=True)
class NameCount:
    """A name taken across the boundary, once, with the import statements that take it."""

    name: str
    count: int


@dataclass(frozen=True)
class ModuleNames:
    """The names taken from one module across the boundary, and the units on the other side."""

    module: str
    names: tuple[NameCount, ...]
    units: tuple[str, ...]
    statements: int
    places: tuple[tuple[str, int], ...] = ()  # (file, line) of each import statement


@dataclass(frozen=True)
class UnitNames:
    """What the planned unit takes from one other unit, module by module."""

    unit: str
    kernel: bool  # a shared kernel: a library to depend on, not a service to call
    statements: int
    modules: tuple[ModuleNames, ...]


@dataclass(frozen=True)
class Crossing:
    """Every import crossing a unit's boundary, as `coupling explain` lists it: what it takes
    from each other unit, and what each other unit takes from it."""

    unit: str
    outgoing: tuple[UnitNames, ...]
    incoming: tuple[UnitNames, ...]


@dataclass(frozen=True)
class ApiPart:
    endpoints: tuple[UnitEndpoint, ...]
    contract: tuple[ModuleNames, ...]  # what other units import from it: the API to keep
    named: tuple[DynamicEdge, ...]  # its modules other units name in strings
    uses: tuple[UnitNames, ...]  # what it takes from other services: calls to make over the API
    kernels: tuple[UnitNames, ...]  # what it takes from shared kernels: libraries to depend on
    facade: tuple[str, ...] = ()  # the modules that count as its facade
    past_facade: int = 0  # import statements of other units reaching past it
    cycle: tuple[str, ...] = ()  # the other units of its cycle group, if any
    cuts: tuple[CycleBreaker, ...] = ()  # the group's imports to cut that touch it


@dataclass(frozen=True)
class ModelAccess:
    """A model of another unit the planned unit reads or writes (or of its own others use)."""

    model: str  # module.Name
    table: str
    unit: str  # the unit on the other side
    access: Access
    places: tuple[tuple[str, int], ...]  # (file, line), sorted


@dataclass(frozen=True)
class KeyColumn:
    """A foreign key column crossing the boundary: to replace by an id the API checks."""

    table: str  # the table holding the column
    column: str  # "" when the code names none (a many-to-many's join table)
    model: str  # the model holding it
    target: str  # the model it points at
    target_table: str
    unit: str  # the unit on the other side
    inbound: bool  # another unit's column pointing at the planned unit's table
    kind: str  # ForeignKey, OneToOneField, ManyToManyField
    file: str
    line: int


@dataclass(frozen=True)
class SqlUse:
    """A SQL string of the planned unit naming another unit's table."""

    table: str
    unit: str
    verb: str
    access: Access
    file: str
    line: int


@dataclass(frozen=True)
class DataPart:
    owned: tuple[OrmModel, ...]
    used_by: tuple[ModelAccess, ...]  # its models other units use (unit: the user)
    reads: tuple[ModelAccess, ...]  # other units' models it reads
    writes: tuple[ModelAccess, ...]  # other units' models it writes
    keys: tuple[KeyColumn, ...]
    sql: tuple[SqlUse, ...]
    read_only: tuple[str, ...]  # other units' tables it reads and never writes: the replica's
    spans: tuple[TransactionSpan, ...]  # its transactions that also write other units' models
    written_by: tuple[str, ...]  # units that write its tables
    migrations: tuple[str, ...]  # its migration files


@dataclass(frozen=True)
class TestPart:
    files: tuple[str, ...]  # test files that belong to it: they move
    support: tuple[str, ...]  # shared fixtures its tests rely on: copied
    untested: tuple[FunctionStats, ...]  # complex functions no test covers
    coverage: float | None  # its measured line coverage
    coverage_source: str  # the coverage file read; "" when none was given


@dataclass(frozen=True)
class EventPart:
    """One event the planned unit publishes or subscribes to, and who is on the other side."""

    name: str
    publishes: bool
    subscribes: bool
    places: tuple[tuple[str, int], ...]  # (file, line) in the planned unit
    publishers: tuple[str, ...]  # other units publishing it
    subscribers: tuple[str, ...]  # other units subscribing to it
    buses: tuple[str, ...]  # scanned modules its calls go through


@dataclass(frozen=True)
class RuntimePart:
    events: tuple[EventPart, ...]
    dynamic: tuple[DynamicEdge, ...]  # modules named in strings across its boundary, tasks too
    buses: tuple[tuple[str, str], ...]  # (module, its unit): in-process buses its events use


@dataclass(frozen=True)
class Baseline:
    source: str  # the metrics file; "" when none was given
    load: UnitLoad | None  # None: the file says nothing of this unit


@dataclass(frozen=True)
class FileMove:
    source: str
    target: str
    part: str  # src, tests, migrations, fixtures (copied: other tests use them too)


@dataclass(frozen=True)
class Staying:
    """A module of the planned unit that other units import: it moves, and a client of the
    new service with the same names stays behind until they call the API instead."""

    module: str
    file: str
    importers: tuple[str, ...]


@dataclass(frozen=True)
class LayoutPart:
    root: str  # services/reporting, libs/utils
    moves: tuple[FileMove, ...]
    stays: tuple[Staying, ...]


@dataclass(frozen=True)
class Step:
    """One member of the plan: API, data, tests (in parallel), then integration."""

    number: int  # 1…4
    key: str  # api, data, tests, integration (library: package, seal, tests, release)
    title: str
    problem: str
    tasks: tuple[str, ...]
    acceptance: tuple[str, ...]
    informed_by: tuple[str, ...]
    target_files: tuple[str, ...]
    depends_on: tuple[int, ...] = ()


@dataclass(frozen=True)
class Plan:
    unit: str
    kind: PlanKind
    scan_path: str
    rank: int  # among services (or among kernels for a library); from 1
    among: int  # how many services (or kernels) are ranked
    score: float
    role: Role
    verdict: Verdict
    recommendation: str  # what the ranking recommends for it
    owners: tuple[OwnerShare, ...]  # CODEOWNERS owners, largest share first
    teams: tuple[tuple[str, float], ...]  # its commits by team ([teams]), largest first
    files: tuple[str, ...]  # its source files
    reports: tuple[str, ...]  # the reports it draws from, relative to the config's folder
    api: ApiPart
    data: DataPart
    tests: TestPart
    runtime: RuntimePart
    baseline: Baseline
    layout: LayoutPart
    steps: tuple[Step, ...]
    spec_id: str  # extract-reporting, publish-utils: the driver spec's id


@dataclass(frozen=True)
class PlanRequest:
    """What `coupling plan` was asked for."""

    unit: str
    out: Path | None = None  # the file to write instead of <reports>/plans/UNIT.md
    specs: Path | None = None  # a folder for the driver spec and its member specs
    as_json: bool = False  # the plan as JSON (printed, or written to `out`)


@dataclass(frozen=True)
class PlanOutcome:
    plan: Plan
    text: str  # the markdown, or the JSON with `as_json`
    written: tuple[Path, ...]  # the files written, the plan's first


@dataclass(frozen=True)
class MadePlan:
    """A plan as written: its record, its markdown and the digest of its facts."""

    plan: Plan
    text: str
    facts: str
