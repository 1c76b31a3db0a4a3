"""How code uses ORM models' rows: what it reads and what it writes.

Reads: `select(X)`, `session.query(X)`, `session.get(X, id)`, `X.objects.filter(...)`.
Writes: `insert/update/delete(X)`, `session.query(X)...update()/delete()`,
`X.objects.create/update/delete/bulk_*(...)`, `session.add/delete/merge(x)`, and on an
instance bound in the same function (`x = session.get(X, id)`, `x = X(...)`): `x.save()`,
`x.delete()`, `x.field = value`. Names are candidates (capitalised, expanded through the
imports); the graph stage keeps those that are models.
"""

from __future__ import annotations

import ast
import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coupling.facts.bindings import dotted, expand, string
from coupling.records import Access, ModelUse

if TYPE_CHECKING:
    from coupling.facts.bindings import Bindings
    from coupling.facts.nodes import Nodes

# Calls that take model classes as arguments, and what they do with their rows.
_MODEL_CALLS = {
    "query": Access.READ,
    "select": Access.READ,
    "select_from": Access.READ,
    "get": Access.READ,
    "join": Access.READ,
    "outerjoin": Access.READ,
    "insert": Access.WRITE,
    "update": Access.WRITE,
    "delete": Access.WRITE,
    "bulk_insert_mappings": Access.WRITE,
    "bulk_update_mappings": Access.WRITE,
}
_MANAGERS = {"objects", "query"}  # Django managers; Flask-SQLAlchemy's Model.query
# Methods of a query or manager that write the rows they select.
_WRITE_METHODS = {
    "create",
    "update",
    "delete",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
    "insert",
}
# Methods that write the instances they are given: session.add(x), session.delete(x)…
_INSTANCE_CALLS = {"add", "add_all", "delete", "merge", "bulk_save_objects"}
_INSTANCE_METHODS = {"save", "delete"}  # Django: x.save(), x.delete()


def model_uses_in(tree: ast.Module, nodes: Nodes, bindings: Bindings) -> tuple[ModelUse, ...]:
    after = _methods_after(nodes.calls)
    found = [
        *_call_uses(nodes.calls, after, bindings),
        *_manager_uses(nodes.attributes, after, bindings),
        *_label_uses(nodes.called),
    ]
    hot = _Hot(
        writes=_lines(c for c in nodes.calls if _may_write_instances(c)),
        reads=_lines(
            [
                *(c for c in nodes.calls if _reads_rows(c)),
                *(a for a in nodes.attributes if a.attr in _MANAGERS),
            ]
        ),
    )
    if hot.writes or hot.reads or _may_assign_instances(nodes):
        for scope in (tree.body, *(f.body for f in nodes.functions)):
            found.extend(_instance_writes(scope, bindings, hot))
    return tuple(sorted(set(found), key=lambda u: (u.line, u.name, u.how, u.access)))


@dataclass(frozen=True)
class _Hot:
    """The lines (sorted) holding a call that may write an instance (`x.save()`,
    `session.add(x)`) and those reading rows of a model: a statement holding neither is not
    walked again. Nodes the one walk collected decide it, so most statements cost nothing."""

    writes: tuple[int, ...]
    reads: tuple[int, ...]

    @staticmethod
    def spans(lines: tuple[int, ...], node: ast.AST) -> bool:
        """Whether one of `lines` lies within the lines of `node`."""
        first: int = getattr(node, "lineno", 0)
        last: int = getattr(node, "end_lineno", None) or first
        at = bisect.bisect_left(lines, first)
        return at < len(lines) and lines[at] <= last


def _lines(nodes: Iterable[ast.expr]) -> tuple[int, ...]:
    return tuple(sorted({node.lineno for node in nodes}))


def _may_assign_instances(nodes: Nodes) -> bool:
    """Whether `x = Model(...)` then `x.field = value` may happen here (a write with no call
    to save it): some class is called and some name other than self gets an attribute set."""
    return any(
        isinstance(a.ctx, ast.Store)
        and isinstance(a.value, ast.Name)
        and a.value.id not in ("self", "cls")
        for a in nodes.attributes
    ) and any(_looks_like_class(c.func) for c in nodes.calls)


def _may_write_instances(call: ast.Call) -> bool:
    return isinstance(call.func, ast.Attribute) and (
        call.func.attr in _INSTANCE_METHODS or call.func.attr in _INSTANCE_CALLS
    )


def _reads_rows(call: ast.Call) -> bool:
    how = call.func.attr if isinstance(call.func, ast.Attribute) else dotted(call.func)
    return _MODEL_CALLS.get(how) is Access.READ


def model_name(node: ast.expr, bindings: Bindings) -> str:
    """`User`, `models.User` or `User.id` → the class part, expanded; "" when it cannot be a class."""
    parts = dotted(node).split(".")
    while parts and parts[-1] and not parts[-1][0].isupper():
        parts.pop()  # User.id, User.email: the class is what is queried
    if not parts or not parts[0]:
        return ""
    return expand(".".join(parts), bindings)


# A node (a call, or a manager attribute) → the methods called on it, in order: for
# `X.objects.filter(a).update(b)`, X.objects → ["filter", "update"].
After = dict[int, list[str]]


def _methods_after(calls: list[ast.Call]) -> After:
    called_on: dict[int, tuple[str, ast.Call]] = {}
    for call in calls:
        if isinstance(call.func, ast.Attribute):
            called_on[id(call.func.value)] = (call.func.attr, call)
    after: After = {}
    for key, (first, outer) in called_on.items():
        methods, node = [first], outer
        while id(node) in called_on:
            method, node = called_on[id(node)]
            methods.append(method)
        after[key] = methods
    return after


def _call_uses(calls: list[ast.Call], after: After, bindings: Bindings) -> Iterator[ModelUse]:
    for call in calls:
        how = call.func.attr if isinstance(call.func, ast.Attribute) else dotted(call.func)
        access = _MODEL_CALLS.get(how)
        if access is None:
            continue
        if access is Access.READ and _writes(after.get(id(call), [])):
            access = Access.WRITE  # session.query(X).filter(...).delete()
        for argument in call.args:
            for node in ast.walk(argument):  # select(func.count(Invoice.id)) reads Invoice
                if isinstance(node, ast.Name | ast.Attribute) and (
                    name := model_name(node, bindings)
                ):
                    yield ModelUse(name, call.lineno, how, access)


def _manager_uses(
    attributes: list[ast.Attribute], after: After, bindings: Bindings
) -> Iterator[ModelUse]:
    for attribute in attributes:
        if attribute.attr not in _MANAGERS or not (name := model_name(attribute.value, bindings)):
            continue
        methods = after.get(id(attribute), [])
        access = Access.WRITE if _writes(methods) else Access.READ
        how = ".".join([attribute.attr, *methods[:1]])
        yield ModelUse(name, attribute.lineno, how, access)


def _label_uses(called: list[tuple[ast.Call, str]]) -> Iterator[ModelUse]:
    """`apps.get_model("shop", "Order")`, `get_model("shop.Order")`: a model named by label."""
    for call, name in called:
        if name.rsplit(".", 1)[-1] != "get_model":
            continue
        labels = [string(argument) for argument in call.args[:2]]
        if len(labels) == 2 and labels[0] and labels[1]:
            label = f"{labels[0]}.{labels[1]}"
        elif labels and labels[0] and labels[0].count(".") == 1:
            label = labels[0]
        else:
            continue
        yield ModelUse(label, call.lineno, "get_model", Access.NONE)


def _writes(methods: list[str]) -> bool:
    return any(method in _WRITE_METHODS for method in methods)


def _instance_writes(body: list[ast.stmt], bindings: Bindings, hot: _Hot) -> Iterator[ModelUse]:
    """Writes through instances bound in one scope (a function or the module)."""
    bound: dict[str, str] = {}  # local name → the model its value is an instance of
    for statement in _statements(body):
        if isinstance(statement, ast.Assign | ast.AnnAssign | ast.AugAssign):
            yield from _attribute_writes(statement, bound)
            target = statement.targets[0] if isinstance(statement, ast.Assign) else statement.target
            if isinstance(target, ast.Name) and statement.value is not None:
                _bind(bound, target.id, _instance_of(statement.value, bindings, hot))
        elif isinstance(statement, ast.For | ast.AsyncFor) and isinstance(
            statement.target, ast.Name
        ):
            _bind(bound, statement.target.id, _instance_of(statement.iter, bindings, hot))
        if hot.writes and _Hot.spans(hot.writes, statement):
            for call in _calls(statement):
                yield from _call_writes(call, bound, bindings)


def _bind(bound: dict[str, str], name: str, model: str) -> None:
    if model:
        bound[name] = model
    else:
        bound.pop(name, None)  # rebound to something else


def _attribute_writes(
    statement: ast.Assign | ast.AnnAssign | ast.AugAssign, bound: dict[str, str]
) -> Iterator[ModelUse]:
    targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
    for target in targets:
        if (
            isinstance(target, ast.Attribute)
            and isinstance(target.value, ast.Name)
            and target.value.id in bound
        ):
            yield ModelUse(bound[target.value.id], statement.lineno, "assign", Access.WRITE)


def _call_writes(call: ast.Call, bound: dict[str, str], bindings: Bindings) -> Iterator[ModelUse]:
    if not isinstance(call.func, ast.Attribute):
        return
    method, receiver = call.func.attr, call.func.value
    if method in _INSTANCE_METHODS and isinstance(receiver, ast.Name) and receiver.id in bound:
        yield ModelUse(bound[receiver.id], call.lineno, method, Access.WRITE)
    elif method in _INSTANCE_CALLS:
        for argument in call.args[:1]:
            items = argument.elts if isinstance(argument, ast.List | ast.Tuple) else [argument]
            for item in items:
                model = _instance_model(item, bound, bindings)
                if model:
                    yield ModelUse(model, call.lineno, method, Access.WRITE)


def _instance_model(node: ast.expr, bound: dict[str, str], bindings: Bindings) -> str:
    """The model an instance expression is of: `Model(...)` or a name bound to one."""
    if isinstance(node, ast.Name):
        return bound.get(node.id, "")
    if isinstance(node, ast.Call):
        return model_name(node.func, bindings) if _looks_like_class(node.func) else ""
    return ""


def _instance_of(value: ast.expr, bindings: Bindings, hot: _Hot) -> str:
    """The model `value` gives an instance (or rows) of: `X(...)`, or the one model read in it
    (`session.get(X, id)`, `X.objects.get(...)`, `session.scalar(select(X)...)`)."""
    if isinstance(value, ast.Call) and _looks_like_class(value.func):
        return model_name(value.func, bindings)
    if not hot.reads or not _Hot.spans(hot.reads, value):
        return ""  # nothing in it reads rows of a model
    models: set[str] = set()
    for node in ast.walk(value):
        if isinstance(node, ast.Call):
            if _reads_rows(node):
                models.update(
                    name for argument in node.args[:1] if (name := model_name(argument, bindings))
                )
        elif isinstance(node, ast.Attribute) and node.attr in _MANAGERS:
            models.update(name for name in (model_name(node.value, bindings),) if name)
    return models.pop() if len(models) == 1 else ""


def _looks_like_class(func: ast.expr) -> bool:
    """CapWords, not a CONSTANT: what calling constructs an instance."""
    name = dotted(func).rsplit(".", 1)[-1]
    return bool(name) and name[0].isupper() and (len(name) == 1 or not name.isupper())


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """The statements of one scope in order, blocks entered, nested functions and classes not."""
    for statement in body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        yield statement
        for field in ("body", "orelse", "finalbody"):
            yield from _statements(getattr(statement, field, []))
        for handler in getattr(statement, "handlers", []):
            yield from _statements(handler.body)
        for case in getattr(statement, "cases", []):
            yield from _statements(case.body)


def _calls(statement: ast.stmt) -> Iterator[ast.Call]:
    """Calls in a statement itself, not in the blocks it holds (those are statements too)."""
    pending: list[ast.AST] = [
        value
        for field, value in ast.iter_fields(statement)
        if field not in ("body", "orelse", "finalbody", "handlers", "cases")
        for value in (value if isinstance(value, list) else [value])
        if isinstance(value, ast.AST)
    ]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Lambda):
            continue
        if isinstance(node, ast.Call):
            yield node
        pending.extend(ast.iter_child_nodes(node))
