"""Numbers in words, shared by every stage that writes sentences."""

from __future__ import annotations


def count(value: int) -> str:
    return f"{value:,}"


def plural(value: int, word: str, many: str | None = None) -> str:
    return f"{count(value)} {word if value == 1 else (many or word + 's')}"


def compact(value: float) -> str:
    """45000 → 45k, 1250000 → 1.25M: a count read at a glance."""
    for limit, suffix in ((1_000_000, "M"), (1_000, "k")):
        if value >= limit:
            return f"{value / limit:.3g}{suffix}"
    return f"{value:g}"
