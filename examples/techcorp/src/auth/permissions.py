"""Who is calling, and may they do this?

This is the one place in ``auth`` that knows about the ``users`` unit: it turns
a bearer token or an API key into a ``users.models.User`` and checks the
user's roles. Everything else in ``auth`` works with plain user ids.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from fastapi import Depends, Header, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from users.models import User
from utils.db import get_session

from .models import ApiKey
from .models import Session as LoginSession
from .tokens import TokenError, decode_token, hash_token

if TYPE_CHECKING:
    from users.models import Organization

_bearer = HTTPBearer(auto_error=False)


def load_user(session: Session, user_id: int) -> User | None:
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        return None
    return user


def _user_from_api_key(session: Session, raw_key: str) -> User | None:
    prefix = raw_key.split(".", 1)[0]
    key = session.scalar(
        select(ApiKey).where(
            ApiKey.prefix == prefix,
            ApiKey.key_hash == hash_token(raw_key),
            ApiKey.revoked.is_(False),
        )
    )
    if key is None:
        return None
    session.execute(
        update(ApiKey)
        .where(ApiKey.id == key.id)
        .values(request_count=ApiKey.request_count + 1)
    )
    return load_user(session, key.user_id)


def get_current_user(
    credentials: HTTPAuthorizationCredentials | None = Depends(_bearer),
    x_api_key: str | None = Header(default=None),
    session: Session = Depends(get_session),
) -> User:
    """FastAPI dependency: the authenticated, active user, or 401."""
    user: User | None = None
    if credentials is not None:
        try:
            claims = decode_token(credentials.credentials)
        except TokenError as exc:
            raise HTTPException(status.HTTP_401_UNAUTHORIZED, str(exc)) from None
        sid = claims.get("sid")
        if sid is not None:
            login = session.get(LoginSession, sid)
            if login is None or not login.is_active:
                raise HTTPException(status.HTTP_401_UNAUTHORIZED, "session revoked")
        user = load_user(session, claims["sub"])
    elif x_api_key:
        user = _user_from_api_key(session, x_api_key)
    if user is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "not authenticated",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


def require_permission(permission: str) -> Callable[..., User]:
    """Dependency factory: ``Depends(require_permission("billing:write"))``."""

    def checker(user: User = Depends(get_current_user)) -> User:
        if not user.has_permission(permission):
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"missing permission {permission}")
        return user

    checker.__name__ = f"require_{permission.replace(':', '_')}"
    return checker


def can_access_organization(user: User, organization: Organization | int | None) -> bool:
    if user.is_staff:
        return True
    if organization is None:
        return False
    org_id = organization if isinstance(organization, int) else organization.id
    return user.organization_id == org_id


def can_manage_user(session: Session, actor: User, target_id: int) -> bool:
    """Admins may manage users of their own organization; everyone manages themselves."""
    if actor.id == target_id or actor.is_staff:
        return True
    if not actor.has_permission("users:admin"):
        return False
    # Imported here: users.service imports auth.passwords at module level.
    from users import service as user_service

    try:
        target = user_service.get_user(session, target_id)
    except user_service.UserNotFound:
        return False
    return can_access_organization(actor, target.organization_id)
