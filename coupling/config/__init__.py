"""Settings from `coupling.toml` or `[tool.coupling]` in pyproject.toml, found by walking up from
PATH (as ruff and black do), with command-line flags on top."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coupling.config.rules import load_rules
from coupling.errors import ConfigError, InputError
from coupling.records import CheckRules, InputFiles, Settings

DEFAULT_OUT = "analysis/coupling"

# key → (expected type, description for error messages)
_KEYS: dict[str, tuple[type, str]] = {
    "path": (str, "a folder path: what to analyse when no PATH is given"),
    "out": (str, "a folder path"),
    "depth": (int, "a whole number of 1 or more"),
    "exclude": (list, "a list of glob patterns"),
    "shared": (list, "a list of unit names"),
    "jobs": (int, "a whole number of 0 (one per CPU) or more"),
    "cache": (bool, "true or false"),
    "codeowners": (str, "a file path"),
    "history": (str, "a file path"),
    "metrics": (str, "a file path"),
    "rules": (dict, "a table of rule overrides"),
    "scoring": (dict, "a table of scoring overrides (rules/scoring.toml)"),
    "risks": (dict, "a table of risk overrides and silences (rules/risks.toml)"),
    "check": (dict, "a table of ratchets: no-new-cycles, frozen, max-fan-in, max-score-drop"),
    "tests": (list, "a list of test folder paths"),
    "coverage": (str, "a file path"),
    "since": (str, 'a git date such as "12.months" or "2025-01-01"'),
    "bots": (list, "a list of name or email fragments"),
    "teams": (dict, "a table of team = [author emails or names]"),
}


@dataclass(frozen=True)
class Flags:
    """What the command line said; None means "not given"."""

    out: Path | None = None
    depth: int | None = None
    jobs: int | None = None
    cache: bool | None = None
    coverage: Path | None = None
    history: Path | None = None
    metrics: Path | None = None
    risks: int | None = None  # how many candidates risk-assessment.md covers


@dataclass(frozen=True)
class _Config:
    file: Path
    text: str
    table: dict[str, Any]
    section: str  # how the user names the table, for messages


def load_settings(path: Path | None, cwd: Path, flags: Flags) -> Settings:
    """Settings for analysing `path` (None: the config's `path`, else the working directory);
    flags win over the config file, which wins over defaults."""
    if path is None:
        path = _default_path(cwd)
    try:
        target = (cwd / path).resolve()
        exists, is_dir = target.exists(), target.is_dir()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop, on Python 3.11
        raise InputError(f"cannot open ({exc}); pass a readable folder", path=path) from exc
    if not exists:
        raise InputError("no such directory; pass the folder that holds your packages", path=path)
    if not is_dir:
        raise InputError(
            "is a file; pass the folder that holds your packages (e.g. src/)", path=path
        )
    config = _find_config(target)
    table = config.table if config else {}
    if config:
        _check_keys(config)
    root = config.file.parent if config else cwd
    return Settings(
        path=target,
        root=root,
        out=_out_dir(flags, config, cwd, root),
        rules=load_rules(
            table.get("rules", {}),
            config.file if config else None,
            table.get("scoring", {}),
            table.get("risks", {}) | ({"top": flags.risks} if flags.risks else {}),
        ),
        depth=flags.depth if flags.depth is not None else table.get("depth", 1),
        exclude=tuple(table.get("exclude", ())),
        shared=tuple(table.get("shared", ())),
        jobs=flags.jobs if flags.jobs is not None else table.get("jobs", 0),
        cache=flags.cache if flags.cache is not None else table.get("cache", True),
        inputs=_input_files(config, flags, cwd),
        tests=tuple((config.file.parent / t).resolve() for t in table["tests"])
        if config and "tests" in table
        else None,
        since=table.get("since", ""),
        bots=tuple(table.get("bots", ("[bot]",))),
        teams=_teams(config) if config else (),
        check=_check_rules(config) if config else CheckRules(),
        config_file=config.file if config else None,
    )


def _default_path(cwd: Path) -> Path:
    """What to analyse when no PATH is given: hooks and CI run from the repository root."""
    config = _find_config(cwd.resolve())
    if config is None or "path" not in config.table:
        return Path()
    _check_keys(config)
    return config.file.parent / str(config.table["path"])


def _find_config(start: Path) -> _Config | None:
    for folder in (start, *start.parents):
        own = folder / "coupling.toml"
        if own.is_file():
            text = _read(own)
            return _Config(own, text, _parse(own, text), "coupling.toml")
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            text = _read(pyproject)
            table = _parse(pyproject, text).get("tool", {}).get("coupling")
            if table is not None:
                if not isinstance(table, dict):
                    raise ConfigError("[tool.coupling] must be a table", path=pyproject)
                return _Config(pyproject, text, table, "[tool.coupling]")
    return None


def _read(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config: {exc}", path=file) from exc


def _parse(file: Path, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        # tomllib says "at end of document" when the file stops mid-value: that is its last line.
        line = int(found.group(1)) if found else max(1, len(text.splitlines()))
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(exc))
        raise ConfigError(
            f"invalid TOML: {message}; fix the file or remove it", path=file, line=line
        ) from exc


def _check_keys(config: _Config) -> None:
    unknown = [key for key in config.table if key not in _KEYS]
    if unknown:
        listed = ", ".join(f"{key} (line {_line_of(config, key)})" for key in unknown)
        raise ConfigError(
            f"unknown key(s) in {config.section}: {listed}; known keys: {', '.join(sorted(_KEYS))}",
            path=config.file,
            line=_line_of(config, unknown[0]),
        )
    for key, value in config.table.items():
        expected, description = _KEYS[key]
        if not _fits(value, expected) or (
            key in ("exclude", "shared", "tests", "bots") and not _all_str(value)
        ):
            raise ConfigError(
                f"{key} must be {description}", path=config.file, line=_line_of(config, key)
            )
        if (key == "depth" and value < 1) or (key == "jobs" and value < 0):
            raise ConfigError(
                f"{key} must be {description}", path=config.file, line=_line_of(config, key)
            )


_CHECK_KEYS = {
    "no-new-cycles": "true or false",
    "frozen": "a list of unit names",
    "max-fan-in": "a table of unit = largest fan-in",
    "max-score-drop": "a number of points out of 10",
}


def _check_rules(config: _Config) -> CheckRules:
    table = config.table.get("check", {})
    unknown = sorted(set(table) - set(_CHECK_KEYS))
    if unknown:
        raise ConfigError(
            f"unknown key(s) in check: {', '.join(unknown)}; known: {', '.join(sorted(_CHECK_KEYS))}",
            path=config.file,
            line=_line_of(config, unknown[0]),
        )
    cycles, frozen = table.get("no-new-cycles", False), table.get("frozen", [])
    fan_in, drop = table.get("max-fan-in", {}), table.get("max-score-drop")
    valid = {
        "no-new-cycles": isinstance(cycles, bool),
        "frozen": isinstance(frozen, list) and _all_str(frozen),
        "max-fan-in": isinstance(fan_in, dict)
        and all(_fits(v, int) and v >= 0 for v in fan_in.values()),
        "max-score-drop": drop is None or ((_fits(drop, float) or _fits(drop, int)) and drop >= 0),
    }
    for key, ok in valid.items():
        if not ok:
            raise ConfigError(
                f"check.{key} must be {_CHECK_KEYS[key]}",
                path=config.file,
                line=_line_of(config, key),
            )
    return CheckRules(
        no_new_cycles=cycles,
        frozen=tuple(frozen),
        max_fan_in=tuple(sorted(fan_in.items())),
        max_score_drop=None if drop is None else float(drop),
    )


def _teams(config: _Config) -> tuple[tuple[str, tuple[str, ...]], ...]:
    teams = config.table.get("teams", {})
    for team, members in teams.items():
        if not isinstance(members, list) or not _all_str(members):
            raise ConfigError(
                f"teams.{team} must be a list of author emails or names",
                path=config.file,
                line=_line_of(config, team),
            )
    return tuple((team, tuple(members)) for team, members in sorted(teams.items()))


def _fits(value: object, expected: type) -> bool:
    # bool is an int in Python; a `depth = true` is still a mistake.
    return isinstance(value, expected) and not (expected is int and isinstance(value, bool))


def _all_str(values: list[Any]) -> bool:
    return all(isinstance(item, str) for item in values)


def _line_of(config: _Config, key: str) -> int | None:
    pattern = re.compile(rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\")\s*[=.]")
    section_start = 0
    if config.section == "[tool.coupling]":
        header = re.search(r"^\s*\[tool\.coupling", config.text, re.MULTILINE)
        section_start = config.text.count("\n", 0, header.start()) if header else 0
    lines = config.text.splitlines()
    for number in range(section_start, len(lines)):
        if (
            pattern.match(lines[number])
            or lines[number].strip() == f"[{_table_prefix(config)}{key}]"
        ):
            return number + 1
    return None


def _table_prefix(config: _Config) -> str:
    return "tool.coupling." if config.section == "[tool.coupling]" else ""


def _out_dir(flags: Flags, config: _Config | None, cwd: Path, root: Path) -> Path:
    if flags.out is not None:
        return (cwd / flags.out).resolve()
    if config and "out" in config.table:
        return (config.file.parent / str(config.table["out"])).resolve()
    return (root / DEFAULT_OUT).resolve()


def _input_files(config: _Config | None, flags: Flags, cwd: Path) -> InputFiles:
    found: dict[str, Path] = {}
    for key in ("codeowners", "history", "metrics", "coverage"):
        if config and key in config.table:
            file = (config.file.parent / config.table[key]).resolve()
            if not file.is_file():
                raise ConfigError(
                    f"{key} = {config.table[key]!r}: no such file next to {config.file.name}; "
                    "fix the path (it is relative to the config file) or remove the key",
                    path=config.file,
                    line=_line_of(config, key),
                )
            found[key] = file
    if flags.metrics is not None:
        if not (cwd / flags.metrics).is_file():
            raise InputError(
                "no such file; pass a TOML file of production metrics per unit", path=flags.metrics
            )
        found["metrics"] = (cwd / flags.metrics).resolve()
    if flags.history is not None:
        if not (cwd / flags.history).is_file():
            raise InputError(
                "no such file; pass a file holding `git log --numstat` output", path=flags.history
            )
        found["history"] = (cwd / flags.history).resolve()
    if flags.coverage is not None:
        if not (cwd / flags.coverage).is_file():
            raise InputError(
                "no such file; pass the coverage.xml or .coverage file to read", path=flags.coverage
            )
        found["coverage"] = (cwd / flags.coverage).resolve()
    return InputFiles(**found)
