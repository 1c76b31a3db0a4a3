"""What each unit is: a subsystem or a module with code of its own (ranked as candidates), or
the package's facade, an entry point, a shim, migrations, vendored or generated code, an
empty package or test helpers (listed apart: none of them is a service a team would extract)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from coupling.discover import ROOT_UNIT
from coupling.records import DefinitionKind, UnitKind

if TYPE_CHECKING:
    from coupling.records import FileFacts, ModuleGraph, Settings, SourceFile


def unit_kinds(graph: ModuleGraph, settings: Settings) -> dict[str, UnitKind]:
    files: dict[str, list[tuple[SourceFile, FileFacts]]] = defaultdict(list)
    for file, facts in zip(graph.project.files, graph.facts, strict=True):
        if not file.is_test:
            files[file.unit].append((file, facts))
    return {unit: _kind(unit, files[unit], graph, settings) for unit in graph.project.units}


def _kind(
    unit: str,
    files: list[tuple[SourceFile, FileFacts]],
    graph: ModuleGraph,
    settings: Settings,
) -> UnitKind:
    rules = settings.rules.units
    name = unit.rsplit(".", 1)[-1]
    # One module: a file, or the package's own __init__ (its unit holds nothing else).
    single = len(files) == 1 and (not files[0][0].is_package or unit == ROOT_UNIT)
    checks = (  # the first that holds
        (
            unit == ROOT_UNIT
            and bool(graph.project.package)
            and _definitions(files) <= rules.facade_max_definitions,
            UnitKind.FACADE,
        ),
        (name in rules.vendored_folders or unit in settings.vendored, UnitKind.VENDORED),
        (single and name in rules.entry_modules, UnitKind.ENTRY),
        (name in rules.migration_folders or _mostly_migrations(files), UnitKind.MIGRATIONS),
        (_generated_share(files) > 0.5, UnitKind.GENERATED),
        (_is_shim(facts for _file, facts in files), UnitKind.SHIM),
        (all(_no_code(facts) for _file, facts in files), UnitKind.EMPTY),
        (
            name in rules.test_support_names and _uses_test_framework(files, rules.test_frameworks),
            UnitKind.TEST_SUPPORT,
        ),
    )
    found = next((kind for holds, kind in checks if holds), None)
    return found or (UnitKind.MODULE if single else UnitKind.SUBSYSTEM)


def _definitions(files: list[tuple[SourceFile, FileFacts]]) -> int:
    """Functions and classes the files define."""
    wanted = (DefinitionKind.CLASS, DefinitionKind.FUNCTION)
    return sum(d.kind in wanted for _file, facts in files for d in facts.definitions)


def _mostly_migrations(files: list[tuple[SourceFile, FileFacts]]) -> bool:
    """Every module with code is a migration (an app's own migrations/ folder does not make
    the app a migrations unit: the migrations are evidence of its data)."""
    counted = [facts for _file, facts in files if not _no_code(facts)]
    return bool(counted) and all(facts.migration for facts in counted)


def _generated_share(files: list[tuple[SourceFile, FileFacts]]) -> float:
    code = sum(facts.code_lines for _file, facts in files)
    generated = sum(facts.code_lines for _file, facts in files if facts.generated)
    return generated / code if code else 0.0


def _is_shim(facts: Iterable[FileFacts]) -> bool:
    """Every module with code only re-exports, and at least one does."""
    with_code = [f for f in facts if not _no_code(f)]
    return bool(with_code) and all(f.shim for f in with_code)


def _uses_test_framework(
    files: list[tuple[SourceFile, FileFacts]], frameworks: tuple[str, ...]
) -> bool:
    return any(
        target == framework or target.startswith(framework + ".")
        for _file, facts in files
        for imp in facts.imports
        for target in imp.targets
        for framework in frameworks
    )


def _no_code(facts: FileFacts) -> bool:
    """An empty module, or one holding only its docstring."""
    return not facts.imports and not facts.definitions and not facts.statement_lines
