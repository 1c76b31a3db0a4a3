"""plan_seal: the graph coupling built → the edits that make other units import a unit through
its facade, the names the facade gains, and what was refused."""

from __future__ import annotations

import ast
from dataclasses import dataclass

import libcst as cst

from coupling.records import (
    FileChange,
    ModuleGraph,
    Reexport,
    Refusal,
    RefusalKind,
    Rewrite,
    SealPlan,
    SealRequest,
)
from coupling.seal.bindings import Origins
from coupling.seal.callers import Decision, Demand, Problem, Verdict, decide_file
from coupling.seal.facade import Facade, FacadeError, read_facade
from coupling.seal.facade_plan import seal_facade
from coupling.seal.names import Layout
from coupling.seal.project import Source, layout_of, load_time_graph, read_sources, star_importers
from coupling.seal.rewrite import rewrite_file
from coupling.seal.scan import FileScan, scan_file
from coupling.seal.triage import Reach, import_lines, named_in_strings, reach_of
from coupling.seal.verdicts import Verdicts, structural_verdict


@dataclass(frozen=True)
class _Caller:
    """A file outside the unit that reaches it, scanned."""

    source: Source
    scan: FileScan


def plan_seal(
    graph: ModuleGraph, request: SealRequest, facade_modules: tuple[str, ...]
) -> SealPlan:
    """What sealing request.unit behind its facade would change; reads the files, writes none.

    facade_modules: the names of modules the reports count as a unit's public face besides
    its __init__ (rules.facade_modules); imports of them are not past the facade.
    """
    layout = layout_of(graph, request, facade_modules)
    project = graph.project
    needle = layout.unit.rsplit(".", 1)[-1]
    sources, refusals = read_sources(project.files + project.test_files, needle)
    by_module = {s.file.module: s for s in sources}
    facade_source = by_module.get(layout.facade)
    facade, facade_problem = _read_facade(layout, facade_source)
    patched: dict[tuple[str, str], tuple[str, int]] = {}
    callers = _scan_callers(
        layout, sources, needle=needle, tests=request.tests, refusals=refusals, patched=patched
    )
    wanted: set[Demand] = set()
    for caller in callers:
        wanted |= _decide(layout, caller, structural_verdict).demands
    verdicts = Verdicts(
        layout=layout,
        facade=facade,
        facade_problem=facade_problem,
        origins=Origins({m: s.text for m, s in by_module.items()}, layout.packages),
        graph=load_time_graph(graph),
        wanted=wanted,
        patched=patched,
    )
    changes: list[FileChange] = []
    rewrites: list[Rewrite] = []
    taken: set[Demand] = set()
    named_from_facade: set[str] = set()
    for caller in callers:
        decision = _decide(layout, caller, verdicts)
        refusals.extend(decision.refusals)
        taken |= decision.demands
        named_from_facade |= decision.named_from_facade
        after, done = rewrite_file(caller.scan, decision.edits)
        rewrites.extend(done)
        changes.extend(_change(caller.source, after))
    reexports: list[Reexport] = []
    if facade is not None and facade_source is not None and taken:
        sealed = seal_facade(
            facade,
            verdicts,
            routed={name: module for _, module, name in sorted(taken, reverse=True)},
            taken_already=named_from_facade,
            star_importers=star_importers(graph, layout.facade),
        )
        refusals.extend(sealed.notes)
        reexports = sealed.reexports
        changes.extend(_change(facade_source, sealed.after))
    return SealPlan(
        unit=request.unit,
        facade=layout.facade,
        facade_file=facade_source.file.rel if facade_source else "",
        changes=tuple(sorted(changes, key=lambda c: c.file)),
        rewrites=tuple(sorted(rewrites, key=lambda r: (r.file, r.line, r.is_use, r.before))),
        reexports=tuple(reexports),
        refusals=tuple(sorted(set(refusals), key=lambda r: (r.file, r.line, r.message))),
    )


def _change(source: Source, after: str) -> list[FileChange]:
    if after == source.text:
        return []
    return [FileChange(source.file.rel, source.file.path, source.text, after)]


def _read_facade(layout: Layout, source: Source | None) -> tuple[Facade | None, Problem | None]:
    """The facade, or why no name can be added to it (it does not parse, or its generated
    block was damaged)."""
    if source is None:
        return None, (RefusalKind.PARSE, f"the facade {layout.facade} cannot be read")
    try:
        facade = read_facade(source.file.rel, layout.facade, source.file.is_package, source.text)
    except FacadeError as error:
        return None, (RefusalKind.PARSE, str(error))
    return facade, None


def _scan_callers(
    layout: Layout,
    sources: list[Source],
    *,
    needle: str,
    tests: bool,
    refusals: list[Refusal],
    patched: dict[tuple[str, str], tuple[str, int]],
) -> list[_Caller]:
    """Parse every file outside the unit that reaches it; report the strings naming modules
    behind its facade (in test code too: that is where mock.patch targets live) and keep the
    names they target in `patched`; report the files that do not parse."""
    callers: list[_Caller] = []
    for source in sorted(sources, key=lambda s: s.file.rel):
        file = source.file
        # Any reference to the unit, absolute or relative, spells its last name somewhere.
        if layout.is_inside_unit(file.module) or needle not in source.text:
            continue
        try:
            tree = ast.parse(source.text)
        except (SyntaxError, ValueError) as error:
            line = getattr(error, "lineno", None) or 1
            message = f"cannot parse: {error}; the file is left alone"
            refusals.append(Refusal(file.rel, line, RefusalKind.PARSE, message))
            continue
        for named in named_in_strings(tree, file.rel, layout):
            refusals.append(named.refusal)
            if named.target is not None:
                patched.setdefault(named.target, (file.rel, named.line))
        reach = reach_of(tree, file.module, file.is_package, layout)
        if reach is Reach.NONE or (file.is_test and not tests):
            continue
        try:
            scan = scan_file(
                file.rel,
                file.module,
                file.is_package,
                source.text,
                layout,
                follow_uses=reach is Reach.MODULES,
                import_lines=import_lines(tree),
            )
        except cst.ParserSyntaxError as error:  # Python accepts it, libcst does not
            message = f"cannot parse: {error.message}; the file is left alone"
            refusals.append(Refusal(file.rel, error.raw_line, RefusalKind.PARSE, message))
            continue
        callers.append(_Caller(source, scan))
    return callers


def _decide(layout: Layout, caller: _Caller, verdict: Verdict) -> Decision:
    file = caller.source.file
    unit = file.unit or "tests"  # test folders outside PATH belong to no unit
    return decide_file(caller.scan, layout, verdict, is_package=file.is_package, unit=unit)
