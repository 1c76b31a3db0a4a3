"""Structured logging setup.

All units call :func:`get_logger` instead of ``logging.getLogger`` so that the
request id and the unit name end up on every line in production (JSON) and in a
readable form locally.
"""

from __future__ import annotations

import contextvars
import logging
import sys
from typing import Any

try:  # orjson is much faster, but optional in development
    import orjson as _json

    def _dumps(payload: dict[str, Any]) -> str:
        return _json.dumps(payload, default=str).decode()

except ImportError:  # pragma: no cover - depends on the environment
    import json as _json

    def _dumps(payload: dict[str, Any]) -> str:
        return _json.dumps(payload, default=str)


request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)

_RESERVED = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with any ``extra=`` fields merged in."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        request_id = request_id_var.get()
        if request_id:
            payload["request_id"] = request_id
        for key, value in record.__dict__.items():
            if key not in _RESERVED and not key.startswith("_"):
                payload[key] = value
        if record.exc_info:
            payload["exc"] = self.formatException(record.exc_info)
        return _dumps(payload)


_configured = False


def configure_logging(level: str = "INFO", json_output: bool = True) -> None:
    """Install the root handler. Safe to call more than once."""
    global _configured
    if _configured:
        return
    handler = logging.StreamHandler(sys.stdout)
    if json_output:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s")
        )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # SQLAlchemy is very chatty at INFO.
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    _configured = True


def get_logger(name: str) -> logging.LoggerAdapter[logging.Logger]:
    """Return a logger that tags every line with the unit (first dotted part)."""
    unit = name.split(".", 1)[0]
    return logging.LoggerAdapter(logging.getLogger(name), {"unit": unit})
