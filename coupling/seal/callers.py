"""Decide, for one caller file, which imports and uses move to the facade and which are refused.

The decision is a pure function of the scan and a verdict on each (caller, module, name) the
file would take from the facade, so the planner runs it twice: once to learn every name the
callers want, once with the verdicts that know them all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst
from libcst.metadata import ExpressionContext, ExpressionContextProvider

from coupling.records import ImportPlace, Refusal, RefusalKind
from coupling.seal.names import Layout, prefixes
from coupling.seal.scan import FileScan

if TYPE_CHECKING:
    from coupling.seal.scan import Binding, FromImport, Use

Problem = tuple[RefusalKind, str]
Demand = tuple[str, str, str]  # (caller unit, module behind the facade, name)


@dataclass(frozen=True)
class Caller:
    """The module asking for a name, and when: `eager` when its import runs as the module loads
    (once sealed, the module imports the facade then); `when_called` when it looks the name
    up each time a function runs, so that a mock.patch of the deep module reaches it."""

    module: str
    eager: bool
    when_called: bool


Verdict = Callable[[Caller, str, str], Problem | None]


@dataclass
class FromSplit:
    """How one `from ... import` statement splits: names to the facade, module aliases, the rest."""

    facade_module: str  # as written: absolute, or relative when the statement was
    to_facade: list[cst.ImportAlias]
    to_import_as: list[tuple[str, str]]  # (facade, bound name): `import billing as models`
    kept: list[cst.ImportAlias]


@dataclass
class Edits:
    uses: dict[cst.Attribute, tuple[str, ...]] = field(default_factory=dict)  # → path to facade
    import_aliases: dict[cst.ImportAlias, str] = field(default_factory=dict)  # → new module
    from_splits: dict[cst.ImportFrom, FromSplit] = field(default_factory=dict)


@dataclass
class Decision:
    edits: Edits = field(default_factory=Edits)
    refusals: list[Refusal] = field(default_factory=list)
    demands: set[Demand] = field(default_factory=set)
    named_from_facade: set[str] = field(default_factory=set)  # `from billing import X` already


@dataclass
class _Event:
    """One use of a module behind the facade: what it takes, or why it cannot move."""

    line: int
    node: cst.Attribute | None  # the expression naming the module, replaced by the facade
    to_facade: tuple[str, ...]  # attributes from the bound name to the facade
    name: str | None
    problem: Problem | None


@dataclass
class _Context:
    scan: FileScan
    layout: Layout
    verdict: Verdict
    unit: str
    out: Decision
    is_package: bool

    def refuse(self, line: int, problem: Problem) -> None:
        self.out.refusals.append(Refusal(self.scan.path, line, problem[0], problem[1]))


def decide_file(
    scan: FileScan, layout: Layout, verdict: Verdict, *, is_package: bool, unit: str
) -> Decision:
    """What moves to the facade in one caller (of unit `unit`), and what is refused."""
    ctx = _Context(scan, layout, verdict, unit, Decision(), is_package)
    by_module: dict[str, list[_Event]] = defaultdict(list)
    by_alias: dict[int, list[_Event]] = defaultdict(list)
    for use in scan.uses:
        _classify_use(ctx, use, by_module, by_alias)
    sealed_modules = _decide_modules(ctx, by_module)
    _decide_rooted_imports(ctx, by_module, sealed_modules)
    sealed_aliases = _decide_aliases(ctx, by_alias)
    for found in scan.from_imports:
        _decide_from_import(ctx, found, sealed_aliases)
    return ctx.out


def _resolve(layout: Layout, bound: str, attrs: list[str]) -> tuple[str, int] | None:
    """The longest known module along bound.attr1.attr2… and how many attributes it used."""
    for used in range(len(attrs), -1, -1):
        candidate = ".".join([bound, *attrs[:used]])
        if candidate in layout.modules:
            return candidate, used
    return None


def _classify_use(
    ctx: _Context, use: Use, by_module: dict[str, list[_Event]], by_alias: dict[int, list[_Event]]
) -> None:
    attrs = [name for name, _ in use.attrs]
    for bound in sorted({b.module for b in use.bindings}):
        resolved = _resolve(ctx.layout, bound, attrs)
        if resolved is None:
            continue
        module, used = resolved
        if ctx.layout.is_on_way_to_facade(module) and used < len(attrs) and use.clean:
            ctx.refuse(use.line, _not_facade(ctx.layout, module, attrs[used]))
            continue
        if not ctx.layout.is_behind_facade(module):
            continue
        event = _event(ctx, use, bound, module, used)
        if ctx.layout.is_behind_facade(bound):
            for binding in use.bindings:
                if binding.module == bound:
                    by_alias[id(binding)].append(event)
        else:
            by_module[module].append(event)


def _event(ctx: _Context, use: Use, bound: str, module: str, used: int) -> _Event:
    to_facade = ctx.layout.facade_path_from(bound) or ()
    node = use.attrs[used - 1][1] if used else None
    name = use.attrs[used][0] if used < len(use.attrs) else None
    problem = _use_problem(ctx, use, bound, module, used)
    if problem is None and name is not None:
        eager = any(b.where is ImportPlace.MODULE for b in use.bindings if b.module == bound)
        called = ctx.scan.where.get(use.attrs[used][1]) is ImportPlace.FUNCTION
        problem = ctx.verdict(Caller(ctx.scan.module, eager, called), module, name)
    return _Event(use.line, node, to_facade, name, problem)


def _use_problem(ctx: _Context, use: Use, bound: str, module: str, used: int) -> Problem | None:
    """Why this use cannot be served by the facade, when it is not about the name itself."""
    if not use.clean:
        return (
            RefusalKind.REBOUND,
            f"`{use.root.value}` may also be bound to something else here, so `{use.root.value}.…` "
            f"cannot be followed to {module}; its uses are left as they are",
        )
    if used and bound != module and ctx.layout.is_behind_facade(bound):
        return (
            RefusalKind.MODULE_OBJECT,
            f"`{use.root.value}` is {bound} and reaches the module {module} through it; "
            "only attributes of the aliased module itself can move",
        )
    if used == len(use.attrs):
        return (
            RefusalKind.MODULE_OBJECT,
            f"uses the module {module} itself, not a name from it; its imports stay as they are",
        )
    name, node = use.attrs[used]
    if name.startswith("__"):
        return (
            RefusalKind.MODULE_OBJECT,
            f"uses {module}.{name}, an attribute of the module object",
        )
    context = ctx.scan.wrapper.resolve(ExpressionContextProvider).get(node)
    if context in (ExpressionContext.STORE, ExpressionContext.DEL):
        return (
            RefusalKind.MODULE_OBJECT,
            f"assigns or deletes {module}.{name}; the facade's binding would not see the change",
        )
    return None


def _not_facade(layout: Layout, module: str, name: str) -> Problem:
    return (
        RefusalKind.NOT_FACADE,
        f"takes {name} from the package {module}, not from the facade {layout.facade}; "
        "move it to the facade by hand",
    )


def _decide_modules(ctx: _Context, by_module: dict[str, list[_Event]]) -> set[str]:
    """Modules whose every use here moves to the facade; their uses are rewritten."""
    sealed: set[str] = set()
    for module, events in sorted(by_module.items()):
        problems = [e for e in events if e.problem is not None]
        if problems:
            first = problems[0]
            assert first.problem is not None
            ctx.refuse(first.line, first.problem)
            continue
        sealed.add(module)
        for event in events:
            assert event.node is not None and event.name is not None
            ctx.out.edits.uses[event.node] = event.to_facade
            ctx.out.demands.add((ctx.unit, module, event.name))
    return sealed


def _decide_rooted_imports(
    ctx: _Context, by_module: dict[str, list[_Event]], sealed: set[str]
) -> None:
    """`import billing.models` → `import billing` when every use of what it loads has moved."""
    layout = ctx.layout
    for binding in ctx.scan.bindings:
        target = binding.loads
        if target is None or not layout.is_behind_facade(target):
            continue
        if target not in by_module:
            ctx.refuse(binding.line, _side_effect(f"import {target}", target))
            continue
        # Every module the statement loads that this file uses must have moved, or the
        # narrower import would stop loading something still used by its full name.
        loaded = [m for m in prefixes(target) if layout.is_behind_facade(m)]
        if target in sealed and all(m in sealed or m not in by_module for m in loaded):
            ctx.out.edits.import_aliases[binding.alias] = layout.facade


def _side_effect(statement: str, module: str) -> Problem:
    return (
        RefusalKind.SIDE_EFFECT,
        f"`{statement}` is not followed by any use of a name from {module} here: it may be "
        "imported for its side effects, so it stays",
    )


def _decide_aliases(ctx: _Context, by_alias: dict[int, list[_Event]]) -> set[int]:
    """`import billing.models as bm` → `import billing as bm` when every use is bm.<name>."""
    sealed: set[int] = set()
    for binding in ctx.scan.bindings:
        if binding.loads is not None or not ctx.layout.is_behind_facade(binding.module):
            continue
        events = by_alias.get(id(binding), [])
        problems = [e for e in events if e.problem is not None]
        if not events:
            ctx.refuse(binding.line, _side_effect(_alias_text(binding), binding.module))
        elif problems:
            assert problems[0].problem is not None
            ctx.refuse(problems[0].line, problems[0].problem)
        else:
            sealed.add(id(binding))
            ctx.out.demands.update((ctx.unit, binding.module, e.name) for e in events if e.name)
            if isinstance(binding.statement, cst.Import):
                ctx.out.edits.import_aliases[binding.alias] = ctx.layout.facade
    return sealed


def _alias_text(binding: Binding) -> str:
    if isinstance(binding.statement, cst.Import):
        return f"import {binding.module} as {binding.name}"
    parent, _, leaf = binding.module.rpartition(".")
    suffix = "" if leaf == binding.name else f" as {binding.name}"
    return f"from {parent} import {leaf}{suffix}"


def _decide_from_import(ctx: _Context, found: FromImport, sealed_aliases: set[int]) -> None:
    layout = ctx.layout
    behind = layout.is_behind_facade(found.module)
    if found.star:
        if behind:
            ctx.refuse(found.line, _star(found.module))
        elif layout.is_on_way_to_facade(found.module):
            ctx.refuse(found.line, _not_facade(layout, found.module, "*"))
        return
    if found.module == layout.facade:
        ctx.out.named_from_facade.update(n.name for n in found.names if n.submodule is None)
    split = FromSplit(_facade_as_written(ctx, found), [], [], [])
    aliases_by_node = {id(b.alias): id(b) for b in ctx.scan.bindings}
    for item in found.names:
        if item.submodule is not None:
            binding = aliases_by_node.get(id(item.alias))
            moves = layout.is_behind_facade(item.submodule) and binding in sealed_aliases
            if moves:
                split.to_import_as.append((layout.facade, item.bound))
            else:
                split.kept.append(item.alias)
            continue
        place = found.where
        caller = Caller(ctx.scan.module, place is ImportPlace.MODULE, place is ImportPlace.FUNCTION)
        problem = ctx.verdict(caller, found.module, item.name) if behind else None
        if behind and problem is None:
            split.to_facade.append(item.alias)
            ctx.out.demands.add((ctx.unit, found.module, item.name))
            continue
        if problem is not None:
            ctx.refuse(found.line, problem)
        elif layout.is_on_way_to_facade(found.module):
            ctx.refuse(found.line, _not_facade(layout, found.module, item.name))
        split.kept.append(item.alias)
    if split.to_facade or split.to_import_as:
        ctx.out.edits.from_splits[found.node] = split


def _facade_as_written(ctx: _Context, found: FromImport) -> str:
    if found.level == 0:
        return ctx.layout.facade
    relative = ctx.layout.relative_to(
        ctx.layout.facade, ctx.scan.module, ctx.is_package, found.level
    )
    return relative if relative is not None else ctx.layout.facade


def _star(module: str) -> Problem:
    return (
        RefusalKind.STAR,
        f"`from {module} import *` takes names that cannot be listed; import them by name to seal it",
    )
