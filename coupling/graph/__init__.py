"""Facts resolved into a graph: import statements, ORM models and the data edges between
units, and module names found in strings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coupling.graph.data import data_edges, transaction_spans
from coupling.graph.dynamic import dynamic_edges
from coupling.graph.flows import event_links, event_sites
from coupling.graph.imports import Resolver, modules_of
from coupling.graph.models import ModelIndex
from coupling.records import (
    ModuleGraph,
)

if TYPE_CHECKING:
    from coupling.records import (
        CollectedFacts,
        Project,
        ResolvedImport,
        SourceFile,
        Unresolved,
    )


def build_graph(project: Project, collected: CollectedFacts) -> ModuleGraph:
    """Every import statement of the project resolved; models, data and dynamic edges."""
    scripts = frozenset(n.module for n in project.namespaces)
    internal = {file.module for file in project.files} | scripts
    root = (project.root / project.scan_path).name
    resolver = Resolver(
        internal,
        set(project.context_modules),
        frozenset(project.first_party),
        scripts,
        namespace_root=root if not project.package and root.isidentifier() else "",
    )
    imports: list[ResolvedImport] = []
    unresolved: list[Unresolved] = []
    for file, facts in zip(project.files, collected.facts, strict=True):
        for fact in facts.imports:
            resolved, problems = resolver.resolve(file, fact)
            imports.append(resolved)
            unresolved.extend(problems)
    test_imports = [
        resolver.resolve(file, fact)[0]  # a test's unresolved imports are not the scanned code's
        for file, facts in zip(project.test_files, collected.test_facts, strict=True)
        for fact in facts.imports
    ]
    modules = modules_of(project, collected.facts)
    production = [
        (f, facts) for f, facts in zip(project.files, collected.facts, strict=True) if not f.is_test
    ]
    production_imports = tuple(imp for imp, f in _with_files(imports, project) if not f.is_test)
    index = ModelIndex(production)
    unit_of = {m.name: m.unit for m in modules}
    return ModuleGraph(
        project=project,
        facts=collected.facts,
        modules=modules,
        imports=tuple(imports),
        unresolved=tuple(unresolved),
        test_facts=collected.test_facts,
        test_imports=tuple(test_imports),
        models=index.models,
        data_edges=data_edges(index, production, production_imports),
        dynamic=dynamic_edges(production, unit_of),
        spans=transaction_spans(index, production),
        events=event_links(production),
        event_sites=event_sites(production, unit_of),
    )


def _with_files(
    imports: list[ResolvedImport], project: Project
) -> list[tuple[ResolvedImport, SourceFile]]:
    by_module = {file.module: file for file in project.files}
    return [(imp, by_module[imp.importer]) for imp in imports]
