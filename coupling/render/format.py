"""Number and text formatting shared by every renderer: fixed, so output is byte-stable."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tabulate import tabulate

from coupling.records import KernelReason
from coupling.records.words import count, plural

if TYPE_CHECKING:
    from coupling.records import UnitStats

__all__ = ["count", "plural"]


def ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


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


def name(text: str) -> str:
    """A unit or module name outside a code span: `__init__` must not turn into bold "init"."""
    return re.sub(r"([_*`\\])", r"\\\1", text)


def where(file: str, line: int | None = None) -> str:
    """`file:line`, escaped: paths such as pkg/__init__.py hold markdown's own characters."""
    return name(f"{file}:{line}" if line else file)


def bold(text: str) -> str:
    return f"**{name(text)}**"


def listing(names: list[str], limit: int = 8) -> str:
    """ "a, b and c", or the first `limit` and how many more: a group can hold hundreds of units."""
    shown = [bold(n) for n in names[:limit]]
    if len(names) > limit:
        return ", ".join(shown) + f" and {len(names) - limit} more"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def isolated(fan_in: int, fan_out: int) -> bool:
    """No imports either way: instability and distance mean nothing for such a unit."""
    return fan_in + fan_out == 0


def role(unit: UnitStats) -> str:
    """The unit's role as every output prints it ("shared kernel (configured)" when the config
    names it)."""
    configured = unit.shared_kernel is KernelReason.CONFIGURED
    return f"{unit.role.value} (configured)" if configured else unit.role.value
