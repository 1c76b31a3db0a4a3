"""Events by name: who publishes, who subscribes, when they are different units, and the
module each call goes through (the bus)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING

from coupling.records import EventLink, EventSite

if TYPE_CHECKING:
    from coupling.records import FileFacts, SourceFile


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


def event_sites(
    files: list[tuple[SourceFile, FileFacts]], modules: Mapping[str, str]
) -> tuple[EventSite, ...]:
    """Every event published or subscribed to by name, with the scanned module whose function
    the call goes through (`utils.events` for `publish` imported from it)."""
    found = [
        EventSite(
            event.name, event.kind, file.unit, file.rel, event.line, _bus(event.call, file, modules)
        )
        for file, facts in files
        for event in facts.events
    ]
    return tuple(sorted(found, key=lambda e: (e.unit, e.name, e.kind, e.file, e.line)))


def _bus(call: str, file: SourceFile, modules: Mapping[str, str]) -> str:
    """The longest scanned module `call` starts with, relative imports resolved; "" for none."""
    dotted = _absolute(call.rpartition(".")[0], file)
    parts = dotted.split(".") if dotted else []
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in modules:
            return candidate
    return ""


def _absolute(name: str, file: SourceFile) -> str:
    """`.events` in module `reporting.scheduler` is `reporting.events`."""
    level = len(name) - len(name.lstrip("."))
    if not level:
        return name
    package = file.module.split(".") if file.is_package else file.module.split(".")[:-1]
    base = package[: len(package) - (level - 1)] if level - 1 <= len(package) else []
    rest = name[level:]
    return ".".join([*base, rest] if rest else base)
