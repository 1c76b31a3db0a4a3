"""dependency-matrix.md, what units offer each other: HTTP endpoints and public surfaces."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from coupling.render.format import bold, count, table, where

if TYPE_CHECKING:
    from coupling.records import Interfaces

MAX_LISTED = 100  # endpoints per unit: beyond this the JSON has the rest


def endpoints_section(interfaces: Interfaces) -> str:
    if not interfaces.endpoints:
        return (
            "## Endpoints\n\nNo HTTP endpoints found (FastAPI, Starlette, Flask or Django routes)."
        )
    by_unit: dict[str, list[str]] = defaultdict(list)
    rows_by_unit: dict[str, list[list[str]]] = defaultdict(list)
    for item in interfaces.endpoints:
        by_unit[item.unit].append(item.endpoint.path)
        rows_by_unit[item.unit].append(
            [
                item.endpoint.method,
                f"`{item.endpoint.path}`",
                f"`{item.endpoint.handler}`",
                where(item.file, item.endpoint.line),
            ]
        )
    summary = [
        [bold(unit), count(len(paths)), item_list(sorted(set(paths)))]
        for unit, paths in sorted(by_unit.items())
    ]
    parts = [
        "## Endpoints",
        table(["unit", "endpoints", "paths"], summary, ["left", "right", "left"]),
    ]
    for unit, rows in sorted(rows_by_unit.items()):
        note = (
            f"\n\n{count(len(rows) - MAX_LISTED)} more in coupling.json."
            if len(rows) > MAX_LISTED
            else ""
        )
        parts.append(
            f"### {unit}\n\n"
            + table(["method", "path", "handler", "where"], rows[:MAX_LISTED])
            + note
        )
    return "\n\n".join(parts)


def item_list(items: list[str], limit: int = 6) -> str:
    shown = ", ".join(f"`{item}`" for item in items[:limit])
    return shown + (f" +{len(items) - limit}" if len(items) > limit else "")


def surface_section(interfaces: Interfaces) -> str:
    if not interfaces.surfaces:
        return ""
    rows = [
        [
            bold(s.unit),
            count(s.incoming),
            f"{s.through_facade / s.incoming:.0%} ({count(s.through_facade)})"
            if s.incoming
            else "–",
            count(len(s.entries)),
            "<br>".join(
                f"`{e.module}` ({count(e.statements)}): {', '.join(e.names[:5])}{' …' if len(e.names) > 5 else ''}"
                for e in s.entries[:4]
            ),
        ]
        for s in interfaces.surfaces
    ]
    return (
        "## Public surface\n\n"
        "What other units import from each unit: the would-be API of a service. Imports through its "
        "facade (its `__init__` or an `api` module, see `rules/analysis.toml`) mean a clear boundary; "
        "imports of many inner modules mean others reach into its internals.\n\n"
        + table(
            [
                "unit",
                "imports from other units",
                "through facade",
                "modules reached",
                "most imported modules: names",
            ],
            rows,
            ["left", "right", "right", "right", "left"],
        )
    )
