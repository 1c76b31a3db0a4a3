"""Sections 4 to 6 of a plan: its tests, its run-time links (events by name, modules in
strings, in-process buses), and the production baseline the extracted service must beat."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from coupling.render.format import name, table
from coupling.render.plan.words import at, code, compact

if TYPE_CHECKING:
    from coupling.records import Plan


def tests_section(plan: Plan) -> str:
    tests = plan.tests
    parts = ["## 4. Tests"]
    moving = [m for m in plan.layout.moves if m.part == "tests"]
    parts.append(
        f"Test files that belong to it and move ({len(moving)}): "
        + ", ".join(name(m.source) for m in moving)
        if moving
        else "No test file belongs to it: write tests before moving it."
    )
    if tests.support:
        parts.append(
            "Shared fixtures its tests rely on (copied, the other tests keep them): "
            + ", ".join(name(s) for s in tests.support)
        )
    if tests.untested:
        rows = [
            [code(f.name), str(f.complexity), f.rank, at(f.file, f.line)] for f in tests.untested
        ]
        parts += [
            "Complex functions no test covers: characterisation tests first, before the move.",
            table(
                ["function", "complexity", "rank", "where"], rows, ["left", "right", "left", "left"]
            ),
        ]
    else:
        parts.append("Every complex function of it is tested.")
    parts.append(
        f"Measured line coverage: {tests.coverage:.0%} (`{tests.coverage_source}`)."
        if tests.coverage is not None
        else (
            "Measured line coverage: not given (`--coverage coverage.xml` reads it)."
            if not tests.coverage_source
            else "Measured line coverage: none of its lines were measured."
        )
    )
    return "\n\n".join(parts)


def runtime_section(plan: Plan) -> str:
    runtime = plan.runtime
    parts = ["## 5. Runtime coupling"]
    if runtime.events:
        rows = [
            [
                code(e.name),
                " and ".join(
                    w for w, on in (("publishes", e.publishes), ("subscribes", e.subscribes)) if on
                ),
                _other_side(e.publishers, e.subscribers),
                ", ".join(code(b) for b in e.buses) or "–",
                ", ".join(at(f, line) for f, line in e.places[:3]),
            ]
            for e in runtime.events
        ]
        parts += [
            f"### Events by name ({len(rows)})",
            table(["event", "it", "other side", "through", "where"], rows),
        ]
    else:
        parts.append("No event published or subscribed to by name.")
    if runtime.dynamic:
        rows = [
            [
                d.kind.value,
                code(d.target),
                name(d.source_unit),
                name(d.target_unit) or "?",
                at(d.file, d.line),
            ]
            for d in runtime.dynamic
        ]
        parts += [
            "### Modules and tasks named in strings across its boundary",
            table(["kind", "string", "from", "to", "where"], rows),
        ]
    if runtime.buses:
        lines = [
            f"- {code(bus)} ({name(unit) or 'outside PATH'}): "
            + ", ".join(code(e.name) for e in runtime.events if bus in e.buses)
            for bus, unit in runtime.buses
        ]
        parts += [
            "### In-process buses it relies on",
            f"They run in the monolith's process: once {name(plan.unit)} runs in another one, "
            "its events no longer reach the other side, and nothing fails loudly. Each needs a "
            "message broker (or an API call) before the switch.",
            "\n".join(lines),
        ]
    return "\n\n".join(parts)


def _other_side(publishers: tuple[str, ...], subscribers: tuple[str, ...]) -> str:
    sides = [
        f"{', '.join(publishers)} publish" if publishers else "",
        f"{', '.join(subscribers)} subscribe" if subscribers else "",
    ]
    return "; ".join(s for s in sides if s) or "nobody else (by name)"


def baseline_section(plan: Plan) -> str:
    baseline, parts = plan.baseline, ["## 6. Baseline to beat"]
    load = baseline.load
    if not baseline.source:
        parts.append(
            "Not given: pass `--metrics FILE` (production metrics per unit, as "
            "examples/techcorp/production-metrics.toml) to record the numbers the validation "
            "after the extraction compares against."
        )
        return "\n\n".join(parts)
    if load is None:
        parts.append(f"Not given: `{baseline.source}` says nothing of {name(plan.unit)}.")
        return "\n\n".join(parts)
    rows = [
        [label, value]
        for label, value in (
            ("p99 latency", _number(load.p99_latency_ms, lambda v: f"{round(v):,} ms")),
            (
                "requests per day",
                _number(load.requests_per_day, lambda v: f"{compact(v)} ({round(v):,})"),
            ),
            ("error rate", _number(load.error_rate, lambda v: f"{v:.2%}")),
            ("CPU", _number(load.cpu_share, lambda v: f"{v:.0%} of the monolith's")),
            ("memory", _number(load.memory_share, lambda v: f"{v:.0%} of the monolith's")),
        )
    ]
    parts += [
        f"From `{baseline.source}`: the numbers the validation after the extraction compares "
        "against (step .4).",
        table(["metric", "baseline"], rows),
    ]
    return "\n\n".join(parts)


def _number(value: float | None, shown: Callable[[float], str]) -> str:
    return "not given" if value is None else shown(value)
