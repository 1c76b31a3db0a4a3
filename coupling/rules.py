"""The shipped rules (rules/*.toml) merged with the user's overrides."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from coupling.errors import ConfigError
from coupling.model import HistoryRules, Rules, SharedKernelRule


def load_rules(overrides: dict[str, Any], source: Path | None = None) -> Rules:
    """The analysis rules: rules/analysis.toml with `overrides` (a config table) on top."""
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
    )


def _shipped_text(name: str) -> str:
    # Installed wheels carry the rules inside the package; a source checkout (editable
    # install) keeps them in the repository's top-level rules/ folder.
    packaged = resources.files("coupling").joinpath("rules", name)
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    return (Path(__file__).resolve().parent.parent / "rules" / name).read_text(encoding="utf-8")


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
