"""Section 2 of a plan: the endpoints that move, the unit's would-be API (what other units
import from it), and what it takes from the others (calls that become API clients), shared
kernels apart and collapsed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coupling.records import PlanKind
from coupling.render.format import name, plural, table
from coupling.render.plan.words import at, code

if TYPE_CHECKING:
    from coupling.records import ModuleNames, Plan, UnitNames


def api_section(plan: Plan, neighbours: str) -> str:
    api = plan.api
    title = "## 2. Library API" if plan.kind is PlanKind.LIBRARY else "## 2. API extraction"
    parts = [
        title,
        f"{name(plan.unit)} and the units it imports or is imported by (import statements on "
        "the edges):",
        neighbours,
        _endpoints(plan),
        "### Its would-be API: what other units import from it",
    ]
    if api.past_facade:
        parts.append(
            f"{plural(api.past_facade, 'import statement')} of other units reach past its facade "
            f"({', '.join(code(m) for m in api.facade) or 'none'}): `coupling seal {plan.unit}` "
            "routes them through it."
        )
    if api.contract:
        parts.append(
            "The contract to keep: one contract test per name. Each name once, with the import "
            "statements that take it."
        )
        parts.append(_contract(api.contract))
    else:
        parts.append(f"None: no other unit imports {name(plan.unit)}.")
    if api.named:
        parts.append(
            "Its modules other units name in strings (they break without an import error): "
            + ", ".join(f"{code(d.target)} ({at(d.file, d.line)})" for d in api.named)
        )
    parts.append(_uses(plan))
    return "\n\n".join(parts)


def _endpoints(plan: Plan) -> str:
    endpoints = plan.api.endpoints
    if not endpoints:
        return "### Endpoints that move\n\nNone: it serves no HTTP endpoint."
    rows = [
        [
            e.endpoint.method,
            code(e.endpoint.path),
            code(e.endpoint.handler),
            at(e.file, e.endpoint.line),
        ]
        for e in endpoints
    ]
    return f"### Endpoints that move ({len(endpoints)})\n\n" + table(
        ["method", "path", "handler", "where"], rows
    )


def names_text(module: ModuleNames) -> str:
    """ "Invoice ×3, Plan ×2, LineItem": each name once, its count when above one."""
    return ", ".join(
        f"{name(n.name)} ×{n.count}" if n.count > 1 else name(n.name) for n in module.names
    )


def _contract(modules: tuple[ModuleNames, ...]) -> str:
    rows = [[code(m.module), names_text(m), ", ".join(m.units), str(m.statements)] for m in modules]
    return table(
        ["module", "names", "imported by", "statements"],
        rows,
        ["left", "left", "left", "right"],
    )


def _uses(plan: Plan) -> str:
    api = plan.api
    parts = ["### What it takes from other units: calls that become API clients"]
    if api.uses:
        rows = [
            [name(u.unit) if k == 0 else "", code(m.module), names_text(m)]
            for u in api.uses
            for k, m in enumerate(u.modules)
        ]
        parts.append(table(["unit", "module", "names"], rows))
        if plan.data.reads or plan.data.writes:
            parts.append(
                "The ORM models among them are data, not calls: section 3 says how each is "
                "served (a read replica, views, or the owner's API for writes)."
            )
    else:
        parts.append("Nothing from another service.")
    parts += [kernel_block(k) for k in api.kernels]
    return "\n\n".join(parts)


def kernel_block(kernel: UnitNames) -> str:
    """A shared kernel's names, folded: a library to depend on, not calls to make."""
    names = sum(len(m.names) for m in kernel.modules)
    rows = [[code(m.module), names_text(m)] for m in kernel.modules]
    return (
        f"<details><summary>{name(kernel.unit)} (shared kernel, a library to depend on): "
        f"{plural(kernel.statements, 'import statement')}, {plural(names, 'name')} from "
        f"{plural(len(kernel.modules), 'module')}</summary>\n\n"
        + table(["module", "names"], rows)
        + "\n\n</details>"
    )
