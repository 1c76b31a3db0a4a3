"""The shipped rules (rules/*.toml) merged with the user's overrides, every value checked when
it loads: unknown tables and keys, wrong types, numbers out of range, risk levels, and every
placeholder of every text (config/schema.py). Each error names the key and its line."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coupling.config.schema import (
    MOVE_FIELDS,
    PLAN_FIELDS,
    REASON_FIELDS,
    RISK_FIELDS,
    RISK_PLAIN_TEXTS,
    risk_fields,
    text_problem,
)
from coupling.errors import ConfigError
from coupling.records import (
    HistoryRules,
    Level,
    PlanRules,
    RiskRule,
    RiskRules,
    RoleRules,
    Rules,
    ScoringRules,
    SharedKernelRule,
    Silence,
    StepText,
    UnitRules,
)

Keys = tuple[str, ...]  # a dotted key: ("risks", "cycle", "recommendation")


def _nowhere(_keys: Keys) -> int | None:
    return None


@dataclass(frozen=True)
class Overrides:
    """The user's [rules], [scoring] and [risks] tables, and where they are written."""

    rules: dict[str, Any] = field(default_factory=dict)
    scoring: dict[str, Any] = field(default_factory=dict)
    risks: dict[str, Any] = field(default_factory=dict)
    plan: dict[str, Any] = field(default_factory=dict)
    file: Path | None = None
    line: Callable[[Keys], int | None] = _nowhere  # the line of a dotted key in `file`

    def error(self, keys: Keys, message: str) -> ConfigError:
        return ConfigError(f"{'.'.join(keys)}: {message}", path=self.file, line=self.line(keys))


def load_rules(overrides: Overrides | None = None) -> Rules:
    """rules/analysis.toml, scoring.toml, risks.toml and plan.toml with the config's overrides
    on top."""
    given = overrides or Overrides()
    merged = _merged("analysis.toml", given.rules, ("rules",), given)
    return Rules(
        units=UnitRules(
            vendored_folders=tuple(merged["units"]["vendored_folders"]),
            entry_modules=tuple(merged["units"]["entry_modules"]),
            migration_folders=tuple(merged["units"]["migration_folders"]),
            test_support_names=tuple(merged["units"]["test_support_names"]),
            test_frameworks=tuple(merged["units"]["test_frameworks"]),
            facade_max_definitions=int(
                _number(merged, ("units", "facade_max_definitions"), 0, 100_000, given=given)
            ),
        ),
        roles=RoleRules(
            hub_fan_in=_number(merged, ("roles", "hub_fan_in"), 0, 1000, given=given),
            hub_importers=_number(merged, ("roles", "hub_importers"), 0, 1, given=given),
        ),
        shared_kernel=SharedKernelRule(
            min_importer_share=_number(
                merged, ("shared_kernel", "min_importer_share"), 0, 1, given=given
            ),
            max_instability=_number(
                merged, ("shared_kernel", "max_instability"), 0, 1, given=given
            ),
        ),
        max_cycles_listed=int(_number(merged, ("cycles", "max_listed"), 0, 10_000, given=given)),
        max_cycle_length=int(_number(merged, ("cycles", "max_length"), 2, 50, given=given)),
        complex_from=int(_number(merged, ("complexity", "complex_from"), 1, 1000, given=given)),
        hotspots=int(_number(merged, ("complexity", "hotspots"), 0, 1000, given=given)),
        untested_below=_number(merged, ("tests", "untested_below"), 0, 1, given=given),
        facade_modules=tuple(merged["public"]["facade_modules"]),
        history=_history(merged, given),
        scoring=_scoring(given),
        risks=_risks(given),
        plan=_plan(given),
    )


def _history(merged: dict[str, Any], given: Overrides) -> HistoryRules:
    def whole(key: str) -> int:
        return int(_number(merged, ("history", key), 1, 100_000, given=given))

    return HistoryRules(
        max_changeset_files=whole("max_changeset_files"),
        min_revisions=whole("min_revisions"),
        min_shared=whole("min_shared"),
        min_degree=_number(merged, ("history", "min_degree"), 0, 1, given=given),
        hotspots=int(_number(merged, ("history", "hotspots"), 0, 1000, given=given)),
        min_commits=whole("min_commits"),
    )


def _scoring(given: Overrides) -> ScoringRules:
    rules = _merged("scoring.toml", given.scoring, ("scoring",), given)
    norm, caps, benefits, reasons = (
        rules[key] for key in ("normalise", "caps", "benefits", "reasons")
    )
    phrases = {key: value for key, value in reasons.items() if isinstance(value, str)}
    for key, text in phrases.items():
        if problem := text_problem(text, REASON_FIELDS[key]):
            raise given.error(("scoring", "reasons", key), problem)
    return ScoringRules(
        weights=_weights(rules, "weights", given),
        library_weights=_weights(rules, "library_weights", given),
        breadth_share=float(norm["breadth_share"]),
        kernel_import_weight=float(norm["kernel_import_weight"]),
        outbound_data_weight=float(norm["outbound_data_weight"]),
        data_floor=float(norm["data_floor"]),
        size_band=(float(norm["size_band"][0]), float(norm["size_band"][1])),
        written_cap=float(caps["written_tables"]),
        resource_share=float(benefits["resource_share"]),
        distinct_packages=int(benefits["distinct_packages"]),
        pro=float(reasons["pro"]),
        con=float(reasons["con"]),
        phrases=tuple(phrases.items()),
    )


def _weights(rules: dict[str, Any], table: str, given: Overrides) -> tuple[tuple[str, float], ...]:
    """Relative weights, scaled to sum to 1: overriding one keeps the others' proportions."""
    weights = rules[table]
    if sum(weights.values()) <= 0 or any(w < 0 for w in weights.values()):
        raise given.error(("scoring", table), "weights must be zero or more, and not all zero")
    total = sum(weights.values())
    return tuple((name, weight / total) for name, weight in weights.items())


def _risks(given: Overrides) -> RiskRules:
    silence = given.risks.get("silence", [])
    tables = {key: value for key, value in given.risks.items() if key != "silence"}
    rules = _merged("risks.toml", tables, ("risks",), given)
    found = [_risk(name, rules[name], given) for name in RISK_FIELDS]
    overall = rules["overall"]
    for key, fields in MOVE_FIELDS.items():
        if problem := text_problem(rules["moves"][key], fields):
            raise given.error(("risks", "moves", key), problem)
    return RiskRules(
        top=int(_number(rules, ("top",), 1, 1000, given=given, prefix=("risks",))),
        critical=int(overall["critical"]),
        high=int(overall["high"]),
        medium_high=int(overall["medium_high"]),
        risks=tuple(found),
        silence=_silences(silence, {rule.id for rule in found}, given),
        moves=tuple((key, rules["moves"][key]) for key in MOVE_FIELDS),
    )


def _plan(given: Overrides) -> PlanRules:
    rules = _merged("plan.toml", given.plan, ("plan",), given)
    for key in ("service", "library"):
        for table in ("layout", "specs"):
            _text(rules[table][key], ("plan", table, key), {"unit": "billing"}, given)
    limits = {
        key: _number(rules, ("validation", key), 0, 1, given=given, prefix=("plan",))
        for key in ("p99_margin", "traffic_share", "coverage")
    }
    return PlanRules(
        service_root=rules["layout"]["service"],
        library_root=rules["layout"]["library"],
        p99_margin=limits["p99_margin"],
        traffic_share=limits["traffic_share"],
        coverage=limits["coverage"],
        service_spec=rules["specs"]["service"],
        library_spec=rules["specs"]["library"],
        service_steps=_steps(rules, "service", ("api", "data", "tests", "integration"), given),
        library_steps=_steps(rules, "library", ("api", "package", "tests", "release"), given),
    )


def _steps(rules: dict[str, Any], kind: str, keys: Keys, given: Overrides) -> tuple[StepText, ...]:
    found = []
    for key in keys:
        table, where = rules[kind][key], ("plan", kind, key)
        for name in ("title", "problem"):
            _text(table[name], (*where, name), PLAN_FIELDS, given)
        for name in ("before", "tasks", "acceptance", "target_files"):
            for text in table[name]:
                _text(text, (*where, name), PLAN_FIELDS, given)
        found.append(
            StepText(
                key,
                table["title"],
                table["problem"],
                tuple(table["before"]),
                tuple(table["tasks"]),
                tuple(table["acceptance"]),
                tuple(table["target_files"]),
            )
        )
    return tuple(found)


def _text(text: str, keys: Keys, fields: Mapping[str, object], given: Overrides) -> None:
    if problem := text_problem(text, fields):
        raise given.error(keys, problem)


def _risk(name: str, table: dict[str, Any], given: Overrides) -> RiskRule:
    where = ("risks", name)
    for key in ("likelihood", "impact"):
        if table[key] not in set(Level):
            levels = ", ".join(level.value for level in Level)
            raise given.error((*where, key), f"must be one of {levels}")
    for key in RISK_PLAIN_TEXTS:
        if problem := text_problem(table[key], {}):
            raise given.error((*where, key), problem)
    if problem := text_problem(table["recommendation"], risk_fields(name)):
        raise given.error((*where, "recommendation"), problem)
    texts = {*RISK_PLAIN_TEXTS, "likelihood", "impact", "recommendation"}
    return RiskRule(
        name=name,
        id=table["id"],
        title=table["title"],
        likelihood=Level(table["likelihood"]),
        impact=Level(table["impact"]),
        mitigation=table["mitigation"],
        recommendation=table["recommendation"],
        limits=tuple((key, float(value)) for key, value in table.items() if key not in texts),
    )


def _silences(entries: Any, ids: set[str], given: Overrides) -> tuple[Silence, ...]:
    where = ("risks", "silence")
    if not isinstance(entries, list):
        raise given.error(where, "must be a list of {unit, id, reason} tables")
    found = []
    for entry in entries:
        if (
            not isinstance(entry, dict)
            or set(entry) != {"unit", "id", "reason"}
            or not all(isinstance(v, str) and v.strip() for v in entry.values())
        ):
            raise given.error(where, "each entry needs a unit, an id and a reason, all text")
        if entry["id"] not in ids:
            raise given.error(
                where, f"unknown risk id {entry['id']}; known: {', '.join(sorted(ids))}"
            )
        found.append(Silence(entry["unit"], entry["id"], entry["reason"]))
    return tuple(found)


def _merged(name: str, override: dict[str, Any], prefix: Keys, given: Overrides) -> dict[str, Any]:
    """A shipped rules file with the override on top: every key of the override known and of
    the type of the value it replaces."""
    shipped = tomllib.loads(_shipped_text(name))
    unknown = _unknown_keys(shipped, override, prefix)
    if unknown:
        first, known = unknown[0]
        listed = ", ".join(
            f"{'.'.join(keys)}" + (f" (line {line})" if (line := given.line(keys)) else "")
            for keys, _known in unknown
        )
        raise ConfigError(
            f"unknown key(s) {listed}; known in {'.'.join(first[:-1])}: {', '.join(known)}",
            path=given.file,
            line=given.line(first),
        )
    merged = _overlay(shipped, override)
    _same_types(merged, shipped, prefix, given)
    return merged


def _unknown_keys(
    base: dict[str, Any], override: dict[str, Any], prefix: Keys
) -> list[tuple[Keys, list[str]]]:
    found: list[tuple[Keys, list[str]]] = []
    for key, value in override.items():
        if key not in base:
            found.append(((*prefix, key), sorted(base)))
        elif isinstance(base[key], dict) and isinstance(value, dict):
            found += _unknown_keys(base[key], value, (*prefix, key))
    return found


def _overlay(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        both_tables = isinstance(base[key], dict) and isinstance(value, dict)
        merged[key] = _overlay(base[key], value) if both_tables else value
    return merged


def _same_types(
    rules: dict[str, Any], shipped: dict[str, Any], prefix: Keys, given: Overrides
) -> None:
    """Every override has the type of the value it replaces (a number for a number…)."""
    for key, value in rules.items():
        model, where = shipped[key], (*prefix, key)
        if isinstance(model, dict):
            if not isinstance(value, dict):
                raise given.error(where, "must be a table")
            _same_types(value, model, where, given)
        elif isinstance(model, list):
            _same_list(value, model, where, given)
        elif isinstance(model, str) and not isinstance(value, str):
            raise given.error(where, "must be text")
        elif isinstance(model, int | float) and not _is_number(value):
            raise given.error(where, "must be a number")


def _same_list(value: Any, model: list[Any], where: Keys, given: Overrides) -> None:
    if all(isinstance(item, str) for item in model):
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise given.error(where, "must be a list of names")
    elif not isinstance(value, list) or len(value) != len(model) or not all(map(_is_number, value)):
        raise given.error(where, f"must be a list of {len(model)} numbers")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _shipped_text(name: str) -> str:
    # Installed wheels carry the rules inside the package; a source checkout (editable
    # install) keeps them in the repository's top-level rules/ folder. Plain paths rather than
    # importlib.resources, whose import alone costs `coupling check` more than reading them.
    package = Path(__file__).resolve().parents[1]
    packaged = package / "rules" / name
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    return (package.parent / "rules" / name).read_text(encoding="utf-8")


def _number(
    rules: dict[str, Any],
    keys: Keys,
    low: int,
    high: int,
    *,
    given: Overrides,
    prefix: Keys = ("rules",),
) -> float:
    value: Any = rules
    for key in keys:
        value = value[key]
    if not _is_number(value) or not low <= value <= high:
        raise given.error((*prefix, *keys), f"must be a number from {low} to {high}")
    return float(value)
