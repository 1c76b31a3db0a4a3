"""Text helpers of the plan's markdown: prose that keeps its code spans, names in code, counts
in short."""

from __future__ import annotations

import re

from coupling.records.words import compact
from coupling.render.format import name, where

__all__ = ["at", "code", "compact", "places", "prose"]

_CODE = re.compile(r"(`[^`]*`)")


def prose(text: str) -> str:
    """Text with markdown's characters escaped outside its `code spans`, which stay as they are."""
    return "".join(
        part if part.startswith("`") and part.endswith("`") and len(part) > 1 else name(part)
        for part in _CODE.split(text)
    )


def code(text: str) -> str:
    return f"`{text}`"


def at(file: str, line: int) -> str:
    return where(file, line)


def places(found: tuple[tuple[str, int], ...], limit: int = 3) -> str:
    """ "file:line, file:line and 4 more"."""
    shown = ", ".join(at(file, line) for file, line in found[:limit])
    return shown + (f" and {len(found) - limit} more" if len(found) > limit else "")
