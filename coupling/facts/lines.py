"""Line counts from the bytes themselves: radon.raw takes minutes on some huge statements."""

from __future__ import annotations


def count_lines(source: bytes) -> tuple[int, int]:
    """(physical lines, lines that are neither blank nor only a comment)."""
    if not source:
        return 0, 0
    physical = source.splitlines()
    code = sum(1 for line in physical if (text := line.strip()) and not text.startswith(b"#"))
    return len(physical), code
