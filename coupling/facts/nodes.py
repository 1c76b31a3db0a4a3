"""One walk of the tree, sorted into the node lists the extractors read, that also measures the
cyclomatic complexity of every function (radon's figures; the rules are in traverse.py)."""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Final

from coupling.facts.traverse import (
    ASSERT,
    BODY,
    CC,
    CHILDREN,
    DEAD,
    FUNCTION,
    LAST,
    MODULE,
    ONLY_CHILD,
    PLAIN,
    Children,
    OnlyChild,
    children_getter,
    has_lineno,
    increment,
    open_class,
    open_function,
    results,
)
from coupling.records import FunctionComplexity

if TYPE_CHECKING:
    from coupling.facts.traverse import (
        Frame,
        Node,
        Run,
    )


@dataclass
class Nodes:
    calls: list[ast.Call] = field(default_factory=list)
    attributes: list[ast.Attribute] = field(default_factory=list)
    strings: list[ast.Constant] = field(default_factory=list)  # docstrings left out
    statement_lines: set[int] = field(default_factory=set)
    identifiers: set[str] = field(default_factory=set)
    imports: list[ast.Import | ast.ImportFrom] = field(default_factory=list)
    functions: list[ast.FunctionDef | ast.AsyncFunctionDef] = field(default_factory=list)
    withs: list[ast.With | ast.AsyncWith] = field(default_factory=list)
    # Each call with the name it calls, imports expanded (bindings.called_names): set once the
    # imports are known, for the extractors that look every call up by name.
    called: list[tuple[ast.Call, str]] = field(default_factory=list)
    # Every function and method radon reports, sorted by (line, name).
    complexity: tuple[FunctionComplexity, ...] = ()


# What the walk collects from a node type (0: nothing).
NAME: Final = 1
CONSTANT: Final = 2
ATTRIBUTE: Final = 3
CALL: Final = 4
STATEMENT: Final = 5  # any other statement: its line
EXPRESSION: Final = 6  # Expr: its line unless it is a docstring
IMPORT: Final = 7
WITH: Final = 8
FUNCTION_DEF: Final = 9
CLASS_DEF: Final = 10

# In isinstance order, so that a subclass lands where its base would.
_COLLECT: Final[tuple[tuple[type[ast.AST] | tuple[type[ast.AST], ...], int], ...]] = (
    (ast.Call, CALL),
    (ast.Attribute, ATTRIBUTE),
    (ast.Name, NAME),
    ((ast.Import, ast.ImportFrom), IMPORT),
    ((ast.FunctionDef, ast.AsyncFunctionDef), FUNCTION_DEF),
    ((ast.With, ast.AsyncWith), WITH),
    (ast.Constant, CONSTANT),
    (ast.ClassDef, CLASS_DEF),
    (ast.Expr, EXPRESSION),
    (ast.stmt, STATEMENT),
)


def _collect_code(cls: type[ast.AST]) -> int:
    return next((code for types, code in _COLLECT if issubclass(cls, types)), 0)


# (collect code, complexity code, children, only child, has a line): a type with one node field
# has its only-child getter (C, gives the node or None) instead of a children getter.
Entry = tuple[int, int, Children | None, OnlyChild | None, bool]


def _entry_for(cls: type[ast.AST]) -> Entry:
    only = ONLY_CHILD.get(cls)
    children = None if only is not None else children_getter(cls)
    return _collect_code(cls), CC.get(cls, PLAIN), children, only, has_lineno(cls)


# One dict lookup per node gives everything the walk needs about its type.
_TABLE: Final[dict[type[ast.AST], Entry]] = {cls: _entry_for(cls) for cls in CHILDREN}

_POSITION: Final = attrgetter("lineno", "col_offset")


def walk(tree: ast.Module) -> Nodes:
    """Every node of `tree` once, breadth-first without recursion: the lists in source order
    (ties in `ast.walk`'s order) and the complexity of every function radon would report."""
    walker = _Walker()
    walker.note_docstring(tree)  # the Module: ast.walk's first node, nothing else to it
    level: list[Node] = list(_module_children(tree))
    runs: list[Run] = [(0, MODULE, None)]
    while level:
        level, runs = walker.next_level(level, runs)
    nodes = walker.nodes
    for items in (
        nodes.calls,
        nodes.attributes,
        nodes.strings,
        nodes.imports,
        nodes.functions,
        nodes.withs,
    ):
        items.sort(key=_POSITION)  # stable: the extractors report in source order
    nodes.complexity = results(walker.frames)
    return nodes


class _Walker:
    """What one walk gathers, and the level below the one being walked."""

    __slots__ = ("below", "below_runs", "docstrings", "frames", "nodes")

    def __init__(self) -> None:
        self.nodes = Nodes()
        self.docstrings: set[int] = set()
        self.frames: list[Frame] = []
        self.below: list[Node] = []
        self.below_runs: list[Run] = []

    def next_level(self, level: list[Node], runs: list[Run]) -> tuple[list[Node], list[Run]]:
        """The children of `level`, in order, cut into the runs of their contexts."""
        self.below, self.below_runs = [], []
        ends = [start for start, _, _ in runs[1:]]
        ends.append(len(level))
        for (start, context, owner), end in zip(runs, ends, strict=True):
            if start < end:
                self.below_runs.append((len(self.below), context, owner))
                self.walk_run(level[start:end], context, owner)
        return self.below, self.below_runs

    def walk_run(self, run: list[Node], context: int, owner: Any) -> None:
        """The nodes of one run. Half of all nodes are a Name, an Attribute, a Constant or a
        Call: those are handled here, what the table says of them inlined."""
        nodes, docstrings, below = self.nodes, self.docstrings, self.below
        last = context == LAST
        top = owner.max_line if last else 0
        for node in run:
            cls = type(node)
            if cls is ast.Name:
                nodes.identifiers.add(node.id)
            elif cls is ast.Attribute:
                nodes.attributes.append(node)
                nodes.identifiers.add(node.attr)
                below.append(node.value)
            elif cls is ast.Constant:
                if isinstance(node.value, str) and id(node) not in docstrings:
                    nodes.strings.append(node)
            elif cls is ast.Call:
                nodes.calls.append(node)
                below.append(node.func)
                below += node.args
                below += node.keywords
            elif not self.walk_other(node, cls, context, owner):
                continue
            if last and node.lineno > top:
                top = node.lineno
        if last:
            owner.max_line = top

    def walk_other(self, node: Node, cls: type[ast.AST], context: int, owner: Any) -> bool:
        """Collect and measure any other node and queue its children; whether its line can
        push the end line of the function it is in (not for a def, a class or an assert)."""
        try:
            collect, code, children, only, lined = _TABLE[cls]
        except KeyError:  # a node type built after import
            collect, code, children, only, lined = _TABLE[cls] = _entry_for(cls)
        if collect:
            self.collect(collect, node)
        if code:
            if code >= FUNCTION or (code == ASSERT and context >= BODY):
                self.open(code, node, context, owner, children)
                return False
            if context >= BODY:
                owner.complexity += increment(code, node)
        if children is not None:
            self.below += children(node)
        elif only is not None and (child := only(node)) is not None:
            self.below.append(child)
        return lined

    def open(
        self, code: int, node: Node, context: int, owner: Any, children: Children | None
    ) -> None:
        """Queue the children of a def, a class or (in a measured function) an assert, in the
        contexts they open, then resume the run's own context."""
        if code == FUNCTION:
            open_function(
                node, context, owner, frames=self.frames, below=self.below, runs=self.below_runs
            )
        elif code == ASSERT:  # +1; radon looks neither inside nor at its line
            owner.complexity += 1
            self.below_runs.append((len(self.below), DEAD, None))
            self.below += children(node) if children is not None else ()
        else:
            open_class(node, context, self.below, self.below_runs)
        self.below_runs.append((len(self.below), context, owner))

    def collect(self, code: int, node: Node) -> None:
        """What `walk` gathers from a node other than a plain Name, Attribute, Constant, Call."""
        nodes = self.nodes
        if code == NAME:
            nodes.identifiers.add(node.id)
        elif code == ATTRIBUTE:
            nodes.attributes.append(node)
            nodes.identifiers.add(node.attr)
        elif code == CONSTANT:
            if isinstance(node.value, str) and id(node) not in self.docstrings:
                nodes.strings.append(node)
        elif code == CALL:
            nodes.calls.append(node)
        elif code != EXPRESSION or id(node.value) not in self.docstrings:
            nodes.statement_lines.add(node.lineno)
            self.collect_statement(code, node)

    def collect_statement(self, code: int, node: Node) -> None:
        if code == IMPORT:
            self.nodes.imports.append(node)
        elif code == WITH:
            self.nodes.withs.append(node)
        elif code == FUNCTION_DEF:
            self.nodes.functions.append(node)
            self.note_docstring(node)
        elif code == CLASS_DEF:
            self.note_docstring(node)

    def note_docstring(self, scope: Node) -> None:
        """A leading string expression of a module, class or def is its docstring: no string."""
        body = scope.body
        if body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                self.docstrings.add(id(value))


def _module_children(tree: ast.Module) -> Sequence[ast.AST]:
    getter = CHILDREN[ast.Module]
    return getter(tree) if getter is not None else ()
