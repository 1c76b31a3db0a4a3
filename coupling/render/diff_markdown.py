"""`coupling diff`: the change in coupling between two revisions, as markdown a team posts
each week ("coupling status")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coupling.render.format import name, plural, table

if TYPE_CHECKING:
    from coupling.records import CouplingDiff, CycleChange, RankChange


def render_diff(diff: CouplingDiff) -> str:
    before, after = diff.before, diff.after
    sections = [
        f"# Coupling changes: {before.label} → {after.label}",
        _headline(diff),
        _totals(diff),
        _edges(diff),
        _cycles(diff.cycles),
        _ranking(diff.ranking),
        _fan_in(diff),
        _models_and_endpoints(diff),
    ]
    return "\n\n".join(section for section in sections if section) + "\n"


def _headline(diff: CouplingDiff) -> str:
    new = sum(1 for e in diff.edges if e.before == 0)
    removed = sum(1 for e in diff.edges if e.after == 0)
    if not (diff.edges or diff.cycles or diff.fan_in or _moved(diff.ranking)):
        return "No change in coupling: the same dependencies, cycles and ranking."
    parts = [
        f"{plural(new, 'new dependency', 'new dependencies')} between units",
        f"{removed} removed",
        f"{plural(len(diff.cycles), 'cycle group')} changed",
        f"{plural(sum(1 for r in diff.ranking if _score_moved(r)), 'score')} moved",
    ]
    return ", ".join(parts) + "."


def _totals(diff: CouplingDiff) -> str:
    old, new = diff.before.summary, diff.after.summary
    rows = [
        ("Units", len(old.fan_in), len(new.fan_in)),
        ("Dependencies between units", len(old.cells), len(new.cells)),
        ("Import statements between units", sum(old.cells.values()), sum(new.cells.values())),
        ("Cycle groups", len(old.groups), len(new.groups)),
        ("Units in cycles", len(set().union(*old.groups)), len(set().union(*new.groups))),
        ("Models", len(old.models), len(new.models)),
        ("Endpoints", len(old.endpoints), len(new.endpoints)),
    ]
    return table(
        ["", "Before", "After", "Change"],
        [(label, a, b, _signed(b - a)) for label, a, b in rows],
        ["left", "right", "right", "right"],
    )


def _edges(diff: CouplingDiff) -> str:
    if not diff.edges:
        return ""
    rows = [
        (
            f"{name(e.importer)} → {name(e.imported)}",
            "new" if e.before == 0 else "removed" if e.after == 0 else "changed",
            e.before,
            e.after,
            _signed(e.after - e.before),
        )
        for e in sorted(
            diff.edges, key=lambda e: (e.before != 0, e.after == 0, e.importer, e.imported)
        )
    ]
    return "## Dependencies between units\n\n" + table(
        ["Importer → imported", "", "Statements before", "After", "Change"],
        rows,
        ["left", "left", "right", "right", "right"],
    )


def _cycles(changes: tuple[CycleChange, ...]) -> str:
    if not changes:
        return ""
    lines = ["## Cycles", ""]
    for change in changes:
        after, before = set(change.after), set(change.before)
        if not before:
            lines.append(f"- New cycle group: {_members(change.after)}")
        elif not after:
            lines.append(
                f"- Cycle broken: {_members(change.before)} no longer import each other in a circle"
            )
        else:
            joined, left = sorted(after - before), sorted(before - after)
            moves = [
                f"{', '.join(map(name, joined))} joined" if joined else "",
                f"{', '.join(map(name, left))} left" if left else "",
            ]
            lines.append(
                f"- Cycle group changed ({'; '.join(m for m in moves if m)}): {_members(change.after)}"
            )
    return "\n".join(lines)


def _ranking(ranking: tuple[RankChange, ...]) -> str:
    if not _moved(ranking):
        return ""
    rows = [
        (
            r.rank_after or "–",
            name(r.unit),
            _score(r.score_after),
            _score(r.score_before),
            _signed_score(r),
            _rank_move(r),
        )
        for r in ranking
    ]
    return "## Extraction ranking\n\n" + table(
        ["Rank", "Unit", "Score", "Before", "Change", "Rank change"],
        rows,
        ["right", "left", "right", "right", "right", "left"],
    )


def _fan_in(diff: CouplingDiff) -> str:
    if not diff.fan_in:
        return ""
    rows = [(name(c.unit), c.before, c.after, _signed(c.after - c.before)) for c in diff.fan_in]
    return "## Fan-in (import statements into each unit)\n\n" + table(
        ["Unit", "Before", "After", "Change"], rows, ["left", "right", "right", "right"]
    )


def _models_and_endpoints(diff: CouplingDiff) -> str:
    lines = [
        *(f"- New model `{model}`" for model in diff.models_added),
        *(f"- Model removed: `{model}`" for model in diff.models_removed),
        *(f"- New endpoint `{m} {p}` in {name(u)}" for u, m, p in diff.endpoints_added),
        *(f"- Endpoint removed: `{m} {p}` from {name(u)}" for u, m, p in diff.endpoints_removed),
    ]
    return "## Models and endpoints\n\n" + "\n".join(lines) if lines else ""


def _members(units: tuple[str, ...]) -> str:
    return ", ".join(name(unit) for unit in units)


def _moved(ranking: tuple[RankChange, ...]) -> bool:
    return any(r.rank_before != r.rank_after or _score_moved(r) for r in ranking)


def _score_moved(change: RankChange) -> bool:
    return _score(change.score_before) != _score(change.score_after)


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _signed(value: int) -> str:
    return f"{value:+d}" if value else "0"


def _signed_score(change: RankChange) -> str:
    if change.score_before is None or change.score_after is None:
        return "new" if change.score_before is None else "gone"
    delta = round(change.score_after, 1) - round(change.score_before, 1)
    return f"{delta:+.1f}" if abs(delta) >= 0.05 else "0.0"


def _rank_move(change: RankChange) -> str:
    if change.rank_before is None or change.rank_after is None:
        return "new in the ranking" if change.rank_before is None else "left the ranking"
    steps = change.rank_before - change.rank_after
    if steps == 0:
        return ""
    return f"{'up' if steps > 0 else 'down'} {plural(abs(steps), 'place')}"
