"""A tiny in-process publish/subscribe bus.

Units announce domain events by *name* (``publish("invoice.paid", invoice_id=42)``)
and other units react with ``subscribe("invoice.paid", handler)``. Nobody imports
anybody for this, which is the point -- and also why nobody can grep for who
listens to what. Keep the list of event names in this docstring up to date:

    user.created, user.deactivated, auth.login_failed,
    subscription.created, subscription.cancelled, invoice.issued, invoice.paid,
    payment.failed, report.ready
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from .logging import get_logger

log = get_logger(__name__)

Handler = Callable[..., None]

_handlers: dict[str, list[Handler]] = defaultdict(list)


def subscribe(event: str, handler: Handler) -> None:
    """Register ``handler`` for ``event``. Registering twice is a no-op."""
    if handler not in _handlers[event]:
        _handlers[event].append(handler)


def unsubscribe(event: str, handler: Handler) -> None:
    try:
        _handlers[event].remove(handler)
    except ValueError:
        pass


def on(event: str) -> Callable[[Handler], Handler]:
    """Decorator form of :func:`subscribe`."""

    def register(handler: Handler) -> Handler:
        subscribe(event, handler)
        return handler

    return register


def publish(event: str, **payload: Any) -> int:
    """Call every handler for ``event`` synchronously.

    A failing handler is logged and skipped; it never breaks the publisher.
    Returns the number of handlers that ran successfully.
    """
    ok = 0
    for handler in list(_handlers.get(event, ())):
        try:
            handler(**payload)
        except Exception:  # noqa: BLE001 - handlers must not break publishers
            log.exception("event handler failed", extra={"event": event, "handler": handler.__qualname__})
        else:
            ok += 1
    return ok


def clear() -> None:
    """Drop all handlers (tests only)."""
    _handlers.clear()
