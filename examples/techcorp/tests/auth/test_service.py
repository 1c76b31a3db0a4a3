from __future__ import annotations

from unittest import mock

import pytest

from auth import service
from auth.models import ApiKey, LoginEvent


@pytest.fixture()
def user_row():
    row = mock.Mock(id=1, password_hash="hash", status="active")
    with mock.patch.object(service, "verify_password", side_effect=lambda pw, h: pw == "right password!"):
        with mock.patch.object(service, "needs_rehash", return_value=False):
            yield row


def _patch_lookup(session, row):
    original = session.execute

    def execute(stmt, params=None, *args, **kwargs):
        if stmt is service._USER_BY_EMAIL:
            return mock.Mock(first=lambda: row)
        if "UPDATE users" in str(stmt):
            return None
        return original(stmt, params, *args, **kwargs)

    return mock.patch.object(session, "execute", side_effect=execute)


def test_wrong_password_is_recorded(db_session, user_row):
    with _patch_lookup(db_session, user_row), pytest.raises(service.AuthError) as err:
        service.authenticate(db_session, "a@example.com", "wrong password!")

    assert err.value.reason == "bad_password"
    assert db_session.query(LoginEvent).filter_by(success=False).count() == 1


def test_unknown_email(db_session):
    with _patch_lookup(db_session, None), pytest.raises(service.AuthError) as err:
        service.authenticate(db_session, "nobody@example.com", "whatever password")
    assert err.value.reason == "unknown_email"


def test_lockout_after_too_many_failures(db_session, user_row, monkeypatch):
    monkeypatch.setattr(service, "_recent_failures", lambda s, e: 99)

    with pytest.raises(service.AuthError) as err:
        service.authenticate(db_session, "a@example.com", "right password!")
    assert err.value.reason == "too_many_attempts"


def test_revoke_api_keys_keeps_most_recent(db_session, make_user):
    user = make_user()
    for i in range(3):
        db_session.add(ApiKey(user_id=user.id, name=f"k{i}", prefix=f"tc_{i}", key_hash=f"h{i}"))
    db_session.commit()

    revoked = service.revoke_api_keys_for_user(db_session, user.id, keep=1)

    assert revoked == 2
