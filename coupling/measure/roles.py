"""One role per unit, decided here once: shared kernel, leaf, hub, core or isolated for the
ranked units; an unranked unit's role is what it is (facade, entry point, shim, migrations,
vendored, generated, empty)."""

from __future__ import annotations

import dataclasses
import statistics
from collections import defaultdict
from typing import TYPE_CHECKING

from coupling.records import (
    RANKED_KINDS,
    KernelReason,
    Role,
    UnitKind,
)

if TYPE_CHECKING:
    from coupling.records import (
        Settings,
        UnitDependency,
        UnitStats,
    )


def with_roles(
    stats: tuple[UnitStats, ...], dependencies: tuple[UnitDependency, ...], settings: Settings
) -> tuple[UnitStats, ...]:
    ranked = {s.name for s in stats if s.kind in RANKED_KINDS}
    kernels = _kernels(ranked, dependencies, settings)
    fan_in = {s.name: s.fan_in for s in stats if s.name in ranked}
    return tuple(
        dataclasses.replace(
            s,
            role=_role(s, kernels, fan_in, len(ranked), settings),
            shared_kernel=kernels.get(s.name, KernelReason.NONE),
        )
        for s in stats
    )


def _kernels(
    ranked: set[str], dependencies: tuple[UnitDependency, ...], settings: Settings
) -> dict[str, KernelReason]:
    """Configured kernels, and the units most others import that import almost nothing back."""
    rule = settings.rules.shared_kernel
    found = dict.fromkeys(settings.shared, KernelReason.CONFIGURED)
    importers: dict[str, set[str]] = defaultdict(set)
    fan_in: dict[str, int] = defaultdict(int)
    fan_out: dict[str, int] = defaultdict(int)
    for dep in dependencies:
        if dep.importer in ranked and dep.imported in ranked:
            importers[dep.imported].add(dep.importer)
            fan_in[dep.imported] += dep.imports
            fan_out[dep.importer] += dep.imports
    others = len(ranked) - 1
    for unit in sorted(ranked - set(found)):
        total = fan_in[unit] + fan_out[unit]
        # "Shared" needs at least two importers: one importer's part is that unit's own.
        if (
            len(importers[unit]) >= 2
            and others
            and len(importers[unit]) / others >= rule.min_importer_share
            and (fan_out[unit] / total if total else 0.0) <= rule.max_instability
        ):
            found[unit] = KernelReason.DETECTED
    return found


_UNRANKED_ROLES = {
    UnitKind.FACADE: Role.FACADE,
    UnitKind.ENTRY: Role.ENTRY,
    UnitKind.SHIM: Role.SHIM,
    UnitKind.MIGRATIONS: Role.MIGRATIONS,
    UnitKind.VENDORED: Role.VENDORED,
    UnitKind.GENERATED: Role.GENERATED,
    UnitKind.EMPTY: Role.EMPTY,
    UnitKind.TEST_SUPPORT: Role.TEST_SUPPORT,
}


def _role(
    stats: UnitStats,
    kernels: dict[str, KernelReason],
    fan_in: dict[str, int],
    ranked: int,
    settings: Settings,
) -> Role:
    if stats.kind not in RANKED_KINDS:
        return _UNRANKED_ROLES[stats.kind]
    if stats.name in kernels:
        return Role.SHARED_KERNEL
    if stats.fan_in + stats.fan_out == 0:
        return Role.ISOLATED
    if stats.fan_in == 0:
        return Role.LEAF
    rule = settings.rules.roles
    others = [value for unit, value in fan_in.items() if unit != stats.name]
    median = statistics.median(others) if others else 0
    if stats.fan_in >= rule.hub_fan_in * max(median, 1) and stats.ca >= rule.hub_importers * (
        ranked - 1
    ):
        return Role.HUB
    return Role.CORE
