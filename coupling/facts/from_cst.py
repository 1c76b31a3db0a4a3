"""Facts from libcst, for files whose syntax is newer than the running Python.

libcst's native parser reads Python 3.0–3.14 grammar, so a PEP 695 `type X = ...` or a PEP 701
f-string on Python 3.11 still yields its imports and definitions.
"""

from __future__ import annotations

import dataclasses

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import MetadataWrapper, PositionProvider

from coupling.facts.bindings import expand
from coupling.facts.names import is_abstract_class, is_type_checking_guard
from coupling.records import Definition, FileFacts, ImportFact
from coupling.records.kinds import DefinitionKind

# What this path does not extract; the coverage section of the reports names them.
PARTIAL = (
    "models",
    "model uses",
    "SQL tables",
    "endpoints",
    "dynamic imports",
    "complexity",
    "line coverage",
    "transactions",
    "events",
)


def facts_from_cst(source: bytes) -> FileFacts | None:
    """The same facts as the ast path, or None when libcst cannot parse the file either."""
    try:
        module = cst.parse_module(source)
    except Exception:
        # libcst raises its own syntax errors, SyntaxError (bad encodings), ValueError and
        # more; whatever it is, the file is recorded as unparsable rather than ending the scan.
        return None
    collector = _Collector()
    try:
        MetadataWrapper(module, unsafe_skip_copy=True).visit(collector)
    except RecursionError:
        return None
    definitions = tuple(
        dataclasses.replace(d, bases=tuple(expand(base, collector.bindings) for base in d.bases))
        for d in collector.definitions
    )
    return FileFacts(imports=tuple(collector.imports), definitions=definitions, partial=PARTIAL)


def _name(node: cst.CSTNode | None) -> str:
    return (get_full_name_for_node(node) or "") if node is not None else ""


class _Collector(cst.CSTVisitor):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self) -> None:
        super().__init__()
        self.imports: list[ImportFact] = []
        self.definitions: list[Definition] = []
        self.bindings: dict[str, str] = {}  # as facts.bindings builds them, for class bases
        self._functions = 0
        self._tries = 0
        self._type_checking = 0
        self._depth = 0  # indented blocks entered: 0 at module level

    def _line(self, node: cst.CSTNode) -> int:
        return self.get_metadata(PositionProvider, node).start.line

    def _end_line(self, node: cst.CSTNode) -> int:
        return self.get_metadata(PositionProvider, node).end.line

    def _fact(self, node: cst.CSTNode, targets: tuple[str, ...], names: tuple[str, ...]) -> None:
        self.imports.append(
            ImportFact(
                line=self._line(node),
                end_line=self._end_line(node),
                targets=targets,
                names=names,
                type_checking=self._type_checking > 0,
                in_function=self._functions > 0,
                in_try=self._tries > 0,
            )
        )

    def visit_Import(self, node: cst.Import) -> None:
        names = tuple(_name(alias.name) for alias in node.names)
        self._fact(node, names, names)
        for alias, name in zip(node.names, names, strict=True):
            local = _name(alias.asname.name) if alias.asname else name.split(".")[0]
            self.bindings.setdefault(local, name if alias.asname else local)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        module = _name(node.module)
        base = "." * len(node.relative) + module
        joiner = "." if module else ""
        if isinstance(node.names, cst.ImportStar):
            names: tuple[str, ...] = ("*",)
        else:
            names = tuple(_name(alias.name) for alias in node.names)
            for alias, name in zip(node.names, names, strict=True):
                local = _name(alias.asname.name) if alias.asname else name
                self.bindings.setdefault(local, f"{base}{joiner}{name}")
        self._fact(node, tuple(f"{base}{joiner}{name}" for name in names), names)

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self._depth += 1

    def leave_IndentedBlock(self, original_node: cst.IndentedBlock) -> None:
        self._depth -= 1

    def visit_SimpleStatementSuite(self, node: cst.SimpleStatementSuite) -> None:
        self._depth += 1

    def leave_SimpleStatementSuite(self, original_node: cst.SimpleStatementSuite) -> None:
        self._depth -= 1

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if self._depth == 0:
            self.definitions.append(
                Definition(node.name.value, DefinitionKind.FUNCTION, self._line(node))
            )
        self._functions += 1

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._functions -= 1

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        if self._depth == 0:
            self.definitions.append(self._class_definition(node))

    def visit_If_body(self, node: cst.If) -> None:
        if is_type_checking_guard(_name(node.test)):
            self._type_checking += 1

    def leave_If_body(self, node: cst.If) -> None:
        if is_type_checking_guard(_name(node.test)):
            self._type_checking -= 1

    # Like the ast path: the try body and its handlers are "in try"; else/finally are not.
    def _enter_try(self, node: cst.Try | cst.TryStar) -> None:
        self._tries += 1

    def _leave_try(self, node: cst.Try | cst.TryStar) -> None:
        self._tries -= 1

    visit_Try_body = visit_Try_handlers = visit_TryStar_body = visit_TryStar_handlers = _enter_try
    leave_Try_body = leave_Try_handlers = leave_TryStar_body = leave_TryStar_handlers = _leave_try

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        if self._depth:
            return
        for statement in node.body:
            if isinstance(statement, cst.Assign):
                targets = [target.target for target in statement.targets]
            elif isinstance(statement, cst.AnnAssign):
                targets = [statement.target]
            elif isinstance(statement, cst.TypeAlias):
                targets = [statement.name]
            else:
                continue
            self.definitions.extend(
                Definition(target.value, DefinitionKind.VARIABLE, self._line(node))
                for target in targets
                if isinstance(target, cst.Name)
            )

    def _class_definition(self, node: cst.ClassDef) -> Definition:
        bases = [_name(arg.value) for arg in node.bases]
        metaclasses = [
            _name(k.value) for k in node.keywords if k.keyword and k.keyword.value == "metaclass"
        ]
        decorators = [
            _name(decorator.decorator)
            for item in node.body.body
            if isinstance(item, cst.FunctionDef)
            for decorator in item.decorators
        ]
        return Definition(
            node.name.value,
            DefinitionKind.CLASS,
            self._line(node),
            abstract=is_abstract_class(bases, metaclasses, decorators),
            bases=tuple(base for base in bases if base),
        )
