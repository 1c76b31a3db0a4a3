"""dependency-matrix.md, modules named in strings: what the import matrix cannot show."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coupling.render.format import plural, table, where

if TYPE_CHECKING:
    from coupling.records import RuntimeLinks

MAX_LISTED = 100  # dynamic imports listed: beyond this the JSON has the rest


def dynamic_section(runtime: RuntimeLinks) -> str:
    resolved = [d for d in runtime.dynamic if d.imported]
    blind = [d for d in runtime.dynamic if not d.imported]
    if not runtime.dynamic:
        return "## Dynamic imports\n\nNo module named in a string (importlib, settings lists, task names, entry points)."
    rows = [
        [
            d.source_unit,
            d.kind,
            f"`{d.target}`",
            d.target_unit + (" (same unit)" if d.target_unit == d.source_unit else ""),
            where(d.file, d.line),
        ]
        for d in resolved[:MAX_LISTED]
    ]
    parts = [
        "## Dynamic imports",
        "Modules named in strings. Those that reach another unit count in the matrix as "
        "references by name; no import error reveals them, so an extraction must find and "
        "replace them by hand.",
    ]
    if rows:
        parts.append(table(["unit", "kind", "names", "reaches", "where"], rows))
    if blind:
        listed = ", ".join(where(d.file, d.line) for d in blind[:10])
        parts.append(
            f"{plural(len(blind), 'dynamic import')} with a computed name cannot be followed statically: {listed}."
        )
    return "\n\n".join(parts)
