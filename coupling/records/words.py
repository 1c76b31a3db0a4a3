"""Numbers in words, shared by every stage that writes sentences."""

from __future__ import annotations


def count(value: int) -> str:
    return f"{value:,}"


def plural(value: int, word: str, many: str | None = None) -> str:
    return f"{count(value)} {word if value == 1 else (many or word + 's')}"
