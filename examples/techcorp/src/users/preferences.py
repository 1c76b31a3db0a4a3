"""Per-user preferences stored as key/value rows.

Known keys and their defaults live in :data:`DEFAULTS`; unknown keys are rejected
so that typos don't silently create new settings.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from utils.cache import cache
from utils.config import settings
from utils.dates import is_valid_timezone
from utils.db import transaction
from utils.validation import ValidationError

from .models import UserPreference

DEFAULTS: dict[str, str] = {
    "locale": "en",
    "timezone": "UTC",
    "billing.currency": "",  # empty = settings.default_currency
    "notifications.email": "on",
    "notifications.sms": "off",
    "notifications.digest": "weekly",
    "reports.default_format": "pdf",
}

_CHOICES: dict[str, set[str]] = {
    "locale": {"en", "de", "fr", "es", "nl"},
    "notifications.email": {"on", "off"},
    "notifications.sms": {"on", "off"},
    "notifications.digest": {"off", "daily", "weekly"},
    "reports.default_format": {"pdf", "xlsx", "csv"},
    "billing.currency": {"", "EUR", "USD", "GBP", "CHF"},
}

_TTL = 300


def _key(user_id: int) -> str:
    return f"users:prefs:{user_id}"


def _validate(key: str, value: str) -> str:
    if key not in DEFAULTS:
        raise ValidationError(f"unknown preference {key!r}", field=key)
    if key == "timezone":
        if not is_valid_timezone(value):
            raise ValidationError(f"unknown timezone {value!r}", field=key)
        return value
    allowed = _CHOICES.get(key)
    if allowed is not None and value not in allowed:
        raise ValidationError(
            f"{key} must be one of {', '.join(sorted(a or '(default)' for a in allowed))}",
            field=key,
        )
    return value


def get_preferences(session: Session, user_id: int) -> dict[str, str]:
    cached = cache.get(_key(user_id))
    if cached is not None:
        return cached
    values = dict(DEFAULTS)
    rows = session.scalars(select(UserPreference).where(UserPreference.user_id == user_id))
    for row in rows:
        values[row.key] = row.value
    cache.set(_key(user_id), values, ttl=_TTL)
    return values


def get_preference(session: Session, user_id: int, key: str) -> str:
    value = get_preferences(session, user_id).get(key, DEFAULTS.get(key, ""))
    if key == "billing.currency" and not value:
        return settings.default_currency
    return value


def set_preferences(session: Session, user_id: int, values: dict[str, str]) -> dict[str, str]:
    cleaned = {key: _validate(key, str(value)) for key, value in values.items()}
    existing = {
        row.key: row
        for row in session.scalars(
            select(UserPreference).where(
                UserPreference.user_id == user_id, UserPreference.key.in_(cleaned)
            )
        )
    }
    with transaction(session):
        for key, value in cleaned.items():
            if key in existing:
                existing[key].value = value
            else:
                session.add(UserPreference(user_id=user_id, key=key, value=value))
    cache.delete(_key(user_id))
    return get_preferences(session, user_id)


def wants_channel(session: Session, user_id: int, channel: str) -> bool:
    """Whether the user opted in to ``channel`` ("email" or "sms")."""
    return get_preference(session, user_id, f"notifications.{channel}") == "on"
