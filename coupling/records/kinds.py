"""The closed sets of names the records use: one enum per kind, written once.

Each is a StrEnum whose values are what the reports and coupling.json print, so a member
formats, compares and serialises as its text.
"""

from __future__ import annotations

from enum import StrEnum


class Parser(StrEnum):
    """Which parser read a file."""

    AST = "ast"  # Python's own
    LIBCST = "libcst"  # syntax newer than the running Python: partial facts
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
    TASK = "task"
    INCLUDE = "include"
    ENTRY_POINT = "entry point"


class EventKind(StrEnum):
    PUBLISH = "publish"
    SUBSCRIBE = "subscribe"


class DataEdgeKind(StrEnum):
    """How one unit depends on another unit's data."""

    FOREIGN_KEY = "foreign key"
    IMPORT = "import"
    QUERY = "query"
    SQL = "sql"


class KernelReason(StrEnum):
    """Why a unit counts as a shared kernel ("" when it is not one)."""

    NONE = ""
    CONFIGURED = "configured"
    DETECTED = "detected"


class Role(StrEnum):
    LEAF = "leaf"
    HUB = "hub"
    CORE = "core"
    ISOLATED = "isolated"
    SHARED_KERNEL = "shared kernel"


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
    ACYCLICITY = "acyclicity"
    BOUNDARY = "boundary"
    DATA = "data"
    OWNERSHIP = "ownership"
    CHANGE = "change"
    SIZE = "size"


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
