"""References that are not import statements: tables in SQL strings, and modules named in
strings (importlib, loaders, settings lists, task names, entry points)."""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from coupling.facts.bindings import dotted, first_argument, keyword, last, string
from coupling.records import Access, DynamicImport, SqlTable
from coupling.records.kinds import DynamicKind

if TYPE_CHECKING:
    from coupling.facts.bindings import Bindings
    from coupling.facts.nodes import Nodes

# The opening of an SQL statement, not of prose ("with the plain serializer; ... from JSON"):
# INSERT INTO, UPDATE t SET, DELETE FROM, a CTE's WITH name AS (, or SELECT.
_SQL_START = re.compile(
    r"^\s*(select\s|insert\s+into\s|update\s+\S+\s+set\s|delete\s+from\s"
    r"|with\s+(recursive\s+)?\w+\s*(\([^)]*\)\s*)?as\s*\()",
    re.IGNORECASE,
)
# A table after FROM, JOIN, INTO or UPDATE; a DELETE right before FROM makes it a write. One
# pass over the text: a look back from every FROM made a few megabytes of SQL take minutes.
_SQL_TABLE = re.compile(
    r"(?:\b(?P<delete>delete)\s+)?\b(?P<verb>from|join|into|update)\s+[\"`\[]?"
    r"(?P<table>[A-Za-z_][\w$]*(?:\.[A-Za-z_][\w$]*)?)",
    re.IGNORECASE,
)
_SQL_WORDS = {"select", "lateral", "unnest", "only", "where", "set", "values"}
_DOTTED = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+(:[A-Za-z_]\w*)?$")
# "pkg.mod:attr" (uvicorn, entry points); a dotted module part keeps out "reports:read" scopes.
_ENTRY_POINT = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+:[A-Za-z_]\w*$")
_TASK_DECORATORS = {"task", "shared_task", "periodic_task", "actor"}


def sql_tables_in(nodes: Nodes) -> tuple[SqlTable, ...]:
    found = []
    for node in nodes.strings:
        text = str(node.value)
        if not _SQL_START.match(text):
            continue
        for match in _SQL_TABLE.finditer(text):
            verb, table = match.group("verb").upper(), match.group("table")
            if table.lower() not in _SQL_WORDS:
                found.append(SqlTable(table, node.lineno, verb, _sql_access(match)))
    return tuple(found)


def _sql_access(match: re.Match[str]) -> Access:
    """INSERT INTO t, UPDATE t and DELETE FROM t write t; FROM and JOIN read."""
    verb = match.group("verb").upper()
    if verb in ("INTO", "UPDATE") or (verb == "FROM" and match.group("delete")):
        return Access.WRITE
    return Access.READ


def dynamic_imports_in(
    tree: ast.Module, nodes: Nodes, bindings: Bindings
) -> tuple[DynamicImport, ...]:
    called = nodes.called
    found = [
        *_importlib_calls(called),
        *_loaders(called),
        *_settings(tree),
        *_tasks(nodes, called),
    ]
    found += [
        DynamicImport(DynamicKind.ENTRY_POINT, str(node.value), node.lineno)
        for node in nodes.strings
        if _ENTRY_POINT.match(str(node.value))
    ]
    unique = {(item.line, item.kind, item.target): item for item in found}
    return tuple(unique[key] for key in sorted(unique))


def _importlib_calls(calls: list[tuple[ast.Call, str]]) -> list[DynamicImport]:
    found = []
    for call, called in calls:
        if called in ("importlib.import_module", "__import__"):
            kind = (
                DynamicKind.IMPORT_MODULE
                if called.startswith("importlib")
                else DynamicKind.DUNDER_IMPORT
            )
            target = string(first_argument(call, "name")) or ""
            package = call.args[1] if len(call.args) > 1 else keyword(call, "package")
            if target.startswith(".") and (base := string(package)):
                target = _relative(target, base)
            found.append(DynamicImport(kind, target, call.lineno))
        elif last(called) == "include" and called.startswith(("django.urls", "include")):
            included = string(first_argument(call, "arg"))
            if included:
                found.append(DynamicImport(DynamicKind.INCLUDE, included, call.lineno))
    return found


_LOADERS = {"get_class", "get_classes", "load_class"}  # by module label and class name


def _loaders(calls: list[tuple[ast.Call, str]]) -> list[DynamicImport]:
    """Classes loaded by dotted path (`import_string("a.b.C")`, `pydoc.locate("a.b.C")`) or by
    module label and name (`get_class("a.b", "C")`, as django-oscar does)."""
    found = []
    for call, called in calls:
        first = string(call.args[0]) if call.args else None
        if not first:
            continue
        if called.rsplit(".", 1)[-1] == "import_string" or called == "pydoc.locate":
            if _DOTTED.match(first):
                found.append(DynamicImport(DynamicKind.LOADER, first, call.lineno))
        elif called.rsplit(".", 1)[-1] in _LOADERS and len(call.args) > 1:
            name = string(call.args[1])
            target = f"{first}:{name}" if name and name.isidentifier() else first
            found.append(DynamicImport(DynamicKind.LOADER, target, call.lineno))
    return found


def _relative(target: str, package: str) -> str:
    """import_module(".x", package="a.b") → "a.b.x", as importlib resolves it."""
    level = len(target) - len(target.lstrip("."))
    parts = package.split(".")
    keep = len(parts) - level + 1
    return ".".join([*parts[:keep], target[level:]]) if keep > 0 else target


def _settings(tree: ast.Module) -> list[DynamicImport]:
    """Dotted strings inside module-level UPPER_CASE settings (INSTALLED_APPS, MIDDLEWARE…)."""
    found = []
    for node in tree.body:
        if not isinstance(node, ast.Assign | ast.AnnAssign) or node.value is None:
            continue
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if not any(isinstance(t, ast.Name) and t.id.isupper() for t in targets):
            continue
        found += [
            DynamicImport(DynamicKind.SETTING, str(item.value), item.lineno)
            for item in ast.walk(node.value)
            if isinstance(item, ast.Constant)
            and isinstance(item.value, str)
            and _DOTTED.match(item.value)
        ]
    return found


def _tasks(nodes: Nodes, calls: list[tuple[ast.Call, str]]) -> list[DynamicImport]:
    """Celery-style task names: @app.task(name="..."), send_task("...")."""
    found = []
    decorators = [
        d for node in nodes.functions for d in node.decorator_list if isinstance(d, ast.Call)
    ]
    for decorator in decorators:
        name = string(keyword(decorator, "name"))
        if last(dotted(decorator.func)) in _TASK_DECORATORS and name and _DOTTED.match(name):
            found.append(DynamicImport(DynamicKind.TASK, name, decorator.lineno))
    for call, called in calls:
        if last(called) != "send_task":
            continue
        name = string(first_argument(call, "name"))
        if name and _DOTTED.match(name):
            found.append(DynamicImport(DynamicKind.TASK, name, call.lineno))
    return found
