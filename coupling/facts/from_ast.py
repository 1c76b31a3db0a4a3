"""Facts from a stdlib `ast` tree."""

from __future__ import annotations

import ast
from dataclasses import dataclass, replace

from coupling.facts.names import is_abstract_class, is_protocol_class, is_type_checking_guard
from coupling.model import Definition, FileFacts, ImportFact


@dataclass(frozen=True)
class _Where:
    """Where an import statement sits, which says how firmly it binds."""

    type_checking: bool = False
    in_function: bool = False
    in_try: bool = False


def facts_from_tree(tree: ast.Module) -> FileFacts:
    imports: list[ImportFact] = []
    _collect_imports(tree.body, _Where(), imports)
    return FileFacts(imports=tuple(imports), definitions=_definitions(tree))


def _collect_imports(body: list[ast.stmt], where: _Where, out: list[ImportFact]) -> None:
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            out.append(_import_fact(node, where))
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            _collect_imports(node.body, replace(where, in_function=True), out)
        elif isinstance(node, ast.ClassDef):
            _collect_imports(node.body, where, out)
        elif isinstance(node, ast.If):
            guarded = is_type_checking_guard(_dotted(node.test))
            _collect_imports(
                node.body, replace(where, type_checking=True) if guarded else where, out
            )
            _collect_imports(node.orelse, where, out)
        elif isinstance(node, ast.Try | ast.TryStar):
            _collect_imports(node.body, replace(where, in_try=True), out)
            for handler in node.handlers:
                _collect_imports(handler.body, replace(where, in_try=True), out)
            _collect_imports(node.orelse, where, out)
            _collect_imports(node.finalbody, where, out)
        elif isinstance(node, ast.For | ast.AsyncFor | ast.While):
            _collect_imports(node.body, where, out)
            _collect_imports(node.orelse, where, out)
        elif isinstance(node, ast.With | ast.AsyncWith):
            _collect_imports(node.body, where, out)
        elif isinstance(node, ast.Match):
            for case in node.cases:
                _collect_imports(case.body, where, out)


def _import_fact(node: ast.Import | ast.ImportFrom, where: _Where) -> ImportFact:
    names = tuple(alias.name for alias in node.names)
    if isinstance(node, ast.Import):
        targets = names
    else:
        base = "." * node.level + (node.module or "")
        joiner = "." if node.module else ""
        targets = tuple(f"{base}{joiner}{name}" for name in names)
    return ImportFact(
        line=node.lineno,
        targets=targets,
        names=names,
        type_checking=where.type_checking,
        in_function=where.in_function,
        in_try=where.in_try,
    )


def _definitions(tree: ast.Module) -> tuple[Definition, ...]:
    found: list[Definition] = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            found.append(_class_definition(node))
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found.append(Definition(node.name, "function", node.lineno))
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found.extend(
                Definition(target.id, "variable", node.lineno)
                for target in targets
                if isinstance(target, ast.Name)
            )
    return tuple(found)


def _class_definition(node: ast.ClassDef) -> Definition:
    bases = [_dotted(base) for base in node.bases]
    metaclasses = [_dotted(k.value) for k in node.keywords if k.arg == "metaclass"]
    decorators = [
        _dotted(decorator)
        for item in node.body
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
        for decorator in item.decorator_list
    ]
    return Definition(
        node.name,
        "class",
        node.lineno,
        abstract=is_abstract_class(bases, metaclasses, decorators),
        protocol=is_protocol_class(bases),
    )


def _dotted(node: ast.expr) -> str:
    """`a.b.c` for Name/Attribute chains (subscripts such as Protocol[T] keep their base)."""
    if isinstance(node, ast.Subscript):
        return _dotted(node.value)
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else ""
    if isinstance(node, ast.Name):
        return node.id
    return ""
