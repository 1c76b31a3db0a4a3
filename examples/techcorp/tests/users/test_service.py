from __future__ import annotations

from unittest import mock

import pytest

from users import service
from users.models import UserStatus
from users.schemas import UserCreate, UserUpdate
from utils.validation import ValidationError


@pytest.fixture(autouse=True)
def _no_mail():
    with mock.patch("notifications.sender.send_notification") as send:
        yield send


def test_create_user_with_password_is_active(db_session, _no_mail):
    user = service.create_user(db_session, UserCreate(email="ada@example.com", password="correct horse battery"))

    assert user.status == UserStatus.ACTIVE
    assert user.password_hash and user.password_hash != "correct horse battery"
    assert _no_mail.call_args.kwargs["template"] == "welcome"


def test_create_user_without_password_is_invited(db_session, _no_mail):
    user = service.create_user(db_session, UserCreate(email="grace@example.com"))

    assert user.status == UserStatus.INVITED
    assert _no_mail.call_args.kwargs["template"] == "invitation"


def test_create_user_rejects_duplicate_email(db_session, make_user):
    make_user(email="dup@example.com")

    with pytest.raises(ValidationError) as err:
        service.create_user(db_session, UserCreate(email="dup@example.com"), send_welcome=False)
    assert err.value.field == "email"


def test_get_user_raises_for_unknown_id(db_session):
    with pytest.raises(service.UserNotFound):
        service.get_user(db_session, 999)


def test_update_user_only_touches_given_fields(db_session, make_user):
    user = make_user(full_name="Old Name", phone="+4915100000000")

    service.update_user(db_session, user.id, UserUpdate(full_name="New Name"))

    assert user.full_name == "New Name"
    assert user.phone == "+4915100000000"


def test_change_password_requires_current_password(db_session):
    user = service.create_user(db_session, UserCreate(email="p@example.com", password="initial password 1"), send_welcome=False)

    with pytest.raises(ValidationError):
        service.change_password(db_session, user.id, "wrong password!!", "another password 2")
    service.change_password(db_session, user.id, "initial password 1", "another password 2")


def test_deactivate_user_revokes_sessions(db_session, make_user):
    user = make_user()
    with mock.patch("auth.service.revoke_all_sessions") as revoke:
        service.deactivate_user(db_session, user.id, reason="test")

    assert user.status == UserStatus.DEACTIVATED
    revoke.assert_called_once_with(db_session, user.id, reason="test")


def test_delete_user_anonymises_and_cancels(db_session, make_user):
    user = make_user(email="gone@example.com")
    with mock.patch("billing.subscriptions.cancel_all_for_user") as cancel:
        service.delete_user(db_session, user.id)

    cancel.assert_called_once()
    assert user.email == f"deleted-{user.id}@users.invalid"
    assert user.password_hash is None
