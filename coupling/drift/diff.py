"""Two summaries compared: what `coupling diff` reports between revisions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from coupling.records import (
    CouplingDiff,
    CycleChange,
    EdgeChange,
    FanInChange,
    RankChange,
)

if TYPE_CHECKING:
    from coupling.records import (
        Side,
    )


def compare_sides(before: Side, after: Side) -> CouplingDiff:
    """Every change in coupling from `before` to `after`, each list in a stable order."""
    old, new = before.summary, after.summary
    return CouplingDiff(
        before=before,
        after=after,
        edges=tuple(
            EdgeChange(*key, old.cells.get(key, 0), new.cells.get(key, 0))
            for key in sorted(old.cells.keys() | new.cells.keys())
            if old.cells.get(key, 0) != new.cells.get(key, 0)
        ),
        cycles=cycle_changes(old.groups, new.groups),
        ranking=_rank_changes(old.ranking, new.ranking, old.scores, new.scores),
        fan_in=tuple(
            FanInChange(unit, old.fan_in.get(unit, 0), new.fan_in.get(unit, 0))
            for unit in sorted(old.fan_in.keys() | new.fan_in.keys())
            if old.fan_in.get(unit, 0) != new.fan_in.get(unit, 0)
        ),
        models_added=tuple(sorted(new.models - old.models)),
        models_removed=tuple(sorted(old.models - new.models)),
        endpoints_added=tuple(sorted(new.endpoints - old.endpoints)),
        endpoints_removed=tuple(sorted(old.endpoints - new.endpoints)),
    )


def cycle_changes(
    old: frozenset[frozenset[str]], new: frozenset[frozenset[str]]
) -> tuple[CycleChange, ...]:
    """Groups that appeared, grew, shrank, merged, split or broke: each new group is paired
    with every old group it overlaps; old groups no new one overlaps are broken."""
    changes = []
    unmatched = set(old - new)
    for group in sorted(new - old, key=sorted):
        overlapping = sorted((g for g in old - new if g & group), key=sorted)
        unmatched -= set(overlapping)
        before = tuple(sorted(frozenset().union(*overlapping)))
        changes.append(CycleChange(before, tuple(sorted(group)), len(overlapping)))
    changes += [CycleChange(tuple(sorted(group)), (), 1) for group in sorted(unmatched, key=sorted)]
    return tuple(changes)


def _rank_changes(
    old: tuple[str, ...],
    new: tuple[str, ...],
    old_scores: Mapping[str, float],
    new_scores: Mapping[str, float],
) -> tuple[RankChange, ...]:
    units = list(new) + [unit for unit in old if unit not in new]
    return tuple(
        RankChange(
            unit,
            old.index(unit) + 1 if unit in old else None,
            new.index(unit) + 1 if unit in new else None,
            old_scores.get(unit),
            new_scores.get(unit),
        )
        for unit in units
    )
