from __future__ import annotations

import pytest
from fastapi import HTTPException
from fastapi.security import HTTPAuthorizationCredentials

from auth import permissions
from auth.tokens import create_access_token
from users.models import UserStatus


def _bearer(token: str) -> HTTPAuthorizationCredentials:
    return HTTPAuthorizationCredentials(scheme="Bearer", credentials=token)


def test_current_user_from_bearer_token(db_session, make_user):
    user = make_user()

    current = permissions.get_current_user(_bearer(create_access_token(user.id)), None, db_session)

    assert current.id == user.id


def test_inactive_user_is_rejected(db_session, make_user):
    user = make_user(status=UserStatus.SUSPENDED)

    with pytest.raises(HTTPException) as err:
        permissions.get_current_user(_bearer(create_access_token(user.id)), None, db_session)
    assert err.value.status_code == 401


def test_missing_credentials(db_session):
    with pytest.raises(HTTPException) as err:
        permissions.get_current_user(None, None, db_session)
    assert err.value.headers == {"WWW-Authenticate": "Bearer"}


def test_require_permission_wildcard(make_user):
    user = make_user(permissions="billing:*")
    check = permissions.require_permission("billing:write")

    assert check(user) is user
    with pytest.raises(HTTPException):
        permissions.require_permission("users:admin")(user)


def test_staff_can_access_any_organization(make_user):
    assert permissions.can_access_organization(make_user(staff=True), 99)
    assert not permissions.can_access_organization(make_user(organization_id=None), 99)


def test_admin_manages_only_own_organization(db_session, make_user):
    admin = make_user(permissions="users:admin", organization_id=None)
    target = make_user()

    assert permissions.can_manage_user(db_session, admin, admin.id)
    assert not permissions.can_manage_user(db_session, admin, 12345)
    assert permissions.can_manage_user(db_session, admin, target.id) is False
