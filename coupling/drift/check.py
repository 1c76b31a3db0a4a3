"""coupling.json now against the committed one: are the reports stale, does a ratchet break?

Both sides are read into the same Summary: import fingerprints (importer unit, imported
module, name), never line numbers, so moving or reformatting code changes nothing; cycle
groups; the ranking and its scores; models and endpoints.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING

from coupling.drift.diff import cycle_changes
from coupling.records import (
    CheckResult,
    CheckRule,
    Problem,
)
from coupling.records.words import plural

if TYPE_CHECKING:
    from coupling.records import (
        CheckRules,
        CycleChange,
        Fingerprint,
        Summary,
    )


def compare(now: Summary, then: Summary, rules: CheckRules, source: str) -> CheckResult:
    """`now` against the baseline `then`: ratchet failures first, then what made it stale."""
    new = sorted(now.imports.keys() - then.imports.keys())
    problems = [
        *_no_new_cycles(now, then, rules, new),
        *_frozen(now, rules, new),
        *_sealed(now, rules, new),
        *_max_fan_in(now, rules, new),
        *_max_score_drop(now, then, rules),
        *_stale(now, then),
    ]
    gone = sorted(
        f"{unit} imports {name} from {module}"
        for unit, module, name in then.imports.keys() - now.imports.keys()
    )
    return CheckResult(tuple(problems), tuple(gone), source)


def _stale(now: Summary, then: Summary) -> list[Problem]:
    """What moved since the reports were written; each makes them stale."""
    problems = [
        _stale_problem(
            f"new import: {unit} imports {name} from {module}", now.imports[(unit, module, name)]
        )
        for unit, module, name in sorted(now.imports.keys() - then.imports.keys())
    ]
    gone = then.imports.keys() - now.imports.keys()
    if gone:
        problems.append(_stale_problem(f"{len(gone)} imports between units no longer occur"))
    problems += _cell_changes(now.cells, then.cells)
    problems += [
        _stale_problem(_cycle_message(change)) for change in cycle_changes(then.groups, now.groups)
    ]
    if now.ranking != then.ranking:
        problems.append(
            _stale_problem(
                f"ranking changed: {' > '.join(now.ranking)} (was {' > '.join(then.ranking)})"
            )
        )
    problems += [
        _stale_problem(f"score of {unit}: {now.scores[unit]:.1f} (was {then.scores[unit]:.1f})")
        for unit in sorted(set(now.scores) & set(then.scores))
        if abs(now.scores[unit] - then.scores[unit]) >= 0.1
    ]
    problems += [_stale_problem(f"new model {m}") for m in sorted(now.models - then.models)]
    problems += [_stale_problem(f"model gone: {m}") for m in sorted(then.models - now.models)]
    problems += [
        _stale_problem(f"new endpoint {m} {p} in {u}")
        for u, m, p in sorted(now.endpoints - then.endpoints)
    ]
    problems += [
        _stale_problem(f"endpoint gone: {m} {p} in {u}")
        for u, m, p in sorted(then.endpoints - now.endpoints)
    ]
    return problems


_NOWHERE = ("", 0, "")


def _problem(rule: CheckRule, message: str, where: tuple[str, int, str] = _NOWHERE) -> Problem:
    """A problem at the file and line of a new import (its `now.imports` entry), if any."""
    return Problem(rule, message, where[0], where[1])


def _stale_problem(message: str, where: tuple[str, int, str] = _NOWHERE) -> Problem:
    return _problem(CheckRule.STALE, message, where)


def _cell_changes(
    now: Mapping[tuple[str, str], int], then: Mapping[tuple[str, str], int]
) -> list[Problem]:
    """The matrix's cells that changed: a new import of a name already imported elsewhere in
    the unit is no new fingerprint, but it is one more statement in the matrix."""
    problems = []
    for importer, imported in sorted(now.keys() | then.keys()):
        count, was = now.get((importer, imported), 0), then.get((importer, imported), 0)
        if count != was:
            problems.append(
                _stale_problem(
                    f"{importer} → {imported}: {plural(count, 'import statement')} (was {was})"
                )
            )
    return problems


def _cycle_message(change: CycleChange) -> str:
    """A cycle group that changed, in words; one that grew is one change, not a new group and
    a broken one."""
    before, after = set(change.before), set(change.after)
    if not before:
        return f"new cycle between {', '.join(change.after)}"
    if not after:
        return f"cycle broken between {', '.join(change.before)}"
    joined, left = sorted(after - before), sorted(before - after)
    moves = [
        f"{', '.join(joined)} joined" if joined else "",
        f"{', '.join(left)} left" if left else "",
        "groups merged" if change.groups_before > 1 else "",
    ]
    return f"cycle group changed ({'; '.join(m for m in moves if m)}): {', '.join(change.after)}"


def _no_new_cycles(
    now: Summary, then: Summary, rules: CheckRules, new: list[Fingerprint]
) -> list[Problem]:
    if not rules.no_new_cycles:
        return []
    problems = []
    for group in sorted(now.groups - then.groups, key=sorted):
        if not any(group <= old for old in then.groups):
            closing = [key for key in new if key[0] in group and now.imports[key][2] in group]
            message = f"new cycle between {', '.join(sorted(group))}"
            where = now.imports[closing[0]] if closing else _NOWHERE
            problems.append(_problem(CheckRule.NO_NEW_CYCLES, message, where))
    return problems


def _frozen(now: Summary, rules: CheckRules, new: list[Fingerprint]) -> list[Problem]:
    frozen = set(rules.frozen)
    return [
        _problem(
            CheckRule.FROZEN,
            f"{unit if unit in frozen else now.imports[key][2]} is frozen: "
            f"{unit} now imports {name} from {module}",
            now.imports[key],
        )
        for key in new
        for unit, module, name in (key,)
        if unit in frozen or now.imports[key][2] in frozen
    ]


def _sealed(now: Summary, rules: CheckRules, new: list[Fingerprint]) -> list[Problem]:
    """A new import of a sealed unit's module that is not its facade: the deep import
    `coupling seal` removed coming back."""
    problems = []
    for key in new:
        unit, module, name = key
        imported = now.imports[key][2]
        facade = now.facades.get(imported, ())
        if imported in rules.sealed and module not in facade:
            through = f"; import it from {facade[0]}" if facade else ""
            message = f"{imported} is sealed: {unit} now imports {name} from {module}, past its facade{through}"
            problems.append(_problem(CheckRule.SEALED, message, now.imports[key]))
    return problems


def _max_fan_in(now: Summary, rules: CheckRules, new: list[Fingerprint]) -> list[Problem]:
    incoming: dict[str, list[Fingerprint]] = defaultdict(list)
    for key in new:
        incoming[now.imports[key][2]].append(key)
    problems = []
    for unit, limit in rules.max_fan_in:
        if now.fan_in.get(unit, 0) > limit:
            where = now.imports[incoming[unit][0]] if incoming[unit] else _NOWHERE
            message = f"fan-in of {unit} is {now.fan_in[unit]}, above {limit}"
            problems.append(_problem(CheckRule.MAX_FAN_IN, message, where))
    return problems


def _max_score_drop(now: Summary, then: Summary, rules: CheckRules) -> list[Problem]:
    if rules.max_score_drop is None:
        return []
    return [
        Problem(
            CheckRule.MAX_SCORE_DROP,
            f"score of {unit} dropped by {drop:.1f} (more than {rules.max_score_drop:g})",
        )
        for unit in sorted(set(now.scores) & set(then.scores))
        if (drop := then.scores[unit] - now.scores[unit]) > rules.max_score_drop
    ]
