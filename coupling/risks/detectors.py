"""One detector per risk: does it apply to this unit, and on what evidence?"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from coupling.records import Access, Level, RiskRule
from coupling.records.words import plural
from coupling.score.context import Context

SAMPLES = 5  # file:line samples cited per finding


@dataclass(frozen=True)
class Evidence:
    text: str
    samples: tuple[str, ...] = ()
    values: dict[str, object] = field(default_factory=dict)  # for the recommendation's template
    likelihood: Level | None = None  # when the detector knows better than the rule's default


Detector = Callable[[str, Context, RiskRule], Evidence | None]


def _samples(places: list[tuple[str, int]]) -> tuple[str, ...]:
    return tuple(f"{file}:{line}" for file, line in sorted(set(places))[:SAMPLES])


def _others(units: set[str] | frozenset[str]) -> str:
    return ", ".join(sorted(units))


def data_consistency(unit: str, context: Context, rule: RiskRule) -> Evidence | None:
    facts = context.units[unit]
    if facts.data.fk_in + facts.data.fk_out < rule.limit("min_foreign_keys"):
        return None
    edges = [
        e
        for c in context.analysis.data.cells
        for e in c.edges
        if e.kind == "foreign key" and unit in (e.source_unit, e.target_unit)
    ]
    others = {e.target_unit if e.source_unit == unit else e.source_unit for e in edges}
    parts = []
    if facts.data.fk_out:
        parts.append(
            f"{plural(facts.data.fk_out, 'foreign key')} from its models to {_others({e.target_unit for e in edges if e.source_unit == unit})}"
        )
    if facts.data.fk_in:
        parts.append(
            f"{plural(facts.data.fk_in, 'foreign key')} into its tables from {_others({e.source_unit for e in edges if e.target_unit == unit})}"
        )
    return Evidence(
        "; ".join(parts),
        _samples([(e.file, e.line) for e in edges]),
        {"count": facts.data.fk_in + facts.data.fk_out, "others": _others(others)},
    )


def transaction_consistency(unit: str, context: Context, rule: RiskRule) -> Evidence | None:
    analysis = context.analysis
    own = [s for s in analysis.data.spans if s.unit == unit]
    into = [s for s in analysis.data.spans if unit in s.units]
    writers = context.units[unit].data.written_by
    if not own and not into and not writers:
        return None
    others = {u for s in own for u in s.units} | {s.unit for s in into} | writers
    parts = []
    if own:
        parts.append(
            f"{plural(len(own), 'transaction')} of its own also write {_others({u for s in own for u in s.units})}"
        )
    if into:
        parts.append(f"transactions in {_others({s.unit for s in into})} write its models")
    if writers:
        parts.append(f"{_others(writers)} {'writes' if len(writers) == 1 else 'write'} its tables")
    return Evidence(
        "; ".join(parts),
        _samples([(s.file, s.line) for s in (*own, *into)]),
        {"others": _others(others)},
    )


def data_access(unit: str, context: Context, rule: RiskRule) -> Evidence | None:
    """Query performance: the models of other units it reads, which a network hop (or a read
    replica) will have to serve once it leaves."""
    reads = context.units[unit].data.reads_theirs
    if len(reads) < rule.limit("min_models"):
        return None
    edges = [
        e
        for c in context.analysis.data.cells
        if c.source == unit
        for e in c.edges
        if e.access is Access.READ
    ]
    per_unit: dict[str, set[str]] = {}
    for edge in edges:
        per_unit.setdefault(edge.target_unit, set()).add(edge.target)
    detail = ", ".join(f"{other} {len(models)}" for other, models in sorted(per_unit.items()))
    return Evidence(
        f"reads {len(reads)} models of other units ({detail})",
        _samples([(e.file, e.line) for e in edges]),
        {"count": len(reads), "others": _others(set(per_unit))},
    )


def cycle(unit: str, context: Context, rule: RiskRule) -> Evidence | None:
    facts, analysis = context.units[unit], context.analysis
    if not facts.cycle.in_group:
        return None
    group = next(g for g in analysis.imports.groups if unit in g)
    found = context.group_cuts[group]
    # The cuts at this unit's own imports are cited first: a site elsewhere in a big group
    # says nothing about it.
    own = [b for b in found if unit in (b.importer_unit, b.imported_unit)]
    samples = _samples([(e.file, e.line) for b in own for e in b.sites])
    rest = _samples([(e.file, e.line) for b in found for e in b.sites])
    samples += tuple(place for place in rest if place not in samples)[: SAMPLES - len(samples)]
    cut = len(found)
    when = (
        "at import time"
        if facts.cycle.cycle_now
        else "only through imports inside functions or for type checking"
    )
    return Evidence(
        f"in a cycle with {_others(set(group) - {unit})}, {when}; {plural(cut, 'module import')} would break it",
        samples,
        {"count": cut, "others": _others(set(group) - {unit})},
        likelihood=None if facts.cycle.cycle_now else Level.MEDIUM,
    )


def hidden_coupling(unit: str, context: Context, rule: RiskRule) -> Evidence | None:
    pairs = [
        p
        for p in context.analysis.evolution.pairs
        if p.label == "co-changes only" and unit in (p.first, p.second)
    ]
    if not pairs:
        return None
    others = {p.second if p.first == unit else p.first for p in pairs}
    detail = ", ".join(
        f"{p.second if p.first == unit else p.first} in {p.shared_commits} commits ({p.degree or 0:.0%})"
        for p in pairs
    )
    return Evidence(
        f"changes together with units it never imports: {detail}", (), {"others": _others(others)}
    )


def team_coordination(unit: str, context: Context, rule: RiskRule) -> Evidence | None:
    facts = context.units[unit]
    history = next((h for h in context.analysis.evolution.history.units if h.unit == unit), None)
    reasons = []
    if len(facts.teams.owners) >= rule.limit("min_teams"):
        reasons.append(
            f"{len(facts.teams.owners)} CODEOWNERS teams ({', '.join(facts.teams.owners)})"
        )
    if facts.teams.top_team and facts.teams.top_team[1] <= rule.limit("max_top_team_share"):
        reasons.append(f"its largest team makes {facts.teams.top_team[1]:.0%} of its commits")
    if facts.teams.fractal is not None and facts.teams.fractal >= rule.limit("min_fractal"):
        reasons.append(f"authorship fragmented (fractal value {facts.teams.fractal:.2f})")
    if history and history.main_developer_share >= rule.limit("max_main_developer"):
        reasons.append(
            f"{history.main_developer} wrote {history.main_developer_share:.0%} of its lines"
        )
    if not reasons:
        return None
    return Evidence(
        "; ".join(reasons), (), {"others": ", ".join(facts.teams.owners) or "no single owner"}
    )


def chatty_interface(unit: str, context: Context, rule: RiskRule) -> Evidence | None:
    kernels = {c.stats.name for c in context.units.values() if c.stats.shared_kernel}
    crossing = [
        e
        for d in context.analysis.imports.dependencies
        if unit in (d.importer, d.imported) and not ({d.importer, d.imported} & kernels)
        for e in d.sites
    ]
    names = {f"{e.imported}.{n}" for e in crossing for n in e.names}
    if len(names) < rule.limit("min_names"):
        return None
    return Evidence(
        f"{len(names)} distinct names cross its boundary with other services, in {len({(e.file, e.line) for e in crossing})} import statements",
        _samples([(e.file, e.line) for e in crossing]),
        {"count": len(names)},
    )


def blind_spots(unit: str, context: Context, rule: RiskRule) -> Evidence | None:
    analysis = context.analysis
    events = [
        e
        for e in analysis.runtime.events
        if unit in {u for u, _f, _l in (*e.publishers, *e.subscribers)}
    ]
    # Modules named in strings that cross its boundary: a computed name (no target unit) is
    # counted once, below, as a blind spot of its own.
    dynamic = [
        d
        for d in analysis.runtime.dynamic
        if d.target_unit
        and d.source_unit != d.target_unit
        and unit in (d.source_unit, d.target_unit)
    ]
    unknown = [d for d in analysis.runtime.dynamic if d.source_unit == unit and not d.imported]
    if not events and not dynamic and not unknown:
        return None
    parts, details = [], []
    if events:
        publishes = sorted(e.name for e in events if any(u == unit for u, _f, _l in e.publishers))
        subscribes = sorted(e.name for e in events if any(u == unit for u, _f, _l in e.subscribers))
        if publishes:
            details.append(f"it publishes {', '.join(publishes)}")
        if subscribes:
            details.append(f"it subscribes to {', '.join(subscribes)}")
        parts.append(
            f"linked to other units by {plural(len(events), 'event')} named in strings ({'; '.join(details)})"
        )
    if dynamic:
        parts.append(f"{plural(len(dynamic), 'module')} named in strings cross its boundary")
    if unknown:
        parts.append(f"{plural(len(unknown), 'import')} with a computed name")
    places = [
        (f, line) for e in events for u, f, line in (*e.publishers, *e.subscribers) if u == unit
    ]
    places += [(d.file, d.line) for d in (*dynamic, *unknown)]
    return Evidence(
        "; ".join(parts), _samples(places), {"detail": "; ".join(details) or "; ".join(parts)}
    )


def kernel_dependence(unit: str, context: Context, rule: RiskRule) -> Evidence | None:
    facts = context.units[unit]
    if facts.reach.kernel_imports < rule.limit("min_imports"):
        return None
    kernels = {
        d.imported
        for d in context.analysis.imports.dependencies
        if d.importer == unit
        and d.imported in context.units
        and context.units[d.imported].stats.shared_kernel
    }
    return Evidence(
        f"{facts.reach.kernel_imports} imports of the shared kernel {_others(kernels)}",
        (),
        {"count": facts.reach.kernel_imports, "others": _others(kernels)},
    )


def untested_complexity(unit: str, context: Context, rule: RiskRule) -> Evidence | None:
    functions = [f for f in context.analysis.code.untested if f.unit == unit]
    if len(functions) < rule.limit("min_functions"):
        return None
    detail = ", ".join(f"{f.name} (complexity {f.complexity})" for f in functions[:3])
    return Evidence(
        f"{plural(len(functions), 'complex function')} no test covers: {detail}",
        _samples([(f.file, f.line) for f in functions]),
        {"detail": detail},
    )


def operational(unit: str, context: Context, rule: RiskRule) -> Evidence | None:
    facts = context.units[unit]
    load = facts.load
    if load is None:
        return None
    rates = sorted(
        u.load.error_rate
        for u in context.units.values()
        if u.load and u.load.error_rate is not None
    )
    median = rates[len(rates) // 2] if rates else 0.0
    reasons = []
    if (
        load.error_rate is not None
        and median
        and load.error_rate >= rule.limit("error_rate_ratio") * median
    ):
        reasons.append(f"error rate {load.error_rate:.2%} (median {median:.2%})")
    even = 1 / context.loads if context.loads else 1.0
    for label, share in (("CPU", load.cpu_share), ("memory", load.memory_share)):
        if share is not None and share >= rule.limit("resource_ratio") * even:
            reasons.append(f"{share:.0%} of the monolith's {label}")
    if not reasons:
        return None
    errors = bool(reasons) and reasons[0].startswith("error rate")
    return Evidence(
        "; ".join(reasons),
        (),
        {"detail": "; ".join(reasons)},
        likelihood=None if errors else Level.LOW,
    )


DETECTORS: tuple[tuple[str, Detector], ...] = (
    ("data-consistency", data_consistency),
    ("transaction-consistency", transaction_consistency),
    ("data-access", data_access),
    ("cycle", cycle),
    ("hidden-coupling", hidden_coupling),
    ("team-coordination", team_coordination),
    ("chatty-interface", chatty_interface),
    ("blind-spots", blind_spots),
    ("kernel-dependence", kernel_dependence),
    ("untested-complexity", untested_complexity),
    ("operational", operational),
)
