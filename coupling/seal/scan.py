"""One caller file → the imports and uses that reach into the sealed unit.

Scanning and rewriting share one parsed tree: the scan keeps libcst nodes so the rewrite can
find them again by identity, which is what lets every other byte of the file stay as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst
from libcst.metadata import (
    BaseAssignment,
    ExpressionContext,
    ExpressionContextProvider,
    ImportAssignment,
    MetadataWrapper,
    PositionProvider,
    ScopeProvider,
)

from coupling.facts.names import is_type_checking_guard
from coupling.records import ImportPlace
from coupling.seal.names import absolute_from, is_within

if TYPE_CHECKING:
    from coupling.seal.names import Layout


@dataclass
class FromName:
    """One alias of a `from M import ...` whose M sits in the unit."""

    alias: cst.ImportAlias
    name: str
    bound: str
    submodule: str | None  # M.name when that is itself a module: a module object is imported


@dataclass
class FromImport:
    node: cst.ImportFrom
    line: int
    where: ImportPlace
    module: str  # absolute
    level: int
    names: list[FromName]
    star: bool


@dataclass
class Binding:
    """A name bound to a module object by an import: `import a.b` binds a; `import a.b as x` binds x."""

    name: str
    module: str  # the module the name refers to
    statement: cst.Import | cst.ImportFrom
    alias: cst.ImportAlias
    line: int
    where: ImportPlace
    loads: str | None  # for `import a.b.c` (no alias): the module the statement loads, a.b.c


@dataclass
class Use:
    """A load of a bound module name followed by attributes: billing.models.Invoice."""

    root: cst.Name
    bindings: list[Binding]  # the module imports this name may refer to here
    clean: bool  # False when the name may also be bound to something else, or to two modules
    attrs: list[tuple[str, cst.Attribute]]  # each attribute and the node that ends with it
    line: int


@dataclass
class FileScan:
    path: str
    module: str
    wrapper: MetadataWrapper
    from_imports: list[FromImport] = field(default_factory=list)
    bindings: list[Binding] = field(default_factory=list)
    uses: list[Use] = field(default_factory=list)
    where: dict[cst.CSTNode, ImportPlace] = field(
        default_factory=dict
    )  # import statements and uses
    lines: dict[cst.CSTNode, int] = field(default_factory=dict)  # import statements and uses
    # Every node with a recorded statement or use inside it: the rewrite skips all the others.
    on_path: set[cst.CSTNode] = field(default_factory=set)


def scan_file(
    path: str,
    module: str,
    is_package: bool,
    source: str,
    layout: Layout,
    *,
    follow_uses: bool,
    import_lines: Sequence[int],
) -> FileScan:
    """Parse one caller and collect what it takes from the unit (raises cst.ParserSyntaxError).

    follow_uses: also follow each name bound to a module (billing.models.X); needs scopes.
    import_lines: the line of every import statement in source order (from the ast pass).
    """
    # No copy: the tree was just parsed and nothing else holds it.
    wrapper = MetadataWrapper(cst.parse_module(source), unsafe_skip_copy=True)
    found = FileScan(path=path, module=module, wrapper=wrapper)
    collector = _UseCollector if follow_uses else _ImportCollector
    wrapper.visit(collector(found, is_package, layout, import_lines))
    return found


def where_in(ancestors: Sequence[cst.CSTNode]) -> ImportPlace:
    """ImportPlace a node sits, from its ancestors (outermost first): the innermost function or
    TYPE_CHECKING guard around it wins."""
    for index in range(len(ancestors) - 1, 0, -1):
        current, child = ancestors[index - 1], ancestors[index]
        if isinstance(current, cst.FunctionDef | cst.Lambda):
            return ImportPlace.FUNCTION
        if (
            isinstance(current, cst.If)
            and child is current.body
            and _is_type_checking(current.test)
        ):
            return ImportPlace.TYPE_CHECKING
    return ImportPlace.MODULE


def _is_type_checking(test: cst.BaseExpression) -> bool:
    """The same guards the facts see (`TYPE_CHECKING`, `typing.TYPE_CHECKING`)."""
    if not isinstance(test, cst.Name | cst.Attribute):
        return False
    try:
        return is_type_checking_guard(dotted_name(test))
    except TypeError:  # `a().TYPE_CHECKING`: no dotted name
        return False


def dotted_name(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{dotted_name(node.value)}.{node.attr.value}"
    raise TypeError(f"not a dotted name: {type(node).__name__}")


class _Imports(cst.CSTVisitor):
    """Imports that reach the unit. No ParentNodeProvider: it costs as much as parsing, and
    the visit keeps its own stack of ancestors.

    Never used itself: libcst caches a class's metadata dependencies on the first class that
    asks, and a subclass would inherit that cache; so each collector below declares its own.
    """

    def __init__(
        self, out: FileScan, is_package: bool, layout: Layout, import_lines: Sequence[int]
    ) -> None:
        super().__init__()
        self.import_lines = import_lines
        self.statements_seen = 0
        self.out = out
        self.is_package = is_package
        self.layout = layout
        self.by_statement: dict[tuple[int, str], Binding] = {}
        self.stack: list[cst.CSTNode] = []  # the node being visited and its ancestors
        self.pending: list[
            tuple[
                cst.Name,
                list[BaseAssignment],
                list[tuple[str, cst.Attribute]],
                tuple[cst.CSTNode, ...],
            ]
        ] = []

    # --- imports -----------------------------------------------------------------------------

    def _statement_line(self, node: cst.Import | cst.ImportFrom) -> int:
        return self.out.lines[node]

    def _count_statement(self, node: cst.Import | cst.ImportFrom) -> None:
        """Every import statement takes its line from the ast pass (PositionProvider would cost
        a whole extra walk of the tree): both see the same statements in source order."""
        self.out.lines[node] = self.import_lines[self.statements_seen]
        self.statements_seen += 1

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.stack.append(node)
        return super().on_visit(node)

    def on_leave(self, original_node: cst.CSTNode) -> None:
        super().on_leave(original_node)
        self.stack.pop()

    def _where(self, node: cst.CSTNode) -> ImportPlace:
        where = where_in(self.stack)
        self.out.where[node] = where
        self.out.on_path.update(self.stack)
        return where

    def _reaches_unit(self, module: str) -> bool:
        """Whether names under `module` can lead into the unit (it is in it or above it)."""
        return is_within(module, self.layout.unit) or is_within(self.layout.unit, module)

    def visit_Import(self, node: cst.Import) -> bool:
        self._count_statement(node)
        for alias in node.names:
            target = dotted_name(alias.name)
            if not self._reaches_unit(target):
                continue
            asname = alias.asname
            if asname is not None and isinstance(asname.name, cst.Name):
                self._bind(asname.name.value, target, node, alias, loads=None)
            elif asname is None:
                root = target.split(".")[0]
                self._bind(root, root, node, alias, loads=target)
        return False  # the names inside an import are not uses

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        self._count_statement(node)
        written = dotted_name(node.module) if node.module is not None else None
        level = len(node.relative)
        module = absolute_from(self.out.module, self.is_package, level, written)
        if module is None or not self._reaches_unit(module):
            return False
        star = isinstance(node.names, cst.ImportStar)
        names: list[FromName] = []
        if not isinstance(node.names, cst.ImportStar):
            names = [self._from_name(module, alias, node) for alias in node.names]
        if is_within(module, self.layout.unit) or any(n.submodule for n in names):
            self.out.from_imports.append(
                FromImport(
                    node, self._statement_line(node), self._where(node), module, level, names, star
                )
            )
        return False

    def _from_name(self, module: str, alias: cst.ImportAlias, node: cst.ImportFrom) -> FromName:
        name = dotted_name(alias.name)
        bound = name
        if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
            bound = alias.asname.name.value
        candidate = f"{module}.{name}"
        submodule = candidate if candidate in self.layout.modules else None
        if submodule is not None and self._reaches_unit(submodule):
            self._bind(bound, submodule, node, alias, loads=None)
        return FromName(alias, name, bound, submodule)

    def _bind(
        self,
        name: str,
        module: str,
        statement: cst.Import | cst.ImportFrom,
        alias: cst.ImportAlias,
        loads: str | None,
    ) -> None:
        binding = Binding(
            name,
            module,
            statement,
            alias,
            self._statement_line(statement),
            self._where(statement),
            loads,
        )
        self.out.bindings.append(binding)
        self.by_statement[(id(statement), name)] = binding


class _ImportCollector(_Imports):
    METADATA_DEPENDENCIES = ()


class _UseCollector(_Imports):
    """Imports, and every use of a name an import binds to a module (scope analysis: costly)."""

    METADATA_DEPENDENCIES = (PositionProvider, ScopeProvider, ExpressionContextProvider)

    def visit_Name(self, node: cst.Name) -> None:
        if self.get_metadata(ExpressionContextProvider, node, None) != ExpressionContext.LOAD:
            return
        parent = self.stack[-2]
        if isinstance(parent, cst.Attribute) and parent.attr is node:
            return
        scope = self.get_metadata(ScopeProvider, node, None)
        if scope is None or node.value not in scope:
            return
        assignments = list(scope[node.value])
        if not any(isinstance(a, ImportAssignment) for a in assignments):
            return
        # Bindings are matched after the whole file is seen: a use may come before its import.
        self.pending.append((node, assignments, self._chain_above(), tuple(self.stack)))

    def leave_Module(self, original_node: cst.Module) -> None:
        for node, assignments, chain, ancestors in self.pending:
            bindings = [self._binding_of(a) for a in assignments]
            known = [b for b in bindings if b is not None]
            if not known:
                continue
            clean = len(known) == len(bindings) and len({b.module for b in known}) == 1
            line = self.get_metadata(PositionProvider, node).start.line
            self.out.uses.append(Use(node, known, clean, chain, line))
            where = where_in(ancestors)
            for _, attribute in chain:
                self.out.lines[attribute] = line
                self.out.where[attribute] = where
            self.out.on_path.update(ancestors)

    def _binding_of(self, assignment: BaseAssignment) -> Binding | None:
        if not isinstance(assignment, ImportAssignment):
            return None
        return self.by_statement.get((id(assignment.node), assignment.name))

    def _chain_above(self) -> list[tuple[str, cst.Attribute]]:
        """The attributes read off the Name on top of the stack: billing → .models → .Invoice."""
        chain: list[tuple[str, cst.Attribute]] = []
        current = self.stack[-1]
        for parent in reversed(self.stack[:-1]):
            if not (isinstance(parent, cst.Attribute) and parent.value is current):
                break
            chain.append((parent.attr.value, parent))
            current = parent
        return chain
