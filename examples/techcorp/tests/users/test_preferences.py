from __future__ import annotations

import pytest

from users import preferences
from utils.validation import ValidationError


def test_defaults_when_nothing_is_stored(db_session, make_user):
    user = make_user()

    prefs = preferences.get_preferences(db_session, user.id)

    assert prefs["timezone"] == "UTC"
    assert prefs["notifications.email"] == "on"


def test_set_and_read_back(db_session, make_user):
    user = make_user()

    preferences.set_preferences(db_session, user.id, {"timezone": "Europe/Berlin", "locale": "de"})

    assert preferences.get_preference(db_session, user.id, "timezone") == "Europe/Berlin"
    assert preferences.get_preference(db_session, user.id, "locale") == "de"


def test_unknown_key_is_rejected(db_session, make_user):
    with pytest.raises(ValidationError):
        preferences.set_preferences(db_session, make_user().id, {"colour": "blue"})


@pytest.mark.parametrize("tz", ["Mars/Olympus", "", "GMT+25"])
def test_invalid_timezone_is_rejected(db_session, make_user, tz):
    with pytest.raises(ValidationError):
        preferences.set_preferences(db_session, make_user().id, {"timezone": tz})


def test_billing_currency_falls_back_to_settings(db_session, make_user, monkeypatch):
    monkeypatch.setattr(preferences.settings, "default_currency", "CHF")

    assert preferences.get_preference(db_session, make_user().id, "billing.currency") == "CHF"


def test_wants_channel(db_session, make_user):
    user = make_user()
    preferences.set_preferences(db_session, user.id, {"notifications.sms": "on"})

    assert preferences.wants_channel(db_session, user.id, "sms")
