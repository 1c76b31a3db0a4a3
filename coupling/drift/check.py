"""coupling.json now against the committed one: are the reports stale, does a ratchet break?

Both sides are read into the same Summary: import fingerprints (importer unit, imported
module, name), never line numbers, so moving or reformatting code changes nothing; cycle
groups; the ranking and its scores; models and endpoints.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from coupling.records import CheckResult, CheckRules, Fingerprint, Problem, Summary
from coupling.records.words import plural


def compare(now: Summary, then: Summary, rules: CheckRules, source: str) -> CheckResult:
    """`now` against the baseline `then`: ratchet failures first, then what made it stale."""
    problems = [*_ratchets(now, then, rules), *_stale(now, then)]
    gone = sorted(
        f"{unit} imports {name} from {module}"
        for unit, module, name in then.imports.keys() - now.imports.keys()
    )
    return CheckResult(tuple(problems), tuple(gone), source)


def _stale(now: Summary, then: Summary) -> list[Problem]:
    """What moved since the reports were written; each makes them stale."""
    problems = [
        Problem(
            "stale",
            f"new import: {unit} imports {name} from {module}",
            *now.imports[(unit, module, name)][:2],
        )
        for unit, module, name in sorted(now.imports.keys() - then.imports.keys())
    ]
    gone = then.imports.keys() - now.imports.keys()
    if gone:
        problems.append(Problem("stale", f"{len(gone)} imports between units no longer occur"))
    problems += _cell_changes(now.cells, then.cells)
    problems += _cycle_changes(now.groups, then.groups)
    if now.ranking != then.ranking:
        problems.append(
            Problem(
                "stale",
                f"ranking changed: {' > '.join(now.ranking)} (was {' > '.join(then.ranking)})",
            )
        )
    for unit in sorted(set(now.scores) & set(then.scores)):
        if abs(now.scores[unit] - then.scores[unit]) >= 0.1:
            problems.append(
                Problem(
                    "stale",
                    f"score of {unit}: {now.scores[unit]:.1f} (was {then.scores[unit]:.1f})",
                )
            )
    problems += [
        Problem("stale", f"new model {model}") for model in sorted(now.models - then.models)
    ]
    problems += [
        Problem("stale", f"model gone: {model}") for model in sorted(then.models - now.models)
    ]
    problems += [
        Problem("stale", f"new endpoint {m} {p} in {u}")
        for u, m, p in sorted(now.endpoints - then.endpoints)
    ]
    problems += [
        Problem("stale", f"endpoint gone: {m} {p} in {u}")
        for u, m, p in sorted(then.endpoints - now.endpoints)
    ]
    return problems


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
                Problem(
                    "stale",
                    f"{importer} → {imported}: {plural(count, 'import statement')} (was {was})",
                )
            )
    return problems


def _cycle_changes(
    now: frozenset[frozenset[str]], then: frozenset[frozenset[str]]
) -> list[Problem]:
    """New, grown, shrunk and broken cycle groups; a group that grew is one change, not a
    new group and a broken one."""
    problems = []
    old_left = set(then - now)
    for group in sorted(now - then, key=sorted):
        before = [old for old in old_left if old & group]
        members = ", ".join(sorted(group))
        if not before:
            problems.append(Problem("stale", f"new cycle between {members}"))
            continue
        old_left -= set(before)
        joined = sorted(group - frozenset().union(*before))
        left = sorted(frozenset().union(*before) - group)
        change = "; ".join(
            part
            for part in (
                f"{', '.join(joined)} joined" if joined else "",
                f"{', '.join(left)} left" if left else "",
                "groups merged" if len(before) > 1 else "",
            )
            if part
        )
        problems.append(Problem("stale", f"cycle group changed ({change}): {members}"))
    problems += [
        Problem("stale", f"cycle broken between {', '.join(sorted(group))}")
        for group in sorted(old_left, key=sorted)
    ]
    return problems


def _ratchets(now: Summary, then: Summary, rules: CheckRules) -> list[Problem]:
    new = sorted(now.imports.keys() - then.imports.keys())
    problems: list[Problem] = []
    if rules.no_new_cycles:
        for group in sorted(now.groups - then.groups, key=sorted):
            if not any(group <= old for old in then.groups):
                closing = [key for key in new if key[0] in group and now.imports[key][2] in group]
                where = now.imports[closing[0]][:2] if closing else ("", 0)
                problems.append(
                    Problem(
                        "no-new-cycles", f"new cycle between {', '.join(sorted(group))}", *where
                    )
                )
    frozen = set(rules.frozen)
    for key in new:
        unit, module, name = key
        file, line, imported_unit = now.imports[key]
        if unit in frozen or imported_unit in frozen:
            which = unit if unit in frozen else imported_unit
            problems.append(
                Problem(
                    "frozen",
                    f"{which} is frozen: {unit} now imports {name} from {module}",
                    file,
                    line,
                )
            )
    incoming: dict[str, list[Fingerprint]] = defaultdict(list)
    for key in new:
        incoming[now.imports[key][2]].append(key)
    for unit, limit in rules.max_fan_in:
        if now.fan_in.get(unit, 0) > limit:
            first = incoming[unit][0] if incoming[unit] else None
            where = now.imports[first][:2] if first else ("", 0)
            problems.append(
                Problem(
                    "max-fan-in", f"fan-in of {unit} is {now.fan_in[unit]}, above {limit}", *where
                )
            )
    if rules.max_score_drop is not None:
        for unit in sorted(set(now.scores) & set(then.scores)):
            drop = then.scores[unit] - now.scores[unit]
            if drop > rules.max_score_drop:
                problems.append(
                    Problem(
                        "max-score-drop",
                        f"score of {unit} dropped by {drop:.1f} (more than {rules.max_score_drop:g})",
                    )
                )
    return problems
