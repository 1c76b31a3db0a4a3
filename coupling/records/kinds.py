"""The closed sets of names the records use: one enum per kind, written once.

Each is a StrEnum whose values are what the reports and coupling.json print, so a member
formats, compares and serialises as its text.
"""

from __future__ import annotations

from enum import StrEnum


class Parser(StrEnum):
    """Which parser read a file."""

    AST = "ast"  # Python's own
    NEWER_AST = "newer ast"  # syntax newer than the running Python, read by a newer Python's ast
    LIBCST = "libcst"  # syntax newer than any Python at hand: partial facts
    NONE = "none"  # neither could: the file is listed as left out


class DefinitionKind(StrEnum):
    CLASS = "class"
    FUNCTION = "function"
    VARIABLE = "variable"


class RelationKind(StrEnum):
    """How an ORM model links to another, as written."""

    FOREIGN_KEY = "ForeignKey"
    ONE_TO_ONE = "OneToOneField"
    MANY_TO_MANY = "ManyToManyField"
    RELATIONSHIP = "relationship"  # SQLAlchemy: a navigation, not a column


class ModelFactKind(StrEnum):
    CLASS = "class"  # a class with ORM markers
    TABLE = "table"  # SQLAlchemy Table(...)
    BASE = "base"  # a declarative base: declarative_base(), db.Model
    MAPPED = "mapped"  # a class mapped by a registry decorator: @registry.mapped


class OrmFramework(StrEnum):
    DJANGO = "django"
    SQLALCHEMY = "sqlalchemy"


class WebFramework(StrEnum):
    FASTAPI = "fastapi"
    FLASK = "flask"
    STARLETTE = "starlette"
    DJANGO = "django"


class DynamicKind(StrEnum):
    """How a module came to be named in a string."""

    IMPORT_MODULE = "import_module"
    DUNDER_IMPORT = "__import__"
    SETTING = "setting"
    LOADER = "loader"  # a class loaded by name: import_string("a.b.C"), get_class("a.b", "C")
    TASK = "task"
    INCLUDE = "include"
    ENTRY_POINT = "entry point"


class EventKind(StrEnum):
    PUBLISH = "publish"
    SUBSCRIBE = "subscribe"


class DataEdgeKind(StrEnum):
    """How one unit depends on another unit's data."""

    FOREIGN_KEY = "foreign key"  # a column: ForeignKey, OneToOneField, ManyToManyField
    RELATIONSHIP = "relationship"  # SQLAlchemy's navigation (or back-reference): no column
    IMPORT = "import"  # the model class imported
    REFERENCE = "reference"  # the model named by its label: apps.get_model("app", "Model")
    QUERY = "query"  # read or written through the ORM
    SQL = "sql"  # a table named in SQL written in a string


class Access(StrEnum):
    """What a use of a model or table does to its rows."""

    NONE = ""  # refers to it (a key, an import) without reading or writing rows
    READ = "read"
    WRITE = "write"


class KernelReason(StrEnum):
    """Why a unit counts as a shared kernel ("" when it is not one)."""

    NONE = ""
    CONFIGURED = "configured"
    DETECTED = "detected"


class UnitKind(StrEnum):
    """What a unit is. Subsystems and modules are ranked; the others are listed apart."""

    SUBSYSTEM = "subsystem"  # a package with code of its own
    MODULE = "module"  # one file with code of its own
    FACADE = "facade"  # the scanned package's own __init__
    ENTRY = "entry point"  # __main__, manage.py, wsgi.py…
    SHIM = "shim"  # only re-exports names from elsewhere
    MIGRATIONS = "migrations"  # database migrations: evidence of data, not a service
    VENDORED = "vendored"  # a copy of third-party code
    GENERATED = "generated"  # written by a generator (protobuf, OpenAPI…)
    EMPTY = "empty"  # no code at all
    TEST_SUPPORT = "test support"  # helpers for the tests shipped in the package (testutils)


RANKED_KINDS = frozenset({UnitKind.SUBSYSTEM, UnitKind.MODULE})


class Role(StrEnum):
    """One role per unit, the same in every output: how a ranked unit couples, or what an
    unranked one is."""

    LEAF = "leaf"  # nothing imports it; it imports others
    HUB = "hub"  # many units import it, many times the typical unit
    CORE = "core"  # imported and importing: in the middle of the graph
    ISOLATED = "isolated"  # no imports either way
    SHARED_KERNEL = "shared kernel"  # most units import it, it imports almost nothing back
    FACADE = "facade"
    ENTRY = "entry point"
    SHIM = "shim"
    MIGRATIONS = "migrations"
    VENDORED = "vendored"
    GENERATED = "generated"
    EMPTY = "empty"
    TEST_SUPPORT = "test support"


class PairLabel(StrEnum):
    """How two units are coupled."""

    IMPORTS = "imports only"
    CO_CHANGES = "co-changes only"
    BOTH = "both"


class Level(StrEnum):
    """A risk's likelihood or impact."""

    LOW = "Low"
    MEDIUM = "Medium"
    HIGH = "High"


class Overall(StrEnum):
    """A unit's overall risk level."""

    LOW = "LOW"
    MEDIUM = "MEDIUM"
    MEDIUM_HIGH = "MEDIUM-HIGH"
    HIGH = "HIGH"
    CRITICAL = "CRITICAL"


class CheckRule(StrEnum):
    """What made `coupling check` fail."""

    STALE = "stale"
    NO_NEW_CYCLES = "no-new-cycles"
    FROZEN = "frozen"
    SEALED = "sealed"
    MAX_FAN_IN = "max-fan-in"
    MAX_SCORE_DROP = "max-score-drop"


class FactorName(StrEnum):
    """The ease-of-extraction factors, in the order the reports list them."""

    INBOUND = "inbound"
    OUTBOUND = "outbound"
    SEAM = "seam"  # its third-party dependencies are its own
    ACYCLICITY = "acyclicity"
    BOUNDARY = "boundary"
    DATA = "data"
    OWNERSHIP = "ownership"
    CHANGE = "change"
    SIZE = "size"


class DiagramLevel(StrEnum):
    """What the nodes of a diagram are (`coupling graph --modules`)."""

    UNIT = "unit"
    MODULE = "module"


class ImportPlace(StrEnum):
    """Where an import statement sits: it decides whether it runs when its module loads."""

    MODULE = "module level"
    FUNCTION = "inside a function"
    TYPE_CHECKING = "under TYPE_CHECKING"


class RefusalKind(StrEnum):
    """Why `coupling seal` left an import (or a facade name) as it was; one kind per case."""

    CYCLE = "cycle"
    CLASH = "clash"
    STAR = "star"
    STRING = "string"
    PARSE = "parse"
    MODULE_OBJECT = "module-object"
    SIDE_EFFECT = "side-effect"
    PRIVATE = "private"
    COMPUTED_ALL = "computed-all"
    NOT_FACADE = "not-facade"
    REBOUND = "rebound"


class PlanKind(StrEnum):
    """What `coupling plan` plans for a unit: a service to extract, or a shared kernel to
    publish as a library."""

    SERVICE = "service"
    LIBRARY = "library"


# The last line of a plan's markdown: the unit and the digest of its facts (without lines),
# which `coupling check` compares with a fresh plan's.
PLAN_STAMP = "<!-- coupling plan {unit} · facts {facts} -->"
