"""The names that cross a unit's boundary, each once with its count, grouped by module: what
other units take from it (the contract its API keeps), and what it takes from each other unit
(calls to make over an API, or a library to depend on)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from coupling.records import (
    Crossing,
    ModuleNames,
    NameCount,
    Role,
    UnitNames,
)

if TYPE_CHECKING:
    from coupling.records import (
        ImportCoupling,
        ImportSite,
    )


def kernels_of(imports: ImportCoupling) -> frozenset[str]:
    return frozenset(u.name for u in imports.units if u.role is Role.SHARED_KERNEL)


def contract(imports: ImportCoupling, unit: str) -> tuple[ModuleNames, ...]:
    """What other units import from `unit`, module by module (strings naming its modules
    are left to the run-time links)."""
    sites = [
        (dep.importer, site)
        for dep in imports.dependencies
        if dep.imported == unit
        for site in dep.sites
        if not site.by_name
    ]
    return by_module(sites)


def taken(imports: ImportCoupling, unit: str, *, by_name: bool = False) -> tuple[UnitNames, ...]:
    """What `unit` imports from each other unit, shared kernels marked, most statements first:
    what it calls at run time, so imports for type checking only are left out (with `by_name`,
    everything that crosses: those, and the modules it names in strings too)."""
    kernels = kernels_of(imports)
    found = [
        UnitNames(
            unit=dep.imported,
            kernel=dep.imported in kernels,
            statements=len(sites),
            modules=by_module([(dep.imported, site) for site in sites]),
        )
        for dep in imports.dependencies
        if dep.importer == unit
        and (sites := [s for s in dep.sites if by_name or not (s.by_name or s.type_checking)])
    ]
    return tuple(sorted(found, key=lambda u: (-u.statements, u.unit)))


def given(imports: ImportCoupling, unit: str) -> tuple[UnitNames, ...]:
    """What each other unit imports from `unit` (or names in strings), most statements first."""
    kernels = kernels_of(imports)
    found = [
        UnitNames(
            unit=dep.importer,
            kernel=dep.importer in kernels,
            statements=dep.imports,
            modules=by_module([(dep.importer, site) for site in dep.sites]),
        )
        for dep in imports.dependencies
        if dep.imported == unit
    ]
    return tuple(sorted(found, key=lambda u: (-u.statements, u.unit)))


def crossing(imports: ImportCoupling, unit: str) -> Crossing:
    return Crossing(unit, taken(imports, unit, by_name=True), given(imports, unit))


def by_module(sites: Iterable[tuple[str, ImportSite]]) -> tuple[ModuleNames, ...]:
    """(the unit on the other side, site) → each module's names, once each with the number of
    import statements taking it; modules by statements, then name."""
    names: dict[str, Counter[str]] = defaultdict(Counter)
    units: dict[str, set[str]] = defaultdict(set)
    statements: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for other, site in sites:
        names[site.imported].update(set(site.names))
        units[site.imported].add(other)
        statements[site.imported].add((site.file, site.line))
    found = [
        ModuleNames(
            module=module,
            names=tuple(
                NameCount(name, number)
                for name, number in sorted(counted.items(), key=lambda n: (-n[1], n[0]))
            ),
            units=tuple(sorted(units[module])),
            statements=len(statements[module]),
            places=tuple(sorted(statements[module])),
        )
        for module, counted in names.items()
    ]
    return tuple(sorted(found, key=lambda m: (-m.statements, m.module)))


def distinct(modules: Iterable[ModuleNames]) -> int:
    """Distinct names across modules."""
    return len({(m.module, n.name) for m in modules for n in m.names})
