"""What a module binds at module level, and where each name really comes from (ast is enough here)."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from coupling.seal.names import absolute_from


@dataclass(frozen=True)
class Bound:
    line: int
    source: tuple[str, str] | None  # (absolute module, name there) for `from M import name`


@dataclass(frozen=True)
class AllState:
    """The module's `__all__`: absent, one literal list/tuple of strings, or computed."""

    kind: Literal["none", "literal", "computed"]
    names: tuple[str, ...] = ()
    line: int = 0


@dataclass
class ModuleBindings:
    names: dict[str, Bound] = field(default_factory=dict)
    star_lines: list[int] = field(default_factory=list)
    all_state: AllState = AllState("none")
    imported: set[str] = field(default_factory=set)  # modules imported at module level


def module_bindings(tree: ast.Module, module: str, is_package: bool) -> ModuleBindings:
    """Names bound at module level, including inside if/try/with/for at module level."""
    found = ModuleBindings()
    all_writes: list[ast.stmt] = []
    _walk_body(tree.body, module, is_package, found, all_writes)
    found.all_state = _all_state(all_writes)
    return found


def _walk_body(
    body: list[ast.stmt],
    module: str,
    is_package: bool,
    out: ModuleBindings,
    all_writes: list[ast.stmt],
) -> None:
    for node in body:
        _bind_statement(node, module, is_package, out, all_writes)
        for nested in _nested_bodies(node):
            _walk_body(nested, module, is_package, out, all_writes)


def _nested_bodies(node: ast.stmt) -> list[list[ast.stmt]]:
    """Bodies that still run at module level (functions and classes have their own scope)."""
    if isinstance(node, ast.If | ast.For | ast.AsyncFor | ast.While):
        return [node.body, node.orelse]
    if isinstance(node, ast.With | ast.AsyncWith):
        return [node.body]
    if isinstance(node, ast.Try | ast.TryStar):
        return [node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)]
    if isinstance(node, ast.Match):
        return [case.body for case in node.cases]
    return []


def _bind_statement(
    node: ast.stmt, module: str, is_package: bool, out: ModuleBindings, all_writes: list[ast.stmt]
) -> None:
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        out.names[node.name] = Bound(node.lineno, None)
    elif isinstance(node, ast.Import):
        out.imported.update(alias.name for alias in node.names)
        for alias in node.names:
            bound = alias.asname or alias.name.split(".")[0]
            out.names[bound] = Bound(node.lineno, None)
    elif isinstance(node, ast.ImportFrom):
        _bind_from(node, module, is_package, out)
    elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
        targets: list[ast.expr] = (
            list(node.targets) if isinstance(node, ast.Assign) else [node.target]
        )
        for name in _target_names(targets):
            out.names[name] = Bound(node.lineno, None)
            if name == "__all__":
                all_writes.append(node)
    elif isinstance(node, ast.Expr) and _mutates_all(node.value):
        all_writes.append(node)
    elif isinstance(node, ast.For | ast.AsyncFor):
        for name in _target_names([node.target]):
            out.names[name] = Bound(node.lineno, None)


def _bind_from(node: ast.ImportFrom, module: str, is_package: bool, out: ModuleBindings) -> None:
    source = absolute_from(module, is_package, node.level, node.module)
    if source is not None:
        out.imported.add(source)
        out.imported.update(f"{source}.{alias.name}" for alias in node.names)
    for alias in node.names:
        if alias.name == "*":
            out.star_lines.append(node.lineno)
            continue
        origin = (source, alias.name) if source is not None else None
        out.names[alias.asname or alias.name] = Bound(node.lineno, origin)


def _target_names(targets: list[ast.expr]) -> list[str]:
    names: list[str] = []
    for target in targets:
        if isinstance(target, ast.Name):
            names.append(target.id)
        elif isinstance(target, ast.Tuple | ast.List):
            names.extend(_target_names(list(target.elts)))
        elif isinstance(target, ast.Starred):
            names.extend(_target_names([target.value]))
    return names


def _mutates_all(value: ast.expr) -> bool:
    """__all__.extend(...), __all__.append(...), __all__ += ...: a computed __all__."""
    return (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and isinstance(value.func.value, ast.Name)
        and value.func.value.id == "__all__"
    )


def _all_state(writes: list[ast.stmt]) -> AllState:
    if not writes:
        return AllState("none")
    first = writes[0]
    literal = (
        _literal_strings(first.value) if isinstance(first, ast.Assign | ast.AnnAssign) else None
    )
    if len(writes) > 1 or literal is None:
        return AllState("computed", line=first.lineno)
    return AllState("literal", tuple(literal), first.lineno)


def _literal_strings(value: ast.expr | None) -> list[str] | None:
    if not isinstance(value, ast.List | ast.Tuple):
        return None
    strings = [
        e.value for e in value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)
    ]
    return strings if len(strings) == len(value.elts) else None


class Origins:
    """ImportPlace a name that a module binds was defined, following `from X import name` chains."""

    def __init__(self, sources: Mapping[str, str], packages: frozenset[str]) -> None:
        self.sources = sources  # module → source text
        self.packages = packages
        self._bindings = cache(self._parse_bindings)

    def _parse_bindings(self, module: str) -> ModuleBindings | None:
        source = self.sources.get(module)
        if source is None:
            return None
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError):
            return None
        return module_bindings(tree, module, module in self.packages)

    def origin(self, module: str, name: str) -> tuple[str, str]:
        seen: set[tuple[str, str]] = set()
        current = (module, name)
        # The chain is short in practice; `seen` stops re-export loops between two modules.
        while current not in seen:
            seen.add(current)
            found = self._bindings(current[0])
            bound = found.names.get(current[1]) if found is not None else None
            if bound is None or bound.source is None or bound.source[0] not in self.sources:
                return current
            current = bound.source
        return current
