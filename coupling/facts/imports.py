"""Import statements, and where each sits (TYPE_CHECKING, a function, a try)."""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass, replace

from coupling.facts.bindings import dotted
from coupling.facts.names import is_type_checking_guard
from coupling.records import ImportFact


@dataclass(frozen=True)
class _Where:
    """Where an import statement sits, which says how firmly it binds."""

    type_checking: bool = False
    in_function: bool = False
    in_try: bool = False


def imports_in(tree: ast.Module) -> tuple[ImportFact, ...]:
    found: list[ImportFact] = []
    _collect_imports(tree.body, _Where(), found)
    return tuple(found)


def _collect_imports(body: list[ast.stmt], where: _Where, out: list[ImportFact]) -> None:
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            out.append(_import_fact(node, where))
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            _collect_imports(node.body, replace(where, in_function=True), out)
        elif isinstance(node, ast.ClassDef):
            _collect_imports(node.body, where, out)
        elif isinstance(node, ast.If):
            guarded = is_type_checking_guard(dotted(node.test))
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
        end_line=node.end_lineno or node.lineno,
        # Interned: the same few hundred names recur in every file, and a batch of files sent
        # back to the scan then carries each once (pickle keeps one copy of the same string).
        targets=tuple(map(sys.intern, targets)),
        names=tuple(map(sys.intern, names)),
        type_checking=where.type_checking,
        in_function=where.in_function,
        in_try=where.in_try,
    )
