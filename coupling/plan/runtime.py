"""The run-time part of a plan: events by name, modules named in strings and tasks across the
unit's boundary, and the in-process buses its events go through (they break silently when it
leaves); its tests; its production baseline."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from coupling.records import (
    Baseline,
    EventKind,
    EventPart,
    RuntimePart,
    TestPart,
)

if TYPE_CHECKING:
    from coupling.records import (
        Analysis,
        EventSite,
        ProductionMetrics,
    )


def runtime_part(analysis: Analysis, unit: str) -> RuntimePart:
    sites: dict[str, list[EventSite]] = defaultdict(list)
    for site in analysis.runtime.event_sites:
        sites[site.name].append(site)
    events = tuple(
        _event(name, found, unit)
        for name, found in sorted(sites.items())
        if any(s.unit == unit for s in found)
    )
    unit_of = {file.module: file.unit for file in analysis.project.files}
    buses = sorted({(bus, unit_of.get(bus, "")) for event in events for bus in event.buses})
    dynamic = tuple(
        d
        for d in analysis.runtime.dynamic
        if (
            d.target_unit
            and d.source_unit != d.target_unit
            and unit in (d.source_unit, d.target_unit)
        )
        or (d.source_unit == unit and not d.imported)
    )
    return RuntimePart(events=events, dynamic=dynamic, buses=tuple(buses))


def _event(name: str, sites: list[EventSite], unit: str) -> EventPart:
    own = [s for s in sites if s.unit == unit]
    others = [s for s in sites if s.unit != unit]
    return EventPart(
        name=name,
        publishes=any(s.kind is EventKind.PUBLISH for s in own),
        subscribes=any(s.kind is EventKind.SUBSCRIBE for s in own),
        places=tuple(sorted({(s.file, s.line) for s in own})),
        publishers=tuple(sorted({s.unit for s in others if s.kind is EventKind.PUBLISH})),
        subscribers=tuple(sorted({s.unit for s in others if s.kind is EventKind.SUBSCRIBE})),
        buses=tuple(sorted({s.bus for s in own if s.bus})),
    )


def suite_part(analysis: Analysis, unit: str) -> TestPart:
    code = analysis.code
    quality = next((q for q in code.units if q.unit == unit), None)
    return TestPart(
        files=quality.tests if quality else (),
        support=quality.support if quality else (),
        untested=tuple(f for f in code.untested if f.unit == unit),
        coverage=quality.coverage if quality else None,
        coverage_source=code.line_coverage,
    )


def baseline(production: ProductionMetrics, unit: str) -> Baseline:
    return Baseline(production.source, dict(production.units).get(unit))
