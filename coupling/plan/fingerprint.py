"""A plan's facts as one digest, without line numbers: `coupling check` finds a committed plan
stale when its facts change, and (like every other report) not when code only moves."""

from __future__ import annotations

import hashlib
import json
import re
from typing import TYPE_CHECKING, Any

from coupling.cache.codec import to_data

if TYPE_CHECKING:
    from coupling.records import Plan

_PLACE = re.compile(r"(\.py):\d+")
_LINES = {"line", "end_line"}


def fingerprint(plan: Plan) -> str:
    data = json.dumps(_without_lines(to_data(plan)), sort_keys=True, ensure_ascii=False)
    return hashlib.blake2b(data.encode(), digest_size=8).hexdigest()


def _without_lines(value: Any) -> Any:
    """Line fields dropped, `file.py:12` cut to `file.py`, a (file, line) pair to its file."""
    if isinstance(value, dict):
        return {k: _without_lines(v) for k, v in value.items() if k not in _LINES}
    if isinstance(value, list):
        pair = len(value) == 2 and isinstance(value[0], str) and type(value[1]) is int
        if pair and value[0].endswith(".py"):
            return value[0]
        return [_without_lines(item) for item in value]
    if isinstance(value, str):
        return _PLACE.sub(r"\1", value)
    return value
