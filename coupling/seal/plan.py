"""plan_seal: the graph coupling built → the edits that make other units import a unit through
its facade, the names the facade gains, and what was refused."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from coupling.records import (
    FileChange,
    Reexport,
    Refusal,
    RefusalKind,
    Rewrite,
    SealPlan,
)
from coupling.seal.bindings import Origins
from coupling.seal.callers import decide_file
from coupling.seal.facade import FacadeError, read_facade
from coupling.seal.facade_plan import seal_facade
from coupling.seal.project import Source, layout_of, load_time_graph, read_sources, star_importers
from coupling.seal.rewrite import rewrite_file
from coupling.seal.scan import FileScan, scan_file
from coupling.seal.triage import Reach, import_lines, named_in_strings, reach_of
from coupling.seal.verdicts import Verdicts, structural_verdict

if TYPE_CHECKING:
    from coupling.records import (
        ModuleGraph,
        SealRequest,
    )
    from coupling.seal.callers import Decision, Demand, Problem, Verdict
    from coupling.seal.facade import Facade
    from coupling.seal.names import Layout


@dataclass(frozen=True)
class _Caller:
    """A file outside the unit that reaches it, scanned."""

    source: Source
    scan: FileScan


@dataclass
class _Draft:
    """The plan as it is made: each step adds to it."""

    refusals: list[Refusal]
    changes: list[FileChange] = field(default_factory=list)
    rewrites: list[Rewrite] = field(default_factory=list)
    reexports: list[Reexport] = field(default_factory=list)
    # (module, name) → where a string names it: a mock.patch target, probably.
    patched: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)

    def change(self, source: Source, after: str) -> None:
        if after != source.text:
            self.changes.append(FileChange(source.file.rel, source.file.path, source.text, after))

    def plan(self, unit: str, facade: str, facade_source: Source | None) -> SealPlan:
        """The plan, every part sorted: the same tree gives the same plan."""
        return SealPlan(
            unit=unit,
            facade=facade,
            facade_file=facade_source.file.rel if facade_source else "",
            changes=tuple(sorted(self.changes, key=lambda c: c.file)),
            rewrites=tuple(
                sorted(self.rewrites, key=lambda r: (r.file, r.line, r.is_use, r.before))
            ),
            reexports=tuple(sorted(self.reexports, key=lambda r: (r.module, r.name))),
            refusals=tuple(sorted(set(self.refusals), key=lambda r: (r.file, r.line, r.message))),
        )


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
    sources, unread = read_sources(project.files + project.test_files, needle)
    draft = _Draft(unread)
    by_module = {source.file.module: source for source in sources}
    facade_source = by_module.get(layout.facade)
    callers = _scan_callers(layout, sources, needle=needle, tests=request.tests, draft=draft)
    verdicts = _verdicts(graph, layout, by_module, callers, draft.patched)
    taken, named_from_facade = _rewrite_callers(layout, callers, verdicts, draft)
    if verdicts.facade is not None and facade_source is not None and taken:
        sealed = seal_facade(
            verdicts.facade,
            verdicts,
            routed={name: module for _, module, name in sorted(taken, reverse=True)},
            taken_already=named_from_facade,
            star_importers=star_importers(graph, layout.facade),
        )
        draft.refusals.extend(sealed.notes)
        draft.reexports.extend(sealed.reexports)
        draft.change(facade_source, sealed.after)
    return draft.plan(request.unit, layout.facade, facade_source)


def _verdicts(
    graph: ModuleGraph,
    layout: Layout,
    by_module: dict[str, Source],
    callers: list[_Caller],
    patched: dict[tuple[str, str], tuple[str, int]],
) -> Verdicts:
    """The verdicts of this seal. A first pass over the callers learns every name any of them
    would take: whether two modules offer different objects of one name is known only then."""
    wanted: set[Demand] = set()
    for caller in callers:
        wanted |= _decide(layout, caller, structural_verdict).demands
    facade, facade_problem = _read_facade(layout, by_module.get(layout.facade))
    return Verdicts(
        layout=layout,
        facade=facade,
        facade_problem=facade_problem,
        origins=Origins({m: s.text for m, s in by_module.items()}, layout.packages),
        graph=load_time_graph(graph),
        wanted=wanted,
        patched=patched,
    )


def _rewrite_callers(
    layout: Layout, callers: list[_Caller], verdicts: Verdicts, draft: _Draft
) -> tuple[set[Demand], set[str]]:
    """Each caller rewritten on its own tree; the names now taken from the facade, and those
    other units already imported from it by name."""
    taken: set[Demand] = set()
    named_from_facade: set[str] = set()
    for caller in callers:
        decision = _decide(layout, caller, verdicts)
        draft.refusals.extend(decision.refusals)
        taken |= decision.demands
        named_from_facade |= decision.named_from_facade
        after, done = rewrite_file(caller.scan, decision.edits)
        draft.rewrites.extend(done)
        draft.change(caller.source, after)
    return taken, named_from_facade


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
    layout: Layout, sources: list[Source], *, needle: str, tests: bool, draft: _Draft
) -> list[_Caller]:
    """Parse every file outside the unit that reaches it; report the strings naming modules
    behind its facade (in test code too: that is where mock.patch targets live) and keep the
    names they target; report the files that do not parse."""
    callers: list[_Caller] = []
    for source in sorted(sources, key=lambda s: s.file.rel):
        file = source.file
        # Any reference to the unit, absolute or relative, spells its last name somewhere.
        if layout.is_inside_unit(file.module) or needle not in source.text:
            continue
        tree = _parse(source, draft)
        if tree is None:
            continue
        for named in named_in_strings(tree, file.rel, layout):
            draft.refusals.append(named.refusal)
            if named.target is not None:
                draft.patched.setdefault(named.target, (file.rel, named.line))
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
            draft.refusals.append(_unparsed(source, error.raw_line, error.message))
            continue
        callers.append(_Caller(source, scan))
    return callers


def _parse(source: Source, draft: _Draft) -> ast.Module | None:
    """The file's tree; None, and a refusal, when it does not parse."""
    try:
        return ast.parse(source.text)
    except (SyntaxError, ValueError) as error:  # ValueError: a null byte
        draft.refusals.append(_unparsed(source, getattr(error, "lineno", None) or 1, str(error)))
        return None


def _unparsed(source: Source, line: int, why: str) -> Refusal:
    message = f"cannot parse: {why}; the file is left alone"
    return Refusal(source.file.rel, line, RefusalKind.PARSE, message)


def _decide(layout: Layout, caller: _Caller, verdict: Verdict) -> Decision:
    file = caller.source.file
    unit = file.unit or "tests"  # test folders outside PATH belong to no unit
    return decide_file(caller.scan, layout, verdict, is_package=file.is_package, unit=unit)
