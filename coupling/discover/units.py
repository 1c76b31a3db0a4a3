"""Which unit each file belongs to: the user's `[units]` globs; else the modules a `tach.toml`
or import-linter contracts already name; else the dotted names `--depth` levels below PATH.

Units are what a maintainer calls the parts, and teams that enforce boundaries with tach or
import-linter have already said what theirs are.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coupling.errors import ConfigError
from coupling.records import UnitSpec

if TYPE_CHECKING:
    from coupling.records import Settings

ROOT_UNIT = "__init__"  # the scanned package's own __init__.py, when PATH is a package
_TACH_FILE = "tach.toml"
_IMPORT_LINTER_FILES = (".importlinter", "setup.cfg", "pyproject.toml")
UNIT_CONFIGS = frozenset({_TACH_FILE, *_IMPORT_LINTER_FILES})  # files that may name the units


@dataclass(frozen=True)
class UnitMap:
    """How files get their unit."""

    source: str  # for the reports: "depth 1 below PATH", "[units] in coupling.toml", …
    globs: tuple[tuple[UnitSpec, tuple[re.Pattern[str], ...]], ...] = ()
    modules: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (unit, dotted path with * parts)
    depth: int = 1

    def unit_of(self, below: str, module: str, parts: list[str]) -> str:
        """The unit of the file at `below` (its path below PATH), module `module` whose dotted
        parts below PATH are `parts`."""
        for spec, patterns in self.globs:
            if any(pattern.fullmatch(below) for pattern in patterns):
                return spec.name
        if self.modules:
            dotted = module.split(".")
            longest = next(
                (n for n in range(len(dotted), 0, -1) if tuple(dotted[:n]) in self._exact), 0
            )
            longest = max([longest, *(_matched(dotted, path) for path in self._wildcards)])
            if longest:
                return _relative(".".join(dotted[:longest]), module, parts)
        return ".".join(parts[: self.depth]) if parts else ROOT_UNIT

    @cached_property
    def _exact(self) -> frozenset[tuple[str, ...]]:
        """The named dotted paths without `*`: found by lookup, not by trying each."""
        return frozenset(path for _unit, path in self.modules if "*" not in path)

    @cached_property
    def _wildcards(self) -> tuple[tuple[str, ...], ...]:
        return tuple(path for _unit, path in self.modules if "*" in path)


def unit_map(settings: Settings, modules: set[str]) -> UnitMap:
    """The units as the user (or tach, or import-linter) defined them, else by depth.
    `modules` are the scanned modules' dotted names: a tach or import-linter config is used
    when at least two of the modules it names are among them."""
    if settings.units:
        name = settings.config_file.name if settings.config_file else "the config"
        globs = tuple((spec, tuple(map(_glob, spec.globs))) for spec in settings.units)
        return UnitMap(f"[units] in {name}", globs=globs, depth=settings.depth)
    if not settings.depth_given:
        for found in (_tach(settings.path), _import_linter(settings.path)):
            if found is not None and _matching(found.modules, modules) >= 2:
                return found
    return UnitMap(f"depth {settings.depth} below PATH", depth=settings.depth)


def claims_of(unit_map: UnitMap, below: str) -> list[str]:
    """Every `[units]` entry whose globs match the file (two are an error)."""
    return [
        spec.name
        for spec, patterns in unit_map.globs
        if any(pattern.fullmatch(below) for pattern in patterns)
    ]


def _matching(named: tuple[tuple[str, tuple[str, ...]], ...], modules: set[str]) -> int:
    """How many of the named modules are scanned (else the config speaks of other code)."""
    return sum(1 for _unit, path in named if any(_matched_prefix(m, path) for m in modules))


def _matched_prefix(module: str, path: tuple[str, ...]) -> str:
    """The part of `module` that `path` (dotted parts, `*` for any one) names; "" if none."""
    dotted = module.split(".")
    return ".".join(dotted[: _matched(dotted, path)])


def _matched(dotted: list[str], path: tuple[str, ...]) -> int:
    """How many leading parts of a module's `dotted` name `path` names; 0 if it names none."""
    if len(dotted) < len(path):
        return 0
    for part, wanted in zip(dotted, path, strict=False):
        if wanted not in (part, "*"):
            return 0
    return len(path)


def _relative(module: str, full: str, parts: list[str]) -> str:
    """A unit named by its dotted path below PATH (`httpie.cli` → `cli` when PATH is httpie)."""
    dropped = len(full.split(".")) - len(parts)
    below = module.split(".")[dropped:]
    return ".".join(below) if below else ROOT_UNIT


def _glob(pattern: str) -> re.Pattern[str]:
    """A path glob below PATH: `*` within a folder name, `**` across folders; a folder (`cli`,
    `cli/`) means everything below it."""
    text = pattern.strip().strip("/")
    out = []
    index = 0
    while index < len(text):
        if text.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        char = text[index]
        out.append("[^/]*" if char == "*" else "[^/]" if char == "?" else re.escape(char))
        index += 1
    return re.compile("".join(out) + "(?:/.*)?")


def _tach(start: Path) -> UnitMap | None:
    file = _nearest(start, (_TACH_FILE,))
    if file is None:
        return None
    document = _toml(file)
    modules = document.get("modules", [])
    if not isinstance(modules, list):
        raise ConfigError(
            "`modules` must be a list of [[modules]] tables; fix tach.toml", path=file
        )
    found = []
    for entry in modules:
        paths = entry.get("paths", [entry.get("path")]) if isinstance(entry, dict) else [None]
        named = [p for p in paths if isinstance(p, str) and p]
        if not named or len(named) != len(paths):
            raise ConfigError(
                "each [[modules]] entry needs a `path` (a dotted module name); fix tach.toml",
                path=file,
            )
        found += [(path, tuple(path.split("."))) for path in named if path != "<root>"]
    return UnitMap(f"tach.toml ({file.name}: {len(found)} modules)", modules=tuple(found))


def _import_linter(start: Path) -> UnitMap | None:
    for file in _nearest_all(start, _IMPORT_LINTER_FILES):
        contracts = _contracts(file)
        if contracts is None:
            continue
        names = sorted({name for contract in contracts for name in _contract_modules(contract)})
        return UnitMap(
            f"import-linter contracts in {file.name} ({len(names)} modules)",
            modules=tuple((name, tuple(name.split("."))) for name in names),
        )
    return None


def _contracts(file: Path) -> list[dict[str, Any]] | None:
    """The import-linter contracts of `file`; None when it holds none."""
    if file.suffix == ".toml":
        section = _toml(file).get("tool", {}).get("importlinter")
        if not isinstance(section, dict):
            return None
        contracts = section.get("contracts", [])
        if not isinstance(contracts, list) or not all(isinstance(c, dict) for c in contracts):
            raise ConfigError(
                "[[tool.importlinter.contracts]] must be tables; fix the file", path=file
            )
        return contracts
    import configparser  # here: only an import-linter config in an .ini file needs it

    parser = configparser.ConfigParser()
    try:
        parser.read_string(file.read_text(encoding="utf-8"), source=str(file))
    except (OSError, UnicodeDecodeError, configparser.Error) as exc:
        raise ConfigError(
            f"cannot read import-linter config: {_first_line(exc)}", path=file
        ) from exc
    found = [
        {key: _ini_list(value) if "\n" in value else value for key, value in parser[s].items()}
        for s in parser.sections()
        if s.startswith("importlinter:contract:")
    ]
    return found or None


def _contract_modules(contract: dict[str, Any]) -> list[str]:
    """The modules a layers or independence contract names, containers applied."""
    kind = contract.get("type")
    if kind == "layers":
        layers = _listed(contract.get("layers"))
        containers = _listed(contract.get("containers")) or [""]
        names = [
            cleaned
            for layer in layers
            for part in re.split(r"[|:]", layer)
            if (cleaned := part.strip().strip("()").strip())
        ]
        return [f"{c}.{name}" if c else name for c in containers for name in names]
    if kind == "independence":
        return [name.strip() for name in _listed(contract.get("modules")) if name.strip()]
    return []


def _listed(value: object) -> list[str]:
    if isinstance(value, str):
        return _ini_list(value)
    return [str(item) for item in value] if isinstance(value, list) else []


def _ini_list(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def _toml(file: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(file.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+)", str(exc))
        raise ConfigError(
            f"invalid TOML: {_first_line(exc)}; fix the file",
            path=file,
            line=int(found.group(1)) if found else None,
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {_first_line(exc)}", path=file) from exc


def _first_line(error: Exception) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def _nearest(start: Path, names: tuple[str, ...]) -> Path | None:
    return next(iter(_nearest_all(start, names)), None)


def _nearest_all(start: Path, names: tuple[str, ...]) -> list[Path]:
    """Files with these names in `start` and the folders above it, up to the repository root."""
    found = []
    for folder in (start, *start.parents):
        found += [folder / name for name in names if (folder / name).is_file()]
        if (folder / ".git").exists():
            break
    return found
