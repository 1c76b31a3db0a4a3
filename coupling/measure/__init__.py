"""ModuleGraph → Analysis: the matrix, per-unit coupling figures, cycles and their breakers."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from coupling.errors import ConfigError
from coupling.measure.api import public_surfaces, unit_endpoints
from coupling.measure.cycles import (
    cycle_breakers,
    cycles_through_facade,
    import_shape,
    levelised_order,
    listed_cycles,
)
from coupling.measure.data import data_cells, migration_files, migrations_per_unit, shared_tables
from coupling.measure.kinds import unit_kinds
from coupling.measure.ownership import file_hotspots, unit_owners, unit_pairs
from coupling.measure.quality import quality
from coupling.measure.roles import with_roles
from coupling.measure.units import unit_dependencies, unit_stats
from coupling.records import (
    RANKED_KINDS,
    Accounting,
    Analysis,
    DataCoupling,
    Evolution,
    ImportCoupling,
    Interfaces,
    Parser,
    RuntimeLinks,
    Skipped,
    Sources,
)

if TYPE_CHECKING:
    from coupling.records import (
        CycleShape,
        ImportShape,
        Inputs,
        ModuleGraph,
        Settings,
    )


def measure(
    graph: ModuleGraph,
    settings: Settings,
    inputs: Inputs,
    *,
    known: CycleShape | None = None,
) -> Analysis:
    """Everything dependency-matrix.md and coupling.json report about how the units couple;
    `known` is the last run's cycle shape, reused when the import structure is the same."""
    _known_shared(graph, settings)
    imports = _import_coupling(graph, settings, known)
    stats = {s.name: s for s in imports.units}
    return Analysis(
        project=graph.project,
        files=settings.inputs,
        imports=imports,
        data=DataCoupling(
            models=graph.models,
            cells=data_cells(graph),
            shared_tables=shared_tables(graph),
            spans=graph.spans,
            migrations=migrations_per_unit(graph),
            migration_files=migration_files(graph),
        ),
        interfaces=Interfaces(
            endpoints=unit_endpoints(graph),
            surfaces=public_surfaces(graph, imports.dependencies, settings.rules),
        ),
        code=quality(graph, stats, settings.rules, inputs.coverage),
        runtime=RuntimeLinks(
            dynamic=graph.dynamic, events=graph.events, event_sites=graph.event_sites
        ),
        evolution=_evolution(graph, imports, settings, inputs),
        accounting=_accounting(graph),
        sources=_sources(graph, inputs),
    )


def _sources(graph: ModuleGraph, inputs: Inputs) -> Sources:
    return Sources(
        import_statements=len(graph.imports),
        models=len(graph.models),
        sql=sum(1 for facts in graph.facts for _table in facts.sql_tables),
        endpoints=sum(
            len(f.endpoints)
            for f, file in zip(graph.facts, graph.project.files, strict=True)
            if not file.is_test
        ),
        history=inputs.history.source,
        history_note=inputs.history.note,
        codeowners=inputs.ownership.source,
        coverage=inputs.coverage.source if inputs.coverage else "",
        metrics=inputs.metrics.source,
        units_from=graph.project.units_from,
    )


def _known_shared(graph: ModuleGraph, settings: Settings) -> None:
    units = graph.project.units
    unknown = sorted(set(settings.shared) - set(units))
    if unknown:
        raise ConfigError(
            f"shared names unknown unit(s) {', '.join(unknown)}; units here: {', '.join(units)}",
            path=settings.config_file,
        )


def _import_coupling(
    graph: ModuleGraph, settings: Settings, known: CycleShape | None
) -> ImportCoupling:
    dependencies = unit_dependencies(graph)
    kinds = unit_kinds(graph, settings)
    ranked = {unit for unit, kind in kinds.items() if kind in RANKED_KINDS}
    shape = _cycle_shape(import_shape(graph, dependencies, ranked, settings.rules), known)
    figures = unit_stats(graph, dependencies, kinds)
    stats = {s.name: s for s in with_roles(figures, dependencies, settings)}
    order = levelised_order(shape, stats)
    return ImportCoupling(
        order=order,
        units=tuple(stats[name] for name in order),
        dependencies=dependencies,
        groups=shape.groups,
        cycles=listed_cycles(shape, dependencies),
        cycles_complete=shape.complete,
        breakers=cycle_breakers(graph, shape),
        statements=len(graph.imports),
        through_facade=cycles_through_facade(dependencies, ranked, shape),
        shape=shape,
    )


def _evolution(
    graph: ModuleGraph, imports: ImportCoupling, settings: Settings, inputs: Inputs
) -> Evolution:
    history, ownership = inputs.history, inputs.ownership
    return Evolution(
        history=history,
        ownership=ownership.source,
        owners=unit_owners(ownership, graph),
        pairs=unit_pairs(history, imports.dependencies),
        file_hotspots=file_hotspots(history, graph, settings.rules),
    )


def _cycle_shape(wanted: ImportShape, known: CycleShape | None) -> CycleShape:
    if known is not None and known.source == wanted:
        return known
    # Imported here: a warm check whose import structure did not change never loads grimp.
    from coupling.measure.shape import cycle_shape

    return cycle_shape(wanted)


def _accounting(graph: ModuleGraph) -> Accounting:
    failed = [
        Skipped(file.rel, facts.error or "could not be parsed", facts.error_line)
        for file, facts in zip(graph.project.files, graph.facts, strict=True)
        if facts.parser is Parser.NONE
    ]
    return Accounting(
        files=len(graph.project.files),
        parsed_ast=sum(1 for facts in graph.facts if facts.parser is Parser.AST),
        parsed_libcst=sum(1 for facts in graph.facts if facts.parser is Parser.LIBCST),
        skipped=tuple(sorted((*graph.project.skipped, *failed), key=lambda s: (s.file, s.reason))),
        unresolved=graph.unresolved,
        partial=tuple(
            (file.rel, facts.partial)
            for file, facts in zip(graph.project.files, graph.facts, strict=True)
            if facts.partial and facts.parser is not Parser.NONE
        ),
        test_files=len(graph.project.test_files) + sum(1 for f in graph.project.files if f.is_test),
        ignored=graph.project.ignored,
        notes=_notes(graph),
        newer=tuple(
            file.rel
            for file, facts in zip(graph.project.files, graph.facts, strict=True)
            if facts.parser is Parser.NEWER_AST
        ),
    )


def _notes(graph: ModuleGraph) -> tuple[str, ...]:
    """Signs that PATH was misread: imports of third-party packages named like units, and one
    unit holding most of the code (its parts are likely the units meant)."""
    return (*_stray_init(graph), *_one_big_unit(graph))


def _stray_init(graph: ModuleGraph) -> tuple[str, ...]:
    """Imports of third-party packages named like units. A unit that imports the package it
    is named after wraps it (a cache backend redis.py importing the redis client): no sign."""
    unit_of = {file.module: file.unit for file in graph.project.files}
    third_party = {name for imp in graph.imports for name in imp.external}
    wrappers = {
        name for imp in graph.imports for name in imp.external if unit_of.get(imp.importer) == name
    }
    clashes = sorted((third_party - wrappers) & set(graph.project.units))
    if not clashes or not graph.project.package:
        return ()
    package = graph.project.package
    return (
        f"imports of {', '.join(clashes)} find no scanned module, though units have those names: "
        f"`{graph.project.scan_path}` has an __init__.py, so its modules are named {package}.*; "
        "remove that __init__.py or scan the folder above it",
    )


BIG_UNIT_SHARE = 0.6  # a unit holding more of the files than this hides the units inside it
BIG_UNIT_PARTS = 3  # ...when it has at least this many sub-packages or modules of its own


def _one_big_unit(graph: ModuleGraph) -> tuple[str, ...]:
    """django-oscar's `apps` holds 381 of its 465 files: scanned one level deeper, its apps
    (basket, catalogue, order…) are the units."""
    files = [file for file in graph.project.files if not file.is_test]
    per_unit = Counter(file.unit for file in files)
    if not per_unit:
        return ()
    unit, count = per_unit.most_common(1)[0]
    package, depth = graph.project.package, len(unit.split("."))
    below = (
        (file.module.removeprefix(f"{package}.") if package else file.module).split(".")
        for file in files
        if file.unit == unit
    )
    parts = {names[depth] for names in below if len(names) > depth} - {"__init__"}
    if count <= BIG_UNIT_SHARE * len(files) or len(parts) < BIG_UNIT_PARTS or len(per_unit) < 2:
        return ()
    folder = f"{graph.project.scan_path}/{unit.replace('.', '/')}".removeprefix("./")
    return (
        f"unit {unit} holds {count} of the {len(files)} files, in {len(parts)} parts: they are "
        f"likely the units you mean; scan them with `--depth {graph.project.depth + 1}` or "
        f"`coupling scan {folder}`",
    )
