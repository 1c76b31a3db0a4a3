"""Config files: `coupling.toml`, or `[tool.coupling]` in pyproject.toml, found by walking up
from PATH (as ruff and black do), read, parsed, and able to say on which line a key is set."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coupling.errors import ConfigError

Keys = tuple[str, ...]

_BARE = r"[A-Za-z0-9_-]+"
_QUOTED = r"\"(?:[^\"\\]|\\.)*\"|'[^']*'"
_KEY = rf"(?:{_BARE}|{_QUOTED})(?:\s*\.\s*(?:{_BARE}|{_QUOTED}))*"
_HEADER = re.compile(rf"^\s*\[\[?\s*({_KEY})\s*\]\]?")
_ASSIGNMENT = re.compile(rf"^\s*({_KEY})\s*=")
_PART = re.compile(rf"{_BARE}|{_QUOTED}")


@dataclass(frozen=True)
class ConfigFile:
    file: Path
    text: str
    table: dict[str, Any]  # coupling's own table: the whole file, or [tool.coupling]
    section: str  # how the user names the table, for messages
    prefix: Keys  # where coupling's table starts in the file: (), or ("tool", "coupling")

    def line(self, keys: Keys) -> int | None:
        """The line that sets the dotted key `keys` of coupling's table."""
        return key_line(self.text, (*self.prefix, *keys))


def find_config(start: Path) -> ConfigFile | None:
    """The nearest config at or above `start`; coupling.toml wins over pyproject.toml."""
    for folder in (start, *start.parents):
        own = folder / "coupling.toml"
        if own.is_file():
            text = _read(own)
            return ConfigFile(own, text, _parse(own, text), "coupling.toml", ())
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            text = _read(pyproject)
            table = _parse(pyproject, text).get("tool", {}).get("coupling")
            if table is not None:
                if not isinstance(table, dict):
                    raise ConfigError("[tool.coupling] must be a table", path=pyproject)
                return ConfigFile(pyproject, text, table, "[tool.coupling]", ("tool", "coupling"))
    return None


def key_line(text: str, keys: Keys) -> int | None:
    """The line where `keys` is set in TOML `text`: its table header or its assignment (or the
    assignment of an inline table holding it); else the line of its nearest enclosing table."""
    table: Keys = ()
    best: tuple[int, int] | None = None  # (keys matched, line)
    for number, line in enumerate(text.splitlines(), 1):
        if header := _HEADER.match(line):
            table = _parts(header.group(1))
            key = table
        elif assignment := _ASSIGNMENT.match(line):
            key = (*table, *_parts(assignment.group(1)))
        else:
            continue
        if key == keys:
            return number
        matched = len(key) if keys[: len(key)] == key else 0
        if matched and (best is None or matched > best[0]):
            best = (matched, number)
    return best[1] if best else None


def _parts(dotted: str) -> Keys:
    return tuple(part[1:-1] if part[:1] in "\"'" else part for part in _PART.findall(dotted))


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
