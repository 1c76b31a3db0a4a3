"""Owners of each scanned file by CODEOWNERS, as GitHub and GitLab read it.

GitHub: the last matching pattern wins; a matching pattern without owners leaves the file
unowned. GitLab adds sections (`[Name]`, `^[Optional]`, `[Name][2]`, with default owners after
the header): the last match wins within each section and a file's owners are those of every
section; entries before the first header form their own section; `!pattern` excludes files.
Patterns follow gitignore: anchored when a slash precedes the end, `dir/` for everything
below, `dir/*` for direct children only, `**` across folders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coupling.errors import InputError
from coupling.records import Ownership

if TYPE_CHECKING:
    from coupling.records import Project, Settings

# Where GitHub (and then GitLab) look, in their order.
LOCATIONS = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS")
_HEADER = re.compile(r"^\^?\[([^\]]+)\](?:\[\d+\])?\s*(.*)$")


@dataclass(frozen=True)
class Rule:
    section: str  # lower case; "" before the first header
    pattern: re.Pattern[str]
    owners: tuple[str, ...]
    exclude: bool = False


def read_owners(settings: Settings, project: Project) -> Ownership:
    """CODEOWNERS owners for every production file; Ownership("") when there is no file."""
    path = settings.inputs.codeowners or _find(settings.root)
    if path is None:
        return Ownership(source="")
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"cannot read CODEOWNERS: {exc.strerror or exc}", path=path) from exc
    # Patterns are relative to the repository root: the folder holding .github/ or docs/.
    base = path.parent.parent if path.parent.name in (".github", "docs", ".gitlab") else path.parent
    rules = parse(text)
    files = tuple(
        (file.rel, owners_of(rules, Path(file.path).relative_to(base).as_posix()))
        for file in project.files
        if not file.is_test and file.path.is_relative_to(base)
    )
    source = (
        path.relative_to(settings.root).as_posix()
        if path.is_relative_to(settings.root)
        else str(path)
    )
    return Ownership(source=source, files=files)


def _find(root: Path) -> Path | None:
    for folder in (root, *root.parents):
        for location in LOCATIONS:
            if (folder / location).is_file():
                return folder / location
        if (folder / ".git").exists():
            return None  # the repository root: look no higher
    return None


def parse(text: str) -> list[Rule]:
    rules: list[Rule] = []
    section = ""
    defaults: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if header := _HEADER.match(stripped):
            # Sections of the same name, in any case, are one section.
            section = header.group(1).strip().lower()
            defaults[section] = defaults.get(section) or tuple(_tokens(header.group(2)))
            continue
        pattern, *owners = _tokens(stripped)
        exclude = pattern.startswith("!")
        pattern = pattern.removeprefix("!")
        if not owners and not exclude:
            owners = list(defaults.get(section, ()))
        rules.append(Rule(section, compile_pattern(pattern), tuple(owners), exclude))
    return rules


def owners_of(rules: list[Rule], path: str) -> tuple[str, ...]:
    """Owners of `path` (relative to the repository root), in the order the file names them."""
    chosen: dict[str, tuple[str, ...]] = {}
    for rule in rules:  # later rules win
        if rule.pattern.match(path):
            chosen[rule.section] = () if rule.exclude else rule.owners
    owners: dict[str, None] = {}
    for section_owners in chosen.values():
        owners.update(dict.fromkeys(section_owners))
    return tuple(owners)


def _tokens(text: str) -> list[str]:
    """Whitespace-separated, `\\ ` kept inside a token, stopping at an inline `#` comment."""
    tokens = [token.replace("\0", " ") for token in text.replace("\\ ", "\0").split()]
    for index, token in enumerate(tokens):
        if token.startswith("#") and index > 0:
            return tokens[:index]
    return tokens


def compile_pattern(pattern: str) -> re.Pattern[str]:
    directory = pattern.endswith("/")
    anchored = "/" in pattern.rstrip("/")
    body = pattern.strip("/")
    regex = _translate(body)
    start = "^" if anchored else "^(?:.*/)?"
    if directory:
        end = "/.*$"
    elif body.endswith("/*"):
        end = "$"  # direct children only
    else:
        end = "(?:/.*)?$"  # the file, or everything in the folder of that name
    return re.compile(start + regex + end)


def _translate(glob: str) -> str:
    out, index = [], 0
    while index < len(glob):
        char = glob[index]
        if glob.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
            continue
        if glob.startswith("/**", index) and index + 3 == len(glob):
            out.append("(?:/.*)?")
            index += 3
            continue
        if glob.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "\\" and index + 1 < len(glob):
            index += 1
            out.append(re.escape(glob[index]))
        elif char == "[" and (close := glob.find("]", index + 1)) > index:
            out.append("[" + glob[index + 1 : close].replace("\\", "\\\\") + "]")
            index = close
        else:
            out.append(re.escape(char))
        index += 1
    return "".join(out)
