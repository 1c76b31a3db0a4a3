"""What the user asked for: settings, inputs and the rules in effect."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coupling.records.inputs import InputFiles
from coupling.records.kinds import Level


@dataclass(frozen=True)
class SharedKernelRule:
    """When a unit counts as a shared kernel: most units import it, it imports almost nothing."""

    min_importer_share: float
    max_instability: float


@dataclass(frozen=True)
class UnitRules:
    """Which units are not services: vendored folders, entry modules, migration folders, test
    helpers (by name, when they import a test framework)."""

    vendored_folders: tuple[str, ...]
    entry_modules: tuple[str, ...]
    migration_folders: tuple[str, ...]
    test_support_names: tuple[str, ...]
    test_frameworks: tuple[str, ...]
    facade_max_definitions: int = 10  # a package __init__ defining more is a module of its own


@dataclass(frozen=True)
class RoleRules:
    hub_fan_in: float  # a hub has at least this many times the median fan-in...
    hub_importers: float  # ...and at least this share of the other units importing it


@dataclass(frozen=True)
class HistoryRules:
    """Change coupling as code-maat filters it, and how many hotspots to list."""

    max_changeset_files: int
    min_revisions: int
    min_shared: int
    min_degree: float
    hotspots: int
    min_commits: int = 2  # fewer is no history: one commit says nothing of who changes what


@dataclass(frozen=True)
class ScoringRules:
    """rules/scoring.toml with the user's overrides: weights, normalisation, caps, phrases."""

    weights: tuple[tuple[str, float], ...]  # factor → weight, summing to 1
    library_weights: tuple[tuple[str, float], ...]  # the same, for shared kernels as libraries
    breadth_share: float
    kernel_import_weight: float
    outbound_data_weight: float
    data_floor: float
    size_band: tuple[float, float]
    written_cap: float
    resource_share: float
    distinct_packages: int
    pro: float
    con: float
    phrases: tuple[tuple[str, str], ...]

    def phrase(self, key: str, **values: object) -> str:
        return dict(self.phrases)[key].format(**values)


@dataclass(frozen=True)
class RiskRule:
    name: str  # "data-consistency"…
    id: str  # "CPL-R001"…
    title: str
    likelihood: Level
    impact: Level
    mitigation: str
    recommendation: str
    limits: tuple[tuple[str, float], ...]  # the detector's thresholds

    def limit(self, key: str) -> float:
        return dict(self.limits)[key]


@dataclass(frozen=True)
class Silence:
    unit: str
    id: str
    reason: str


@dataclass(frozen=True)
class RiskRules:
    top: int  # candidates assessed
    critical: int
    high: int
    medium_high: int
    risks: tuple[RiskRule, ...]
    silence: tuple[Silence, ...] = ()
    moves: tuple[tuple[str, str], ...] = ()  # the first move's texts: seal, cut, publish, freeze

    def rule(self, name: str) -> RiskRule:
        return next(rule for rule in self.risks if rule.name == name)

    def move(self, key: str, **values: object) -> str:
        return dict(self.moves)[key].format(**values)


@dataclass(frozen=True)
class StepText:
    """What rules/plan.toml says of one step of a plan: the texts no fact decides."""

    key: str  # api, data, tests, integration; for a library: api, package, tests, release
    title: str
    problem: str
    before: tuple[str, ...]  # tasks before those the facts give
    tasks: tuple[str, ...]  # tasks after them
    acceptance: tuple[str, ...]
    target_files: tuple[str, ...]


@dataclass(frozen=True)
class PlanRules:
    """rules/plan.toml with the user's overrides: where code moves, acceptance thresholds,
    spec ids, and each step's texts ({unit} and {root} filled in when a plan is made)."""

    service_root: str
    library_root: str
    p99_margin: float
    traffic_share: float
    coverage: float
    service_spec: str
    library_spec: str
    service_steps: tuple[StepText, ...]  # api, data, tests, integration
    library_steps: tuple[StepText, ...]  # api, package, tests, release


@dataclass(frozen=True)
class Rules:
    units: UnitRules
    shared_kernel: SharedKernelRule
    roles: RoleRules
    max_cycles_listed: int
    max_cycle_length: int
    complex_from: int  # cyclomatic complexity from which a function counts as complex
    hotspots: int
    untested_below: float  # line coverage under which a function counts as untested
    facade_modules: tuple[str, ...]  # besides the unit's __init__
    history: HistoryRules
    scoring: ScoringRules
    risks: RiskRules
    plan: PlanRules


@dataclass(frozen=True)
class CheckRules:
    """Ratchets `coupling check` holds the code to, from [tool.coupling.drift.check]."""

    no_new_cycles: bool = False
    frozen: tuple[str, ...] = ()  # units being extracted: no import into or out of them may appear
    sealed: tuple[str, ...] = ()  # units reached only through their facade: no new import past it
    max_fan_in: tuple[tuple[str, int], ...] = ()
    max_score_drop: float | None = None


@dataclass(frozen=True)
class ReadLimits:
    """What the scan agrees to read: files up to a size, symlinks that stay inside PATH, and
    a parser that may crash or hang given a time limit per file."""

    max_file_size: int  # bytes: a larger file is listed, not read
    parse_timeout: float  # seconds a fallback parser may take on one file
    follow_symlinks: bool  # follow symlinks that leave PATH
    # A newer Python whose own parser reads syntax this one cannot: "auto" (the newest
    # python3.12+ on PATH), "none" (libcst only), or an interpreter's path.
    newer_python: str


@dataclass(frozen=True)
class UnitSpec:
    """One entry of the config's [units] table: a unit and the path globs of its files."""

    name: str
    globs: tuple[str, ...]
    line: int | None  # where the config sets it, for errors


@dataclass(frozen=True)
class Settings:
    """What one run analyses and how; built by config/ (which holds every default)."""

    path: Path  # the directory to analyse, absolute
    root: Path  # where report paths start: the config file's folder, else the working directory
    out: Path  # the report directory, absolute
    rules: Rules
    depth: int
    depth_given: bool  # --depth or `depth` set: units by depth, not from tach or import-linter
    units: tuple[UnitSpec, ...]  # [units]: explicit units, when given
    exclude: tuple[str, ...]
    shared: tuple[str, ...]
    vendored: tuple[str, ...]  # units that are copies of third-party code
    jobs: int  # 0: one worker per CPU
    cache: bool
    inputs: InputFiles
    tests: tuple[Path, ...] | None  # test folders outside PATH; None: tests/ and test/ at the root
    since: str  # git log --since; "" for all history
    git_history: bool  # read `git log` when no history file is given
    bots: tuple[str, ...]  # authors whose name or email holds one of these are left out
    teams: tuple[tuple[str, tuple[str, ...]], ...]  # team → author emails or names
    check: CheckRules
    config_file: Path | None
    limits: ReadLimits
