"""`coupling seal` output: a unified diff of every file it changes, and a summary."""

from __future__ import annotations

import difflib
from collections import Counter
from typing import TYPE_CHECKING

from coupling.records import ImportPlace
from coupling.records.words import plural

if TYPE_CHECKING:
    from coupling.records import SealPlan

_NO_NEWLINE = "\\ No newline at end of file\n"


def render_seal_diff(plan: SealPlan) -> str:
    """One unified diff (a/ and b/ prefixes, paths from the config file's folder, as `git
    apply` takes them from there) for every file the seal changes."""
    chunks: list[str] = []
    for change in plan.changes:
        lines = difflib.unified_diff(
            change.before.splitlines(keepends=True),
            change.after.splitlines(keepends=True),
            fromfile=f"a/{change.file}",
            tofile=f"b/{change.file}",
        )
        chunks.extend(line if line.endswith("\n") else line + "\n" + _NO_NEWLINE for line in lines)
    return "".join(chunks)


def render_seal_summary(plan: SealPlan, *, applied: bool) -> str:
    """What the seal rewrites (or rewrote, once applied), what the facade gains, and every
    refusal as `file:line: why`."""
    statements = [r for r in plan.rewrites if not r.is_use]
    places = Counter(r.place for r in statements)
    uses = len(plan.rewrites) - len(statements)
    facade = f"{plan.facade} ({plan.facade_file})" if plan.facade_file else plan.facade
    done = "sealed" if applied else "would seal"
    lines = [
        f"coupling seal: {done} {plan.unit} behind {facade}",
        f"  imports rewritten: {len(statements)} ({places[ImportPlace.MODULE]} at module level, "
        f"{places[ImportPlace.FUNCTION]} inside functions, "
        f"{places[ImportPlace.TYPE_CHECKING]} under TYPE_CHECKING)"
        + (f"; {plural(uses, 'use')} of a module's name rewritten" if uses else ""),
        f"  names added to the facade: {len(plan.reexports)}",
        *(f"    {r.line}" for r in plan.reexports),
        f"  files touched: {len(plan.changes)}",
        *(f"    {change.file}" for change in plan.changes),
    ]
    kinds = Counter(refusal.kind.value for refusal in plan.refusals)
    by_kind = ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
    lines.append(f"  refused: {len(plan.refusals)}" + (f" ({by_kind})" if by_kind else ""))
    lines.extend(f"    {refusal}" for refusal in plan.refusals)
    if not plan.changes:
        lines.append(f"Nothing to change: no import past {plan.facade} can move.")
    elif not applied:
        lines.append("Nothing was written: run again with --apply to write these changes.")
    else:
        lines.append(
            f'To keep it sealed: sealed = ["{plan.unit}"] in [check] makes `coupling check` '
            "fail on a new import past the facade."
        )
    return "\n".join(lines) + "\n"
