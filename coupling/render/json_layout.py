"""JSON laid out for people and for diffs: indented where it helps a reader, one line per
leaf record."""

from __future__ import annotations

import json
from typing import Any

# One encoder for every leaf: json.dumps with options builds a new one per call.
_LEAF = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


def readable_json(value: object, level: int = 0) -> str:
    """Indented where it helps a reader, one line per leaf record (an import, a unit's list of
    packages, a matrix row): readable diffs, and the C encoder does the bulk of the work."""
    if not isinstance(value, dict | list) or not value or _is_leaf(value, level):
        return _LEAF(value)
    pad = "  " * (level + 1)
    if isinstance(value, dict):
        items = [
            f"{pad}{_LEAF(key)}: {readable_json(item, level + 1)}" for key, item in value.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + "  " * level + "}"
    return (
        "[\n"
        + ",\n".join(pad + readable_json(item, level + 1) for item in value)
        + "\n"
        + "  " * level
        + "]"
    )


def _is_leaf(value: dict[str, Any] | list[Any], level: int) -> bool:
    if isinstance(value, list):
        return all(map(_is_scalar, value))
    flat = all(
        _is_scalar(item) or (isinstance(item, list) and all(map(_is_scalar, item)))
        for item in value.values()
    )
    return (flat and level >= 3) or level >= 5


def _is_scalar(value: object) -> bool:
    return not isinstance(value, dict | list)
