"""dependency-matrix.md, the import sections: the matrix, each unit's figures, the cycles and the
imports that close them, shared kernels, the enclosing package, third-party packages."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from coupling.render.evidence import roles_section
from coupling.render.format import (
    bold,
    count,
    isolated,
    name,
    plural,
    ratio,
    role,
    table,
    where,
)

if TYPE_CHECKING:
    from coupling.records import Cycle, Hop, ImportCoupling, ImportSite, Project

MAX_MATRIX_UNITS = 40  # wider than this a markdown matrix stops being readable


def matrix_section(imports: ImportCoupling) -> str:
    cells = {(d.importer, d.imported): d.imports for d in imports.dependencies}
    shown = list(imports.order)
    note = ""
    if len(shown) > MAX_MATRIX_UNITS:
        busiest = sorted(imports.units, key=lambda u: (-(u.fan_in + u.fan_out), u.name))[
            :MAX_MATRIX_UNITS
        ]
        keep = {u.name for u in busiest}
        shown = [name for name in shown if name in keep]
        note = (
            f"\n\nShowing the {MAX_MATRIX_UNITS} most coupled of {len(imports.order)} units; "
            "coupling.json holds the full matrix."
        )
    stats = {u.name: u for u in imports.units}
    rows = [
        [bold(row)]
        + [
            "–" if row == col else (count(cells[row, col]) if (row, col) in cells else "·")
            for col in shown
        ]
        + [count(stats[row].fan_out)]
        for row in shown
    ]
    rows.append(["**fan-in**", *(count(stats[col].fan_in) for col in shown), ""])
    body = table(
        ["imports →", *(name(c) for c in shown), "fan-out"],
        rows,
        ["left", *["right"] * (len(shown) + 1)],
    )
    return (
        "## Matrix\n\n"
        "Levelised order: each unit appears above the units it imports, so a number below the "
        "diagonal closes a cycle. A cell counts import statements, and the references by name "
        "that resolve to a module of the other unit (`import_module`, loaders such as "
        "`get_class`, dotted paths in settings: see Dynamic imports). `·` means none.\n\n"
        + body
        + note
    )


def per_unit_section(imports: ImportCoupling) -> str:
    rows = [
        [
            bold(u.name),
            count(u.modules),
            count(u.lines),
            count(u.fan_in),
            count(u.fan_out),
            count(u.ca),
            count(u.ce),
            "–" if isolated(u.fan_in, u.fan_out) else ratio(u.instability),
            ratio(u.abstractness),
            "–" if isolated(u.fan_in, u.fan_out) else ratio(u.distance),
            ratio(u.cohesion),
            role(u),
        ]
        for u in sorted(imports.units, key=lambda u: u.name)
    ]
    headers = [
        "unit",
        "modules",
        "lines",
        "fan-in",
        "fan-out",
        "Ca",
        "Ce",
        "I",
        "A",
        "D",
        "cohesion",
        "role",
    ]
    body = table(headers, rows, ["left", *["right"] * 10, "left"])
    return (
        "## Coupling per unit\n\n" + body + "\n\n" + roles_section({u.role for u in imports.units})
    )


def cycles_section(imports: ImportCoupling) -> str:
    if not imports.groups:
        return "## Cycles\n\nNone: the units form a directed acyclic graph, so any order of extraction that takes dependencies first is possible."
    parts = ["## Cycles"]
    for number, group in enumerate(imports.groups, 1):
        cycles = [c for c in imports.cycles if set(c.units) <= set(group)]
        members = list(group) if len(group) <= 12 else [*group[:12], f"{len(group) - 12} more"]
        parts.append(f"### Group {number}: {name(', '.join(members))}")
        rows = [
            [
                str(i),
                _cycle_path(c),
                "yes" if all(h.at_import_time for h in c.hops) else "no",
                _weakest(c),
            ]
            for i, c in enumerate(cycles, 1)
        ]
        parts.append(table(["#", "cycle", "at import time", "cheapest hop to cut"], rows))
        if cycles:
            parts.append(_hops_details(cycles))
    parts.append(
        "*At import time*: every hop has an import at module level, outside `if TYPE_CHECKING:`, "
        "so loading either side loads the other. A cycle closed only by imports inside functions "
        "or for type checking still ties the units together, but is cut by moving those imports."
    )
    if not imports.cycles_complete:
        parts.append(
            "Big groups list a selection (the shortest cycle through their lightest imports), and "
            "listings stop at `[rules.cycles]` max_listed and max_length (defaults in "
            "`rules/analysis.toml`); the groups themselves are complete."
        )
    parts.append(breakers_section(imports))
    return "\n\n".join(parts)


def _cycle_path(cycle: Cycle) -> str:
    return " → ".join(name(unit) for unit in (*cycle.units, cycle.units[0]))


def _hops_details(cycles: list[Cycle]) -> str:
    """Each hop of the group's cycles once, with its evidence, folded away: the table above
    stays one line per cycle."""
    hops: dict[tuple[str, str], Hop] = {}
    numbers: dict[tuple[str, str], list[int]] = defaultdict(list)
    for number, cycle in enumerate(cycles, 1):
        for hop in cycle.hops:
            hops.setdefault((hop.importer, hop.imported), hop)
            numbers[hop.importer, hop.imported].append(number)
    rows = [
        [
            f"{name(hop.importer)} → {name(hop.imported)}",
            count(hop.imports),
            f"`{hop.via[0]}`" + (f" +{len(hop.via) - 1}" if len(hop.via) > 1 else ""),
            where(hop.sample.file, hop.sample.line),
            "yes" if hop.at_import_time else "no (only in functions, TYPE_CHECKING or by name)",
            _numbers(numbers[key]),
        ]
        for key, hop in sorted(hops.items())
    ]
    return (
        f"<details><summary>The {plural(len(hops), 'hop')} of these cycles, with their "
        "evidence</summary>\n\n"
        + table(
            [
                "hop",
                "imports",
                "busiest importing module",
                "first import",
                "at import time",
                "in cycles",
            ],
            rows,
            ["left", "right", "left", "left", "left", "left"],
        )
        + "\n\n</details>"
    )


def _numbers(numbers: list[int], limit: int = 12) -> str:
    shown = ", ".join(map(str, numbers[:limit]))
    return shown + (f" +{len(numbers) - limit}" if len(numbers) > limit else "")


def _weakest(cycle: Cycle) -> str:
    hop = min(cycle.hops, key=lambda h: (h.imports, h.importer))
    return f"{name(hop.importer)} → {name(hop.imported)} ({plural(hop.imports, 'import')})"


def _kind(site: ImportSite) -> str:
    if site.by_name:
        return "by name"
    return (
        "TYPE_CHECKING"
        if site.type_checking
        else ("in a function" if site.in_function else "module level")
    )


def breakers_section(imports: ImportCoupling) -> str:
    if not imports.breakers:
        return ""
    rows = [
        [
            f"`{b.importer}` → `{b.imported}`",
            count(len({(e.file, e.line) for e in b.sites})),
            ", ".join(f"{where(e.file, e.line)} ({_kind(e)})" for e in b.sites),
        ]
        for b in imports.breakers
    ]
    return (
        "### Imports to cut\n\n"
        f"Removing these {plural(len(imports.breakers), 'module import')} leaves the units "
        "without cycles (an approximately minimal set, nominated by grimp):\n\n"
        + table(["import", "statements", "where (kind)"], rows)
    )


def shared_section(imports: ImportCoupling) -> str:
    kernels = [u for u in imports.units if u.shared_kernel]
    if not kernels:
        return "## Shared utilities\n\nNo unit is imported by most others while importing almost nothing back."
    rows = [
        [bold(u.name), count(u.ca), count(u.fan_in), count(u.fan_out), u.shared_kernel]
        for u in kernels
    ]
    return (
        "## Shared utilities\n\n"
        "Shared kernels: most units import them and they import almost nothing back. Publish them "
        "as a versioned library that every extracted service depends on; do not extract them as "
        "services.\n\n"
        + table(["unit", "imported by (units)", "fan-in", "fan-out", "how known"], rows)
    )


def third_party_section(imports: ImportCoupling) -> str:
    users: dict[str, set[str]] = defaultdict(set)
    for unit in imports.units:
        for package in unit.third_party:
            users[package].add(unit.name)
    rows = [
        [
            bold(u.name),
            ", ".join(u.third_party) or "–",
            ", ".join(p for p in u.third_party if users[p] == {u.name}) or "–",
        ]
        for u in sorted(imports.units, key=lambda u: u.name)
    ]
    return (
        "## Third-party packages per unit\n\n"
        "Packages used by one unit alone hint at a distinct resource profile.\n\n"
        + table(["unit", "imports", "used by this unit only"], rows)
    )


def outside_section(project: Project, imports: ImportCoupling) -> str:
    if not project.package:
        return ""
    rows = [[bold(u.name), count(u.outside_imports)] for u in imports.units if u.outside_imports]
    if not rows:
        return f"## Outside `{project.scan_path}`\n\nNo unit imports the rest of `{project.package.split('.')[0]}`."
    return (
        f"## Outside `{project.scan_path}`\n\n"
        f"Imports of the rest of the enclosing package `{project.package.split('.')[0]}`: "
        "dependencies any extraction must carry along or replace.\n\n"
        + table(["unit", "import statements"], rows, ["left", "right"])
    )
