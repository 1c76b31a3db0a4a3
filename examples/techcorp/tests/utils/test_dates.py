from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from utils.dates import add_months, day_bounds, is_valid_timezone, next_run_after, parse_date, week_bounds


def test_add_months_clamps_day():
    assert add_months(datetime(2026, 1, 31), 1) == datetime(2026, 2, 28)
    assert add_months(datetime(2026, 11, 15), 3) == datetime(2027, 2, 15)


def test_day_bounds_in_berlin_are_utc():
    start, end = day_bounds(date(2026, 7, 1), "Europe/Berlin")

    assert start == datetime(2026, 6, 30, 22, tzinfo=timezone.utc)
    assert (end - start).total_seconds() == 86400


def test_week_bounds_start_on_monday():
    start, end = week_bounds(date(2026, 3, 5))

    assert start.date() == date(2026, 3, 2)
    assert end.date() == date(2026, 3, 9)


def test_parse_date_message():
    with pytest.raises(ValueError, match="2026-03-31"):
        parse_date("31.03.2026")


def test_next_run_after_weekday():
    after = datetime(2026, 3, 4, 10, tzinfo=timezone.utc)  # Wednesday

    assert next_run_after(after, hour=6, weekday=0) == datetime(2026, 3, 9, 6, tzinfo=timezone.utc)


def test_timezones():
    assert is_valid_timezone("Europe/Berlin")
    assert not is_valid_timezone("Europe/Atlantis")
