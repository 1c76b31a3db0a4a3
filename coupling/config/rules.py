"""The shipped rules (rules/*.toml) merged with the user's overrides."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from coupling.errors import ConfigError
from coupling.records import (
    HistoryRules,
    Level,
    RiskRule,
    RiskRules,
    Rules,
    ScoringRules,
    SharedKernelRule,
    Silence,
)


def load_rules(
    overrides: dict[str, Any],
    source: Path | None = None,
    scoring: dict[str, Any] | None = None,
    risks: dict[str, Any] | None = None,
) -> Rules:
    """rules/analysis.toml and rules/scoring.toml with the config's overrides on top."""
    shipped = tomllib.loads(_shipped_text("analysis.toml"))
    merged = _merge(shipped, overrides, source, prefix="rules")
    return Rules(
        shared_kernel=SharedKernelRule(
            min_importer_share=_number(merged, "shared_kernel.min_importer_share", source, 0, 1),
            max_instability=_number(merged, "shared_kernel.max_instability", source, 0, 1),
        ),
        max_cycles_listed=int(_number(merged, "cycles.max_listed", source, 0, 10_000)),
        max_cycle_length=int(_number(merged, "cycles.max_length", source, 2, 50)),
        complex_from=int(_number(merged, "complexity.complex_from", source, 1, 1000)),
        hotspots=int(_number(merged, "complexity.hotspots", source, 0, 1000)),
        untested_below=_number(merged, "tests.untested_below", source, 0, 1),
        facade_modules=_names(merged, "public.facade_modules", source),
        history=HistoryRules(
            max_changeset_files=int(
                _number(merged, "history.max_changeset_files", source, 1, 100_000)
            ),
            min_revisions=int(_number(merged, "history.min_revisions", source, 1, 100_000)),
            min_shared=int(_number(merged, "history.min_shared", source, 1, 100_000)),
            min_degree=_number(merged, "history.min_degree", source, 0, 1),
            hotspots=int(_number(merged, "history.hotspots", source, 0, 1000)),
        ),
        scoring=_scoring(scoring or {}, source),
        risks=_risks(risks or {}, source),
    )


_LEVELS = ("Low", "Medium", "High")
_TEXTS = ("id", "title", "likelihood", "impact", "mitigation", "recommendation")


def _risks(overrides: dict[str, Any], source: Path | None) -> RiskRules:
    shipped = tomllib.loads(_shipped_text("risks.toml"))
    silence = overrides.get("silence", [])
    rules = _merge(
        shipped, {k: v for k, v in overrides.items() if k != "silence"}, source, prefix="risks"
    )
    _same_types(rules, shipped, source, "risks")
    found = []
    for name, table in rules.items():
        if not isinstance(table, dict) or name == "overall":
            continue
        for key in ("likelihood", "impact"):
            if table[key] not in _LEVELS:
                raise ConfigError(
                    f"risks.{name}.{key} must be one of {', '.join(_LEVELS)}", path=source
                )
        limits = tuple((key, float(value)) for key, value in table.items() if key not in _TEXTS)
        found.append(
            RiskRule(
                name=name,
                id=str(table["id"]),
                title=str(table["title"]),
                likelihood=Level(table["likelihood"]),
                impact=Level(table["impact"]),
                mitigation=str(table["mitigation"]),
                recommendation=str(table["recommendation"]),
                limits=limits,
            )
        )
    overall = rules["overall"]
    return RiskRules(
        top=int(rules["top"]),
        critical=int(overall["critical"]),
        high=int(overall["high"]),
        medium_high=int(overall["medium_high"]),
        risks=tuple(found),
        silence=_silences(silence, {rule.id for rule in found}, source),
    )


def _silences(entries: Any, ids: set[str], source: Path | None) -> tuple[Silence, ...]:
    if not isinstance(entries, list):
        raise ConfigError("risks.silence must be a list of {unit, id, reason} tables", path=source)
    found = []
    for entry in entries:
        if (
            not isinstance(entry, dict)
            or set(entry) != {"unit", "id", "reason"}
            or not all(isinstance(v, str) and v.strip() for v in entry.values())
        ):
            raise ConfigError(
                "each risks.silence entry needs a unit, an id and a reason, all text", path=source
            )
        if entry["id"] not in ids:
            raise ConfigError(
                f"risks.silence: unknown risk id {entry['id']}; known: {', '.join(sorted(ids))}",
                path=source,
            )
        found.append(Silence(entry["unit"], entry["id"], entry["reason"]))
    return tuple(found)


def _scoring(overrides: dict[str, Any], source: Path | None) -> ScoringRules:
    shipped = tomllib.loads(_shipped_text("scoring.toml"))
    rules = _merge(shipped, overrides, source, prefix="scoring")
    _same_types(rules, shipped, source, "scoring")
    weights = rules["weights"]
    total = sum(weights.values())
    if total <= 0 or any(w < 0 for w in weights.values()):
        raise ConfigError("scoring.weights must be zero or more, and not all zero", path=source)
    norm, caps, roles, benefits, reasons = (
        rules[key] for key in ("normalise", "caps", "roles", "benefits", "reasons")
    )
    return ScoringRules(
        # Weights are relative: overriding one keeps the others' proportions.
        weights=tuple((name, weight / total) for name, weight in weights.items()),
        breadth_share=float(norm["breadth_share"]),
        kernel_import_weight=float(norm["kernel_import_weight"]),
        outbound_data_weight=float(norm["outbound_data_weight"]),
        data_floor=float(norm["data_floor"]),
        size_band=(float(norm["size_band"][0]), float(norm["size_band"][1])),
        cycle_cap=float(caps["cycle"]),
        written_cap=float(caps["written_tables"]),
        hub_fan_in=float(roles["hub_fan_in"]),
        hub_importers=float(roles["hub_importers"]),
        resource_share=float(benefits["resource_share"]),
        distinct_packages=int(benefits["distinct_packages"]),
        pro=float(reasons["pro"]),
        con=float(reasons["con"]),
        phrases=tuple((key, value) for key, value in reasons.items() if isinstance(value, str)),
    )


def _same_types(
    rules: dict[str, Any], shipped: dict[str, Any], source: Path | None, prefix: str
) -> None:
    """Every override has the type of the value it replaces (a number for a number…)."""
    for key, value in rules.items():
        model, where = shipped[key], f"{prefix}.{key}"
        if isinstance(model, dict):
            _same_types(value, model, source, where)
        elif isinstance(model, list):
            numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
            if not isinstance(value, list) or len(value) != len(model) or not numbers:
                raise ConfigError(f"{where} must be a list of {len(model)} numbers", path=source)
        elif isinstance(model, str) and not isinstance(value, str):
            raise ConfigError(f"{where} must be text", path=source)
        elif isinstance(model, int | float) and (
            isinstance(value, bool) or not isinstance(value, int | float)
        ):
            raise ConfigError(f"{where} must be a number", path=source)


def _shipped_text(name: str) -> str:
    # Installed wheels carry the rules inside the package; a source checkout (editable
    # install) keeps them in the repository's top-level rules/ folder.
    packaged = resources.files("coupling").joinpath("rules", name)
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    return (Path(__file__).resolve().parents[2] / "rules" / name).read_text(encoding="utf-8")


def _merge(
    base: dict[str, Any], override: dict[str, Any], source: Path | None, prefix: str
) -> dict[str, Any]:
    unknown = sorted(f"{prefix}.{key}" for key in override if key not in base)
    if unknown:
        raise ConfigError(
            f"unknown rule(s) {', '.join(unknown)}; known: "
            + ", ".join(f"{prefix}.{key}" for key in sorted(base)),
            path=source,
        )
    merged = dict(base)
    for key, value in override.items():
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise ConfigError(f"{prefix}.{key} must be a table", path=source)
            merged[key] = _merge(base[key], value, source, f"{prefix}.{key}")
        else:
            merged[key] = value
    return merged


def _names(rules: dict[str, Any], dotted: str, source: Path | None) -> tuple[str, ...]:
    section, key = dotted.split(".")
    value = rules[section][key]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"rules.{dotted} must be a list of names", path=source)
    return tuple(value)


def _number(rules: dict[str, Any], dotted: str, source: Path | None, low: int, high: int) -> float:
    section, key = dotted.split(".")
    value = rules[section][key]
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise ConfigError(f"rules.{dotted} must be a number from {low} to {high}", path=source)
    return float(value)
