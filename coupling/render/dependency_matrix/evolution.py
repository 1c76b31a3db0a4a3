"""dependency-matrix.md, evolution: ownership (CODEOWNERS and commits), change coupling and
hotspots."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coupling.render.format import bold, count, listing, name, plural, table, where

if TYPE_CHECKING:
    from coupling.records import Evolution, UnitHistory, UnitOwners, UnitPair


def history_highlights(evolution: Evolution) -> list[str]:
    points = []
    single = [o.unit for o in evolution.owners if len(o.owners) == 1 and not o.unowned]
    if single:
        owner = {o.unit: o.owners[0].owner for o in evolution.owners}
        points.append(
            "Single-team ownership: "
            + ", ".join(f"{bold(unit)} ({name(owner[unit])})" for unit in single)
            + " by CODEOWNERS."
        )
    for pair in _hidden(evolution):
        points.append(
            f"{bold(pair.first)} and {bold(pair.second)} change together ({plural(pair.shared_commits, 'commit')}, "
            f"{pair.degree or 0:.0%}) but neither imports the other: hidden coupling."
        )
    return points


def _hidden(evolution: Evolution) -> list[UnitPair]:
    return [p for p in evolution.pairs if p.label == "co-changes only"]


def history_section(evolution: Evolution) -> str:
    history = evolution.history
    parts = ["## Ownership and history"]
    if history.source:
        parts.append(_history_scope(evolution))
    else:
        parts.append(
            f"History: not available ({history.note}). Commits, authors and change coupling are "
            "left unknown, not guessed."
        )
    parts.append(
        f"Owners from `{evolution.ownership}`."
        if evolution.ownership
        else "No CODEOWNERS file found (.github/, the root or docs/)."
    )
    if evolution.owners or history.units:
        parts.append(_ownership_table(evolution))
    if history.source:
        parts.append(_change_coupling(evolution))
        if evolution.file_hotspots:
            rows = [
                [where(h.file), bold(h.unit), count(h.commits), count(h.complexity), count(h.score)]
                for h in evolution.file_hotspots
            ]
            parts.append(
                "### Hotspots\n\nFiles that change often and are complex: where an extraction's "
                "risk concentrates.\n\n"
                + table(
                    ["file", "unit", "commits", "complexity", "commits × complexity"],
                    rows,
                    ["left", "left", "right", "right", "right"],
                )
            )
    return "\n\n".join(parts)


def _history_scope(evolution: Evolution) -> str:
    history = evolution.history
    left_out = []
    if history.bot_commits:
        left_out.append(f"{plural(history.bot_commits, 'bot commit')} left out")
    if history.large_changesets:
        left_out.append(
            f"{plural(history.large_changesets, 'changeset')} over "
            f"{history.changeset_limit} files left out of change coupling"
        )
    if history.renames:
        left_out.append(f"{plural(history.renames, 'rename')} followed")
    tail = f"; {'; '.join(left_out)}" if left_out else ""
    span = (
        f" from {history.first_date[:10]} to {history.last_date[:10]}" if history.first_date else ""
    )
    files = f", touching {plural(len(history.files), 'file')} of PATH"
    return f"History: {plural(history.commits, 'commit')}{span}{files} (`{history.source}`){tail}."


def _ownership_table(evolution: Evolution) -> str:
    owners = {o.unit: o for o in evolution.owners}
    changes = {u.unit: u for u in evolution.history.units}
    rows = [
        [bold(unit), _owners(owners.get(unit)), *_history_cells(changes.get(unit))]
        for unit in sorted(set(owners) | set(changes))
    ]
    headers = [
        "unit",
        "CODEOWNERS (share of files)",
        "commits",
        "authors",
        "main developer (share of added lines)",
        "fractal",
        "churn",
        "teams by commits",
    ]
    return table(
        headers, rows, ["left", "left", "right", "right", "left", "right", "right", "left"]
    )


def _owners(owners: UnitOwners | None) -> str:
    if owners is None:
        return "–"
    listed = [f"{name(o.owner)} {o.files:.0%}" for o in owners.owners]
    if owners.unowned:
        listed.append(f"no owner {owners.unowned:.0%}")
    return ", ".join(listed) or "–"


def _history_cells(history: UnitHistory | None) -> list[str]:
    if history is None:
        return ["–"] * 6
    teams = ", ".join(f"{name(team)} {share:.0%}" for team, share in history.teams) or "–"
    return [
        count(history.commits),
        count(history.authors),
        f"{name(history.main_developer)} {history.main_developer_share:.0%}",
        f"{history.fractal:.2f}",
        f"+{count(history.added)} −{count(history.deleted)}",
        teams,
    ]


def _change_coupling(evolution: Evolution) -> str:
    changing = [p for p in evolution.pairs if p.degree is not None]
    intro = (
        "### Change coupling\n\nUnits changed in the same commits, as code-maat measures it: "
        "degree = shared commits / the average of the two units' commits (see `[history]` in "
        "`rules/analysis.toml` for the thresholds)."
    )
    if not changing:
        return intro + "\n\nNo pair of units changes together often enough to show."
    rows = [
        [
            f"{name(p.first)} ↔ {name(p.second)}",
            count(p.shared_commits),
            f"{p.degree or 0:.0%}",
            count(p.imports),
            "**co-changes only: hidden**" if p.label == "co-changes only" else p.label,
        ]
        for p in sorted(changing, key=lambda p: (-(p.degree or 0), p.first, p.second))
    ]
    body = table(
        ["units", "shared commits", "degree", "imports between them", "coupled by"],
        rows,
        ["left", "right", "right", "right", "left"],
    )
    hidden = _hidden(evolution)
    if hidden:
        body += (
            "\n\nHidden coupling, "
            + listing([f"{p.first} ↔ {p.second}" for p in hidden])
            + ": they change together without importing each other (events, shared data, one "
            "feature split across them). The import matrix cannot show it; an extraction that "
            "separates them keeps the coordination cost."
        )
    return intro + "\n\n" + body
