"""Committed plans (<reports>/plans/UNIT.md) against the code: a plan is stale when the
digest of its facts, on its last line, is not the digest of a fresh plan's (lines left out,
as for every report)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from coupling.records import PLAN_STAMP, CheckRule, Problem

_STAMP = re.compile(
    re.escape(PLAN_STAMP)
    .replace(r"\{unit\}", r"(?P<unit>\S+)")
    .replace(r"\{facts\}", r"(?P<facts>[0-9a-f]+)")
)


def stamp_of(text: str) -> tuple[str, str] | None:
    """(unit, digest) from a plan's text; None when it has no stamp."""
    found = _STAMP.search(text)
    return (found["unit"], found["facts"]) if found else None


def stale_plans(
    now: Mapping[str, str], committed: Mapping[str, tuple[str, tuple[str, str] | None]]
) -> list[Problem]:
    """`committed`: each plan file (as shown) → the unit its name says (plans/UNIT.md) and its
    stamp; `now`: unit → the digest a fresh plan has ("" when none can be made)."""
    problems = []
    for shown, (unit, stamp) in sorted(committed.items()):
        fresh = now.get(unit, "")
        if not fresh:
            message = (
                f"no plan can be made for {unit} here (no such unit, or nothing to move): delete it"
            )
        elif stamp is None or stamp[0] != unit:
            message = (
                f"the plan of {unit} has no stamp of its facts on its last line: "
                f"rewrite it with `coupling plan {unit}`"
            )
        elif stamp[1] != fresh:
            message = f"the plan of {unit} is stale: its facts changed"
        else:
            continue
        problems.append(Problem(CheckRule.STALE, message, shown, 0))
    return problems


def plan_units(folder: Path) -> tuple[str, ...]:
    """The units whose plans are committed in `folder` (UNIT.md)."""
    return tuple(sorted(p.stem for p in folder.glob("*.md"))) if folder.is_dir() else ()


def committed_plans(folder: Path, root: Path) -> dict[str, tuple[str, tuple[str, str] | None]]:
    """Each committed plan (as shown, relative to `root`) → its unit and the stamp on its
    last line, if any."""
    found: dict[str, tuple[str, tuple[str, str] | None]] = {}
    for unit in plan_units(folder):
        path = folder / f"{unit}.md"
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            text = ""
        shown = path.relative_to(root) if path.is_relative_to(root) else path
        found[shown.as_posix()] = (unit, stamp_of(text))
    return found
