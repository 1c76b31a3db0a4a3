"""Cyclomatic complexity per function and method, by radon, on the tree already parsed."""

from __future__ import annotations

import ast

from radon.complexity import cc_visit_ast
from radon.visitors import Function

from coupling.records import FunctionComplexity


def functions_in(tree: ast.Module) -> tuple[FunctionComplexity, ...] | None:
    """Every function and method with its complexity; None when radon gives up on the file."""
    try:
        blocks = cc_visit_ast(tree)
    except (RecursionError, ValueError, AttributeError):
        return None
    found = [
        FunctionComplexity(
            name=f"{block.classname}.{block.name}" if block.classname else block.name,
            line=block.lineno,
            end_line=block.endline,
            complexity=block.complexity,
        )
        for block in blocks
        if isinstance(block, Function)
    ]
    return tuple(sorted(found, key=lambda f: (f.line, f.name)))
