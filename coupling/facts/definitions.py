"""Top-level names a module defines: classes (with their bases), functions, variables."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from coupling.facts.bindings import dotted, expand
from coupling.facts.module_kind import top_level
from coupling.facts.names import is_abstract_class
from coupling.records import Definition
from coupling.records.kinds import DefinitionKind

if TYPE_CHECKING:
    from coupling.facts.bindings import Bindings


def definitions_in(tree: ast.Module, bindings: Bindings) -> tuple[Definition, ...]:
    found: list[Definition] = []
    for node in top_level(tree.body):
        if isinstance(node, ast.ClassDef):
            found.append(_class_definition(node, bindings))
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found.append(Definition(node.name, DefinitionKind.FUNCTION, node.lineno))
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found.extend(
                Definition(target.id, DefinitionKind.VARIABLE, node.lineno)
                for target in targets
                if isinstance(target, ast.Name)
            )
    return tuple(found)


def _class_definition(node: ast.ClassDef, bindings: Bindings) -> Definition:
    bases = [expand(dotted(base), bindings) for base in node.bases]
    metaclasses = [dotted(k.value) for k in node.keywords if k.arg == "metaclass"]
    decorators = [
        dotted(decorator)
        for item in node.body
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
        for decorator in item.decorator_list
    ]
    return Definition(
        node.name,
        DefinitionKind.CLASS,
        node.lineno,
        abstract=is_abstract_class(bases, metaclasses, decorators),
        bases=tuple(base for base in bases if base),
    )
