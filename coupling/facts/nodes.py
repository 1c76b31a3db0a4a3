"""One walk of the tree, sorted into the node lists the extractors read."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field


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


def walk(tree: ast.Module) -> Nodes:
    nodes = Nodes()
    docstrings: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            nodes.calls.append(node)
        elif isinstance(node, ast.Attribute):
            nodes.attributes.append(node)
            nodes.identifiers.add(node.attr)
        elif isinstance(node, ast.Name):
            nodes.identifiers.add(node.id)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            nodes.imports.append(node)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            nodes.functions.append(node)
        elif isinstance(node, ast.With | ast.AsyncWith):
            nodes.withs.append(node)
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ):
            nodes.strings.append(node)
        scope = isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        if scope and (doc := _docstring(node)) is not None:  # type: ignore[arg-type]
            docstrings.add(id(doc))
        if isinstance(node, ast.stmt) and not (
            isinstance(node, ast.Expr) and id(node.value) in docstrings
        ):
            nodes.statement_lines.add(node.lineno)
    # ast.walk is breadth-first; extractors report in source order.
    for items in (
        nodes.calls,
        nodes.attributes,
        nodes.strings,
        nodes.imports,
        nodes.functions,
        nodes.withs,
    ):
        items.sort(key=lambda n: (n.lineno, n.col_offset))
    return nodes


def _docstring(
    node: ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef,
) -> ast.Constant | None:
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        value = body[0].value
        return value if isinstance(value.value, str) else None
    return None
