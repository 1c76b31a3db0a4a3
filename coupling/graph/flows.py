"""Events by name: who publishes, who subscribes, when they are different units."""

from __future__ import annotations

from collections import defaultdict

from coupling.records import EventLink, FileFacts, SourceFile


def event_links(files: list[tuple[SourceFile, FileFacts]]) -> tuple[EventLink, ...]:
    """Events both published and subscribed to, by more than one unit. A name seen on one
    side only is no link (and often no event: `signal.send("...")` has many meanings)."""
    publishers: dict[str, set[tuple[str, str, int]]] = defaultdict(set)
    subscribers: dict[str, set[tuple[str, str, int]]] = defaultdict(set)
    for file, facts in files:
        for event in facts.events:
            side = publishers if event.kind == "publish" else subscribers
            side[event.name].add((file.unit, file.rel, event.line))
    links = []
    for name in sorted(publishers.keys() & subscribers.keys()):
        units = {unit for unit, _f, _l in publishers[name] | subscribers[name]}
        if len(units) > 1:
            links.append(
                EventLink(name, tuple(sorted(publishers[name])), tuple(sorted(subscribers[name])))
            )
    return tuple(links)
