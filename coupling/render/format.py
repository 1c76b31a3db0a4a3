"""Number and text formatting shared by every renderer: fixed, so output is byte-stable."""

from __future__ import annotations

from collections.abc import Sequence

from tabulate import tabulate


def count(value: int) -> str:
    return f"{value:,}"


def ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def plural(value: int, word: str, many: str | None = None) -> str:
    return f"{count(value)} {word if value == 1 else (many or word + 's')}"


def table(
    headers: Sequence[str], rows: Sequence[Sequence[object]], align: Sequence[str] | None = None
) -> str:
    """A GitHub-flavoured markdown table; cells are taken as already formatted text."""
    text_rows = [[str(cell).replace("|", "\\|") for cell in row] for row in rows]
    return tabulate(
        text_rows,
        headers=list(headers),
        tablefmt="github",
        disable_numparse=True,
        colalign=list(align) if align else None,
    )


def role(shared_kernel: str) -> str:
    return {"configured": "shared kernel (configured)", "detected": "shared kernel"}.get(
        shared_kernel, ""
    )
