"""Settings from `coupling.toml` or `[tool.coupling]` in pyproject.toml (config/files.py), with
command-line flags on top, and the rules of rules/ (config/rules.py). Every default of a
setting is written once, in _KEYS; every default of a rule, once, in rules/*.toml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coupling.config.files import find_config
from coupling.config.rules import Overrides, load_rules
from coupling.errors import ConfigError, InputError
from coupling.records import CheckRules, InputFiles, ReadLimits, Settings, UnitSpec

if TYPE_CHECKING:
    from coupling.config.files import ConfigFile


@dataclass(frozen=True)
class _Key:
    kind: type
    description: str  # for error messages: "must be <description>"
    default: Any = None


_KEYS: dict[str, _Key] = {
    "path": _Key(str, "a folder path: what to analyse when no PATH is given", "."),
    "out": _Key(str, "a folder path", "analysis/coupling"),
    "depth": _Key(int, "a whole number of 1 or more", 1),
    "exclude": _Key(list, "a list of glob patterns", []),
    "units": _Key(dict, "a table of unit = [path globs below PATH]", {}),
    "shared": _Key(list, "a list of unit names", []),
    "vendored": _Key(list, "a list of unit names (copies of third-party code)", []),
    "jobs": _Key(int, "a whole number of 0 (one per CPU) or more", 0),
    "cache": _Key(bool, "true or false", True),
    "codeowners": _Key(str, "a file path"),
    "history": _Key(str, "a file path"),
    "metrics": _Key(str, "a file path"),
    "coverage": _Key(str, "a file path"),
    "rules": _Key(dict, "a table of rule overrides", {}),
    "scoring": _Key(dict, "a table of scoring overrides (rules/scoring.toml)", {}),
    "risks": _Key(dict, "a table of risk overrides and silences (rules/risks.toml)", {}),
    "plan": _Key(dict, "a table of plan overrides (rules/plan.toml)", {}),
    "check": _Key(
        dict,
        "a table of ratchets: no-new-cycles, frozen, sealed, max-fan-in, max-score-drop",
        {},
    ),
    # None: the folders named tests/ and test/ at the root, when there are some.
    "tests": _Key(list, "a list of test folder paths"),
    "since": _Key(str, 'a git date such as "12.months" or "2025-01-01"', ""),
    "bots": _Key(list, "a list of name or email fragments", ["[bot]"]),
    "teams": _Key(dict, "a table of team = [author emails or names]", {}),
    # Hostile input: a file above this size is listed, not read; the libcst fallback (for
    # syntax newer than this Python) runs in its own process, given this long per file.
    "max_file_size": _Key(int, "a size in bytes of 1 or more, e.g. 5_000_000", 5_000_000),
    "parse_timeout": _Key(int, "a whole number of seconds of 1 or more", 30),
    "follow_symlinks": _Key(bool, "true or false (follow symlinks that leave PATH)", False),
    # Syntax newer than this Python is read by a newer Python's own parser when one is at hand
    # (full facts, fast), else by libcst (partial facts, slow).
    "newer_python": _Key(
        str, '"auto" (the newest python3.12+ on PATH), "none", or the path of a Python', "auto"
    ),
}
_LISTS_OF_TEXT = ("exclude", "shared", "vendored", "tests", "bots")
_INPUT_FILES = ("codeowners", "history", "metrics", "coverage")


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


def load_settings(path: Path | None, cwd: Path, flags: Flags) -> Settings:
    """Settings for analysing `path` (None: the config's `path`, else the working directory);
    flags win over the config file, which wins over defaults."""
    if path is None:
        path = _default_path(cwd)
    target = _folder(cwd / path, path)
    config = find_config(target)
    if config:
        _check_keys(config)
    table = config.table if config else {}

    def setting(key: str) -> Any:
        return table.get(key, _KEYS[key].default)

    root = config.file.parent if config else cwd
    return Settings(
        path=target,
        root=root,
        out=_out_dir(flags, config, cwd, root),
        rules=load_rules(_overrides(config, flags)),
        depth=flags.depth if flags.depth is not None else setting("depth"),
        depth_given=flags.depth is not None or "depth" in table,
        units=_units(config) if config else (),
        exclude=tuple(setting("exclude")),
        shared=tuple(setting("shared")),
        vendored=tuple(setting("vendored")),
        jobs=flags.jobs if flags.jobs is not None else setting("jobs"),
        cache=flags.cache if flags.cache is not None else setting("cache"),
        inputs=_input_files(config, flags, cwd),
        tests=tuple((root / t).resolve() for t in table["tests"]) if "tests" in table else None,
        since=setting("since"),
        git_history=True,
        bots=tuple(setting("bots")),
        teams=_teams(config) if config else (),
        check=_check_rules(config) if config else CheckRules(),
        config_file=config.file if config else None,
        limits=ReadLimits(
            max_file_size=setting("max_file_size"),
            parse_timeout=float(setting("parse_timeout")),
            follow_symlinks=setting("follow_symlinks"),
            newer_python=setting("newer_python"),
        ),
    )


def _folder(target: Path, shown: Path) -> Path:
    """`target` resolved, when it is a folder that can be read (`shown` as the user wrote it)."""
    try:
        resolved = target.resolve()
        exists, is_dir = resolved.exists(), resolved.is_dir()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop, on Python 3.11
        raise InputError(f"cannot open ({exc}); pass a readable folder", path=shown) from exc
    if not exists:
        raise InputError("no such directory; pass the folder that holds your packages", path=shown)
    if not is_dir:
        raise InputError(
            "is a file; pass the folder that holds your packages (e.g. src/)", path=shown
        )
    return resolved


def _default_path(cwd: Path) -> Path:
    """What to analyse when no PATH is given: hooks and CI run from the repository root."""
    config = find_config(cwd.resolve())
    if config is None or "path" not in config.table:
        return Path(_KEYS["path"].default)
    _check_keys(config)
    return config.file.parent / str(config.table["path"])


def _overrides(config: ConfigFile | None, flags: Flags) -> Overrides:
    top = {"top": flags.risks} if flags.risks else {}
    if config is None:
        return Overrides(risks=top)
    return Overrides(
        rules=config.table.get("rules", {}),
        scoring=config.table.get("scoring", {}),
        risks=config.table.get("risks", {}) | top,
        plan=config.table.get("plan", {}),
        file=config.file,
        line=config.line,
    )


def _check_keys(config: ConfigFile) -> None:
    unknown = [key for key in config.table if key not in _KEYS]
    if unknown:
        listed = ", ".join(f"{key} (line {config.line((key,))})" for key in unknown)
        raise ConfigError(
            f"unknown key(s) in {config.section}: {listed}; known keys: {', '.join(sorted(_KEYS))}",
            path=config.file,
            line=config.line((unknown[0],)),
        )
    for key, value in config.table.items():
        spec = _KEYS[key]
        wrong = (
            not _fits(value, spec.kind)
            or (key in _LISTS_OF_TEXT and not _all_str(value))
            or (key == "depth" and value < 1)
            or (key == "jobs" and value < 0)
            or (key in ("max_file_size", "parse_timeout") and value < 1)
        )
        if wrong:
            raise ConfigError(
                f"{key} must be {spec.description}", path=config.file, line=config.line((key,))
            )


_CHECK_KEYS = {
    "no-new-cycles": "true or false",
    "frozen": "a list of unit names",
    "sealed": "a list of unit names",
    "max-fan-in": "a table of unit = largest fan-in",
    "max-score-drop": "a number of points out of 10",
}


def _check_rules(config: ConfigFile) -> CheckRules:
    table = config.table.get("check", {})
    unknown = sorted(set(table) - set(_CHECK_KEYS))
    if unknown:
        raise ConfigError(
            f"unknown key(s) in check: {', '.join(unknown)}; known: {', '.join(sorted(_CHECK_KEYS))}",
            path=config.file,
            line=config.line(("check", unknown[0])),
        )
    cycles, frozen = table.get("no-new-cycles", False), table.get("frozen", [])
    sealed = table.get("sealed", [])
    fan_in, drop = table.get("max-fan-in", {}), table.get("max-score-drop")
    valid = {
        "no-new-cycles": isinstance(cycles, bool),
        "frozen": isinstance(frozen, list) and _all_str(frozen),
        "sealed": isinstance(sealed, list) and _all_str(sealed),
        "max-fan-in": isinstance(fan_in, dict)
        and all(_fits(v, int) and v >= 0 for v in fan_in.values()),
        "max-score-drop": drop is None or ((_fits(drop, float) or _fits(drop, int)) and drop >= 0),
    }
    for key, ok in valid.items():
        if not ok:
            raise ConfigError(
                f"check.{key} must be {_CHECK_KEYS[key]}",
                path=config.file,
                line=config.line(("check", key)),
            )
    return CheckRules(
        no_new_cycles=cycles,
        frozen=tuple(frozen),
        sealed=tuple(sorted(set(sealed))),
        max_fan_in=tuple(sorted(fan_in.items())),
        max_score_drop=None if drop is None else float(drop),
    )


def _units(config: ConfigFile) -> tuple[UnitSpec, ...]:
    found = []
    for name, globs in config.table.get("units", {}).items():
        if (
            not isinstance(globs, list)
            or not globs
            or not _all_str(globs)
            or not all(g.strip() for g in globs)
        ):
            raise ConfigError(
                f'units.{name} must be a list of path globs below PATH, e.g. ["cli/**"]',
                path=config.file,
                line=config.line(("units", name)),
            )
        found.append(UnitSpec(name, tuple(globs), config.line(("units", name))))
    return tuple(found)


def _teams(config: ConfigFile) -> tuple[tuple[str, tuple[str, ...]], ...]:
    teams = config.table.get("teams", {})
    for team, members in teams.items():
        if not isinstance(members, list) or not _all_str(members):
            raise ConfigError(
                f"teams.{team} must be a list of author emails or names",
                path=config.file,
                line=config.line(("teams", team)),
            )
    return tuple((team, tuple(members)) for team, members in sorted(teams.items()))


def _fits(value: object, expected: type) -> bool:
    # bool is an int in Python; a `depth = true` is still a mistake.
    return isinstance(value, expected) and not (expected is int and isinstance(value, bool))


def _all_str(values: list[Any]) -> bool:
    return all(isinstance(item, str) for item in values)


def _out_dir(flags: Flags, config: ConfigFile | None, cwd: Path, root: Path) -> Path:
    if flags.out is not None:
        return (cwd / flags.out).resolve()
    if config and "out" in config.table:
        return (config.file.parent / str(config.table["out"])).resolve()
    return (root / str(_KEYS["out"].default)).resolve()


_NO_FILE = {
    "metrics": "pass a TOML file of production metrics per unit",
    "history": "pass a file holding `git log --numstat` output",
    "coverage": "pass the coverage.xml or .coverage file to read",
}


def _input_files(config: ConfigFile | None, flags: Flags, cwd: Path) -> InputFiles:
    found: dict[str, Path] = {}
    for key in _INPUT_FILES:
        if config and key in config.table:
            file = (config.file.parent / config.table[key]).resolve()
            if not file.is_file():
                raise ConfigError(
                    f"{key} = {config.table[key]!r}: no such file next to {config.file.name}; "
                    "fix the path (it is relative to the config file) or remove the key",
                    path=config.file,
                    line=config.line((key,)),
                )
            found[key] = file
    for key, given in (
        ("metrics", flags.metrics),
        ("history", flags.history),
        ("coverage", flags.coverage),
    ):
        if given is not None:
            if not (cwd / given).is_file():
                raise InputError(f"no such file; {_NO_FILE[key]}", path=given)
            found[key] = (cwd / given).resolve()
    return InputFiles(**found)
