"""The steps of a service's plan, as the walkthrough's driver spec runs them: API extraction,
database migration and the test suite in parallel, then integration testing. Each task and
acceptance check that a fact decides is written here from that fact; the rest comes from
rules/plan.toml."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coupling.records import (
    ApiPart,
    Baseline,
    DataPart,
    LayoutPart,
    RuntimePart,
    Step,
    TestPart,
    Verdict,
)
from coupling.records.words import compact, count, plural

if TYPE_CHECKING:
    from coupling.records import (
        ModelAccess,
        PlanRules,
        StepText,
    )

SHOWN = 8  # names listed in one task before "and N more"


@dataclass(frozen=True)
class Parts:
    """What a plan's steps are drawn from."""

    unit: str
    root: str
    files: tuple[str, ...]
    reports: str  # the report folder, relative to the config's folder
    api: ApiPart
    data: DataPart
    tests: TestPart
    runtime: RuntimePart
    baseline: Baseline
    layout: LayoutPart
    verdict: Verdict
    models: frozenset[str]  # every ORM model's key: models crossing go with the data step


def listed(items: Sequence[str], limit: int = SHOWN) -> str:
    """ "a, b, c", or the first `limit` and how many more."""
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def places(found: Iterable[tuple[str, int]], limit: int = 3) -> str:
    """ "file:line, file:line and 4 more"."""
    return listed([f"{file}:{line}" for file, line in sorted(set(found))], limit)


def the(number: int, word: str) -> str:
    """ "the SQL string", "the 3 SQL strings"."""
    return f"the {word}" if number == 1 else f"the {plural(number, word)}"


def short(model: str) -> str:
    return model.rpartition(".")[2]


def by_unit(models: Sequence[ModelAccess]) -> str:
    """ "auth (ApiKey, Session); billing (Invoice)"."""
    units: dict[str, list[str]] = {}
    for m in models:
        units.setdefault(m.unit, []).append(short(m.model))
    return "; ".join(f"{unit} ({listed(names)})" for unit, names in units.items())


def step(
    number: int,
    text: StepText,
    parts: Parts,
    facts: tuple[list[str], list[str]],
    *,
    informed_by: Iterable[str],
    target_files: Iterable[str],
    depends_on: tuple[int, ...] = (),
) -> Step:
    """A step from its texts in rules/plan.toml and the tasks and checks the facts add."""
    values = {"unit": parts.unit, "root": parts.root}
    tasks, checks = facts
    return Step(
        number=number,
        key=text.key,
        title=text.title.format(**values),
        problem=text.problem.format(**values),
        tasks=(
            *(t.format(**values) for t in text.before),
            *tasks,
            *(t.format(**values) for t in text.tasks),
        ),
        acceptance=(*checks, *(a.format(**values) for a in text.acceptance)),
        informed_by=tuple(dict.fromkeys(informed_by)),
        target_files=tuple(
            dict.fromkeys([*target_files, *(t.format(**values) for t in text.target_files)])
        ),
        depends_on=depends_on,
    )


def service_steps(parts: Parts, rules: PlanRules) -> tuple[Step, ...]:
    api, data, tests, integration = rules.service_steps
    moved = [m for m in parts.layout.moves if m.part == "src"]
    report = f"{parts.reports}/" if parts.reports not in ("", ".") else ""
    data_files = {k.file for k in parts.data.keys} | {
        f for m in (*parts.data.reads, *parts.data.writes) for f, _line in m.places
    }
    return (
        step(
            1,
            api,
            parts,
            _api(parts),
            informed_by=[*parts.files, f"{report}dependency-matrix.md"],
            target_files=[m.target for m in moved],
        ),
        step(
            2,
            data,
            parts,
            _data(parts),
            informed_by=[
                *sorted({m.file for m in parts.data.owned} | data_files),
                f"{report}dependency-matrix.md",
            ],
            target_files=[m.target for m in parts.layout.moves if m.part == "migrations"],
        ),
        step(
            3,
            tests,
            parts,
            suite(parts, rules),
            informed_by=[
                *parts.tests.files,
                *parts.tests.support,
                *sorted({f.file for f in parts.tests.untested}),
            ],
            target_files=[m.target for m in parts.layout.moves if m.part in ("tests", "fixtures")],
        ),
        step(
            4,
            integration,
            parts,
            _integration(parts, rules),
            informed_by=[f"{report}plans/{parts.unit}.md", f"{report}risk-assessment.md"],
            target_files=[],
            depends_on=(1, 2, 3),
        ),
    )


def _api(parts: Parts) -> tuple[list[str], list[str]]:
    api, unit, tasks, checks = parts.api, parts.unit, [], []
    if api.past_facade:
        tasks.append(
            f"Run `coupling seal {unit} --apply` first: {plural(api.past_facade, 'import')} "
            "of other units reach past its facade"
        )
    if api.cuts:
        first = api.cuts[0].sites[0] if api.cuts[0].sites else None
        where = f" ({first.file}:{first.line} first)" if first else ""
        tasks.append(
            f"Cut {the(len(api.cuts), 'module import')} between it and "
            f"{', '.join(sorted(({b.importer_unit for b in api.cuts} | {b.imported_unit for b in api.cuts}) - {unit}))} "
            f"that close its cycle: {listed([f'{b.importer} → {b.imported}' for b in api.cuts], 4)}{where}"
        )
        checks.append(f"It is in no cycle with {', '.join(api.cycle)}")
    files: dict[str, list[str]] = {}
    for e in api.endpoints:
        files.setdefault(e.file, []).append(f"{e.endpoint.method} {e.endpoint.path}")
    tasks += [
        f"Move the {plural(len(found), 'endpoint')} of {file} ({listed(found)})"
        for file, found in files.items()
    ]
    tasks += [
        f"Keep `{m.module}` as API for {', '.join(m.units)}: "
        f"{listed([n.name for n in m.names])}, one contract test each"
        for m in api.contract
    ]
    tasks += _client_tasks(parts)
    tasks += [
        f"Depend on {k.unit} as a published library ({plural(k.statements, 'import statement')} "
        f"of {plural(len({(m.module, n.name) for m in k.modules for n in m.names}), 'name')})"
        for k in api.kernels
    ]
    tasks += _runtime_tasks(parts.runtime)
    if api.endpoints:
        checks.append(
            f"All {plural(len(api.endpoints), 'endpoint')} answer from the service: "
            + listed([f"{e.endpoint.method} {e.endpoint.path}" for e in api.endpoints])
        )
    kept = sum(len(m.names) for m in api.contract)
    if kept:
        checks.append(f"The {plural(kept, 'name')} other units import keep their contract")
    if api.uses:
        checks.append(
            f"The service imports nothing of {', '.join(sorted(u.unit for u in api.uses))}: "
            "it calls their APIs"
            + (" and reads their models from the replica" if parts.data.reads else "")
        )
    checks += [f"{k.unit} comes from its published library" for k in api.kernels]
    return tasks, checks


def _client_tasks(parts: Parts) -> list[str]:
    """One task per unit it imports: call it over its API instead (models are data, served by
    the data step, so they are left out here)."""
    tasks = []
    for u in parts.api.uses:
        calls = [
            (m.module, names)
            for m in u.modules
            if (names := [n.name for n in m.names if f"{m.module}.{n.name}" not in parts.models])
        ]
        if calls:
            tasks.append(
                f"Call {u.unit} over its API instead of importing "
                + "; ".join(f"`{module}` ({listed(names, 4)})" for module, names in calls)
            )
    return tasks


def _runtime_tasks(runtime: RuntimePart) -> list[str]:
    tasks = []
    for event in runtime.events:
        others = sorted({*event.publishers, *event.subscribers})
        if not others and not event.buses:
            continue
        side = "publishes" if event.publishes else "subscribes to"
        via = f" instead of {', '.join(event.buses)} (in-process)" if event.buses else ""
        who = (
            f": {', '.join(others)} {'subscribe' if event.publishes else 'publish'}"
            if others
            else ""
        )
        tasks.append(f"Carry `{event.name}` (it {side}) over a message broker{via}{who}")
    named = [d for d in runtime.dynamic if d.imported]
    if named:
        tasks.append(
            f"Replace the {plural(len(named), 'module')} named in strings across its boundary "
            f"({listed([d.target for d in named], 4)}) by API calls or configuration"
        )
    return tasks


def _data(parts: Parts) -> tuple[list[str], list[str]]:
    return _data_tasks(parts), _data_checks(parts)


def _data_tasks(parts: Parts) -> list[str]:
    data, unit, tasks = parts.data, parts.unit, []
    if data.owned:
        tables = [m.table for m in data.owned if m.table]
        moved = (
            f"move its migrations ({listed(list(data.migrations), 3)})"
            if data.migrations
            else "write their first migration"
        )
        tasks.append(
            f"Take its {plural(len(tables), 'table')} with it ({listed(tables)}) and {moved}"
        )
    for key in data.keys:
        column = f"{key.table}.{key.column}" if key.column else f"{key.table} ({key.kind})"
        owner = f"{key.unit}'s " if key.inbound else ""
        tasks.append(
            f"Replace {owner}foreign key {column} → {key.target_table or short(key.target)} by an id "
            f"the {unit if key.inbound else key.unit} API checks ({key.file}:{key.line})"
        )
    if data.reads:
        tasks.append(
            f"Serve the {plural(len(data.reads), 'model')} it reads from other units from a read "
            f"replica or denormalised views: {by_unit(data.reads)}"
        )
    if data.writes:
        tasks.append(
            f"Move its writes to {by_unit(data.writes)} behind their owners' APIs "
            f"({places(p for m in data.writes for p in m.places)})"
        )
    if data.sql:
        tasks.append(
            f"Rewrite {the(len({(s.file, s.line) for s in data.sql}), 'SQL string')} naming "
            f"other units' tables ({listed(sorted({s.table for s in data.sql}))}; "
            f"{places((s.file, s.line) for s in data.sql)})"
        )
    if data.spans:
        tasks.append(
            f"Split the {plural(len(data.spans), 'transaction')} that also write "
            f"{', '.join(sorted({u for s in data.spans for u in s.units}))} with an outbox or a saga "
            f"({places((s.file, s.line) for s in data.spans)})"
        )
    if data.written_by:
        tasks.append(
            f"{', '.join(data.written_by)} write its tables: move those writes behind its API first"
        )
    users = sorted({m.unit for m in data.used_by})
    if users:
        tasks.append(
            f"Serve its models to {', '.join(users)} through its API "
            f"({listed(sorted({short(m.model) for m in data.used_by}))})"
        )
    return tasks


def _data_checks(parts: Parts) -> list[str]:
    data, checks = parts.data, []
    if data.reads:
        checks.append(
            f"No query to the primary for the {plural(len(data.reads), 'read model')} "
            f"({listed([short(m.model) for m in data.reads], 12)})"
        )
    if data.keys:
        checks.append(
            "No foreign key crosses its boundary: "
            + listed([f"{k.table}.{k.column}" if k.column else k.table for k in data.keys])
            + (" hold plain ids" if len(data.keys) > 1 else " holds a plain id")
        )
    checks.append(
        "It writes no table of another unit"
        if not data.writes
        else f"Its writes to {', '.join(sorted({m.unit for m in data.writes}))} go through their APIs"
    )
    if parts.baseline.load and parts.baseline.load.p99_latency_ms is not None:
        checks.append(
            f"Its queries keep the p99 latency at or under the baseline "
            f"{count(round(parts.baseline.load.p99_latency_ms))} ms"
        )
    return checks


def suite(parts: Parts, rules: PlanRules) -> tuple[list[str], list[str]]:
    tests, tasks, checks = parts.tests, [], []
    moves = [m for m in parts.layout.moves if m.part == "tests"]
    tasks += [f"Move {m.source} to {m.target}" for m in moves[:SHOWN]]
    if len(moves) > SHOWN:
        tasks.append(f"Move the other {plural(len(moves) - SHOWN, 'test file')} the same way")
    if not moves:
        tasks.append(f"It has no tests of its own: write tests for {parts.unit} before moving it")
    if tests.support:
        tasks.append(f"Copy the fixtures its tests rely on from {', '.join(tests.support)}")
    tasks += [
        f"Write characterisation tests for {f.name} (complexity {f.complexity}, "
        f"{f.file}:{f.line}) before moving it"
        for f in tests.untested
    ]
    if parts.api.endpoints:
        tasks.append(
            f"Write a contract test for each of its {plural(len(parts.api.endpoints), 'endpoint')}"
        )
    if moves:
        checks.append(
            f"The moved test file passes in {parts.root}/"
            if len(moves) == 1
            else f"The {len(moves)} moved test files pass in {parts.root}/"
        )
    floor = tests.coverage if tests.coverage is not None else rules.coverage
    source = " (as measured now)" if tests.coverage is not None else ""
    checks.append(f"Line coverage at least {floor:.0%}{source}")
    checks += [f"A test covers {f.name}" for f in tests.untested]
    if parts.api.endpoints:
        checks.append(f"Contract tests cover the {plural(len(parts.api.endpoints), 'endpoint')}")
    return tasks, checks


def _integration(parts: Parts, rules: PlanRules) -> tuple[list[str], list[str]]:
    load, tasks, checks = parts.baseline.load, [], []
    tasks.append(
        f"Route {rules.traffic_share:.0%} of its traffic to the service; the monolith keeps the rest"
    )
    if parts.api.endpoints:
        tasks.append(
            f"Compare the responses of its {plural(len(parts.api.endpoints), 'endpoint')} with the monolith's"
        )
    tasks += [
        f"Check that `{e.name}` still reaches {', '.join(e.subscribers)}"
        for e in parts.runtime.events
        if e.publishes and e.subscribers
    ]
    tasks.append("Measure p99 latency, throughput and error rate against the baseline")
    checks.append("The compared responses all match the monolith's")
    if load is None:
        checks.append("A baseline measured before the switch (none was given: pass --metrics)")
        return tasks, checks
    if load.p99_latency_ms is not None:
        limit = load.p99_latency_ms * (1 + rules.p99_margin)
        checks.append(
            f"p99 latency within {rules.p99_margin:.0%} of the baseline "
            f"{count(round(load.p99_latency_ms))} ms (at most {count(round(limit))} ms)"
        )
    if load.requests_per_day is not None:
        checks.append(f"It serves the baseline's {requests(load.requests_per_day)}")
    if load.error_rate is not None:
        checks.append(f"Error rate at most the baseline's {load.error_rate:.2%}")
    return tasks, checks


def requests(value: float) -> str:
    """45000 → "45k requests/day (45,000)"."""
    return f"{compact(value)} requests/day ({count(round(value))})"
