"""Where units meet at run time rather than at import: transactions that may span their
models, and events published and subscribed by name."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from coupling.facts.bindings import dotted, expand, first_argument, last, string
from coupling.records import EventUse, Transaction
from coupling.records.kinds import EventKind

if TYPE_CHECKING:
    from coupling.facts.bindings import Bindings
    from coupling.facts.nodes import Nodes

_TRANSACTIONS = {"transaction", "atomic", "begin", "begin_nested", "transactional", "unit_of_work"}
_PUBLISH = {"publish", "emit", "fire", "dispatch", "trigger", "send_event", "broadcast"}
_SUBSCRIBE = {"subscribe", "connect", "add_listener", "listen", "register_handler", "on_event"}


def transactions_in(nodes: Nodes, bindings: Bindings) -> tuple[Transaction, ...]:
    blocks: list[tuple[int, int]] = []
    for node in nodes.withs:
        if any(_is_transaction(item.context_expr) for item in node.items):
            blocks.append((node.lineno, node.end_lineno or node.lineno))
    for function in nodes.functions:
        if any(
            last(dotted(d.func if isinstance(d, ast.Call) else d)) in _TRANSACTIONS
            for d in function.decorator_list
        ):
            blocks.append((function.lineno, function.end_lineno or function.lineno))
    return tuple(Transaction(start, end) for start, end in sorted(set(blocks)))


def _is_transaction(expression: ast.expr) -> bool:
    return isinstance(expression, ast.Call) and last(dotted(expression.func)) in _TRANSACTIONS


def events_in(nodes: Nodes, bindings: Bindings) -> tuple[EventUse, ...]:
    found = []
    for call in nodes.calls:
        verb = call.func.attr if isinstance(call.func, ast.Attribute) else dotted(call.func)
        kind = (
            EventKind.PUBLISH
            if verb in _PUBLISH
            else (EventKind.SUBSCRIBE if verb in _SUBSCRIBE else None)
        )
        name = string(first_argument(call, "event", "name"))
        if kind is not None and name:
            found.append(EventUse(kind, name, call.lineno, expand(dotted(call.func), bindings)))
    return tuple(sorted(set(found), key=lambda e: (e.line, e.kind, e.name, e.call)))
