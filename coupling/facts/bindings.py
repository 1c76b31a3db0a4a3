"""What each local name stands for, from the file's imports: `models.ForeignKey` is
`django.db.models.ForeignKey` when the file says `from django.db import models`."""

from __future__ import annotations

import ast

Bindings = dict[str, str]


def bindings_of(tree: ast.Module, imports: list[ast.Import | ast.ImportFrom]) -> Bindings:
    """Local name → dotted name; module-level imports win over those inside functions."""
    found: Bindings = {}
    top = [node for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)]
    for node in (*top, *imports):
        _bind(node, found)
    return found


def _bind(node: ast.Import | ast.ImportFrom, found: Bindings) -> None:
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.asname:
                found.setdefault(alias.asname, alias.name)
            else:
                top = alias.name.split(".")[0]
                found.setdefault(top, top)
        return
    base = "." * node.level + (node.module or "")
    joiner = "." if node.module else ""
    for alias in node.names:
        if alias.name != "*":
            found.setdefault(alias.asname or alias.name, f"{base}{joiner}{alias.name}")


def dotted(node: ast.expr | None) -> str:
    """`a.b.c` for Name/Attribute chains (a subscript such as Protocol[T] keeps its base).
    A loop, not recursion: generated code can chain thousands of attributes."""
    parts: list[str] = []
    while node is not None:
        if isinstance(node, ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            return ".".join(reversed(parts))
        else:
            return ""
    return ""


def called_names(calls: list[ast.Call], bindings: Bindings) -> list[tuple[ast.Call, str]]:
    """Each call with the dotted name it calls, its first part expanded by the imports ("" for
    `f()()` and the like)."""
    return [(call, expand(dotted(call.func), bindings)) for call in calls]


def expand(name: str, bindings: Bindings) -> str:
    """`name` with its first part replaced by what the imports bound it to."""
    head, dot, rest = name.partition(".")
    return bindings[head] + dot + rest if head in bindings else name


def last(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def string(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def keyword(call: ast.Call, *names: str) -> ast.expr | None:
    for item in call.keywords:
        if item.arg in names:
            return item.value
    return None


def first_argument(call: ast.Call, *names: str) -> ast.expr | None:
    """The first positional argument, or the keyword that can stand in for it."""
    return call.args[0] if call.args else keyword(call, *names)
