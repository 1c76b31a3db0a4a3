"""Date and time helpers. Everything stored is timezone-aware UTC."""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

UTC = timezone.utc


def utcnow() -> datetime:
    return datetime.now(tz=UTC)


def today(tz: str = "UTC") -> date:
    return datetime.now(tz=ZoneInfo(tz)).date()


def is_valid_timezone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return name in available_timezones() or name == "UTC"


def parse_date(value: str) -> date:
    """Parse ``YYYY-MM-DD``; raises ``ValueError`` with a readable message."""
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"expected a date like 2026-03-31, got {value!r}") from exc


def format_date(value: date | datetime, fmt: str = "%d %b %Y") -> str:
    return value.strftime(fmt)


def day_bounds(day: date, tz: str = "UTC") -> tuple[datetime, datetime]:
    """Start (inclusive) and end (exclusive) of ``day`` in ``tz``, as UTC."""
    zone = ZoneInfo(tz)
    start = datetime.combine(day, time.min, tzinfo=zone)
    return start.astimezone(UTC), (start + timedelta(days=1)).astimezone(UTC)


def week_bounds(day: date, tz: str = "UTC") -> tuple[datetime, datetime]:
    """ISO week (Monday to Monday) containing ``day``."""
    monday = day - timedelta(days=day.weekday())
    start, _ = day_bounds(monday, tz)
    end, _ = day_bounds(monday + timedelta(days=7), tz)
    return start, end


def add_months(value: datetime, months: int) -> datetime:
    """Add calendar months, clamping the day (Jan 31 + 1 month = Feb 28/29)."""
    month_index = value.month - 1 + months
    year = value.year + month_index // 12
    month = month_index % 12 + 1
    day = min(value.day, calendar.monthrange(year, month)[1])
    return value.replace(year=year, month=month, day=day)


def days_between(start: date | datetime, end: date | datetime) -> int:
    if isinstance(start, datetime):
        start = start.date()
    if isinstance(end, datetime):
        end = end.date()
    return (end - start).days


def next_run_after(after: datetime, *, hour: int, weekday: int | None = None) -> datetime:
    """Next occurrence of ``hour:00`` (optionally on ``weekday``, Monday=0) after ``after``."""
    candidate = after.replace(hour=hour, minute=0, second=0, microsecond=0)
    if candidate <= after:
        candidate += timedelta(days=1)
    if weekday is not None:
        while candidate.weekday() != weekday:
            candidate += timedelta(days=1)
    return candidate
