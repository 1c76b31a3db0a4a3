"""The first lines of every report: what evidence the analysis had, what it lacked, where the
units come from, and what the figures mean for a codebase without endpoints or models; and
the roles the report uses, each defined once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coupling.records import Role
from coupling.render.format import count, name, plural

if TYPE_CHECKING:
    from coupling.records import Sources

ROLE_MEANINGS = {
    Role.LEAF: "nothing imports it; it imports other units",
    Role.HUB: "many units import it, at least twice as often as the typical unit",
    Role.CORE: "imported and importing: in the middle of the graph",
    Role.ISOLATED: "no import either way",
    Role.SHARED_KERNEL: "most units import it and it imports almost nothing back: a library to "
    "publish, not a service",
    Role.FACADE: "the scanned package's own `__init__`: its public face, not a unit to extract",
    Role.ENTRY: "an entry point (`__main__`, `manage.py`…): it starts the program",
    Role.SHIM: "only re-exports names from elsewhere",
    Role.MIGRATIONS: "database migrations: evidence of the data model, not a service",
    Role.VENDORED: "a copy of third-party code",
    Role.GENERATED: "code written by a generator",
    Role.EMPTY: "a package with no code",
    Role.TEST_SUPPORT: "helpers for the test suite (fixtures, factories, base test cases): they "
    "go with the tests, not into a service",
}


def evidence_section(sources: Sources, meaning: str = "") -> str:
    """What was read, what was not, and (for a library or CLI) what the figures then mean."""
    read, missing = _read_and_missing(sources)
    lines = [f"**Evidence.** Read: {' · '.join(read)}."]
    if missing:
        lines.append(f"Not available, so not assessed: {' · '.join(missing)}.")
    lines.append(f"Units: {name(sources.units_from)}.")
    if sources.library:
        lines.append(
            "No HTTP endpoint and no ORM model: this reads as a **library or a CLI tool**, "
            "not a service monolith." + (f" {meaning}" if meaning else "")
        )
    return "\n".join(lines)


def roles_section(roles: set[Role]) -> str:
    """Each role the report uses, defined once."""
    rows = [f"- **{role.value}**: {text}" for role, text in ROLE_MEANINGS.items() if role in roles]
    return "**Roles**\n\n" + "\n".join(rows) if rows else ""


def _read_and_missing(sources: Sources) -> tuple[list[str], list[str]]:
    read = [plural(sources.import_statements, "import statement")]
    missing = []
    if sources.models:
        read.append(plural(sources.models, "ORM model"))
    else:
        missing.append("ORM models: none found")
    if sources.sql:
        read.append(f"{count(sources.sql)} SQL strings naming tables")
    if sources.endpoints:
        read.append(plural(sources.endpoints, "HTTP endpoint"))
    else:
        missing.append("HTTP endpoints: none found")
    for label, source, hint in (
        ("git history", sources.history, sources.history_note or "no git repository, no --history"),
        ("CODEOWNERS", sources.codeowners, "none found"),
        ("line coverage", sources.coverage, "no --coverage file"),
        ("production metrics", sources.metrics, "no --metrics file"),
    ):
        if source:
            read.append(f"{label} (`{source}`)")
        else:
            missing.append(f"{label}: {hint}")
    return read, missing
