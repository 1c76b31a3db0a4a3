"""Validation helpers and the one exception type the API turns into HTTP 422."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
_PHONE_RE = re.compile(r"^\+[1-9]\d{6,14}$")
_SLUG_RE = re.compile(r"[^a-z0-9]+")


class ValidationError(ValueError):
    """Raised by services for invalid input; ``field`` points at the culprit."""

    def __init__(self, message: str, field: str | None = None, **context: Any) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.context = context

    def to_dict(self) -> dict[str, Any]:
        detail: dict[str, Any] = {"msg": self.message}
        if self.field:
            detail["loc"] = ["body", self.field]
        return detail


def normalize_email(value: str) -> str:
    value = value.strip()
    if not _EMAIL_RE.match(value):
        raise ValidationError("not a valid email address", field="email")
    local, _, domain = value.rpartition("@")
    return f"{local}@{domain.lower()}"


def validate_phone(value: str) -> str:
    """E.164 phone numbers only (``+4915112345678``)."""
    cleaned = re.sub(r"[\s\-()]", "", value)
    if not _PHONE_RE.match(cleaned):
        raise ValidationError("phone number must be in E.164 format", field="phone")
    return cleaned


def slugify(value: str, max_length: int = 64) -> str:
    ascii_value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return _SLUG_RE.sub("-", ascii_value.lower()).strip("-")[:max_length]


def sanitize_filename(value: str, default: str = "export") -> str:
    name = re.sub(r"[^\w.\-]+", "_", value).strip("._")
    return name[:120] or default


def require(condition: bool, message: str, field: str | None = None) -> None:
    if not condition:
        raise ValidationError(message, field=field)


def country_code(value: str) -> str:
    code = value.strip().upper()
    if len(code) != 2 or not code.isalpha():
        raise ValidationError("country must be an ISO 3166-1 alpha-2 code", field="country")
    return code
