"""Login, logout, refresh and API-key management."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from utils.config import settings
from utils.db import transaction
from utils.events import publish
from utils.logging import get_logger

from .models import ApiKey, LoginEvent
from .models import Session as LoginSession
from .passwords import needs_rehash, verify_password, hash_password
from .permissions import load_user
from .tokens import create_access_token, create_refresh_token, hash_token

log = get_logger(__name__)

# We read the users table directly instead of importing users.service: the
# users unit imports auth, and login must not depend on the users facade.
_USER_BY_EMAIL = text(
    "SELECT id, password_hash, status FROM users WHERE lower(email) = lower(:email)"
)


class AuthError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int
    token_type: str = "bearer"


def _recent_failures(session: Session, email: str) -> int:
    since = func.now() - timedelta(minutes=15)
    return session.scalar(
        select(func.count())
        .select_from(LoginEvent)
        .where(LoginEvent.email == email, LoginEvent.success.is_(False), LoginEvent.occurred_at >= since)
    ) or 0


def _issue(session: Session, user_id: int, ip: str | None, user_agent: str | None) -> TokenPair:
    refresh, refresh_hash = create_refresh_token()
    login = LoginSession(
        user_id=user_id,
        refresh_token_hash=refresh_hash,
        ip_address=ip,
        user_agent=(user_agent or "")[:400],
        expires_at=func.now() + timedelta(seconds=settings.refresh_token_ttl_s),
    )
    session.add(login)
    session.flush()
    access = create_access_token(user_id, session_id=login.id)
    return TokenPair(access, refresh, settings.access_token_ttl_s)


def authenticate(
    session: Session, email: str, password: str, *, ip: str | None = None, user_agent: str | None = None
) -> TokenPair:
    if _recent_failures(session, email) >= settings.max_failed_logins:
        raise AuthError("too_many_attempts")

    row = session.execute(_USER_BY_EMAIL, {"email": email}).first()
    reason: str | None = None
    if row is None:
        reason = "unknown_email"
    elif row.status != "active":
        reason = "inactive"
    elif not row.password_hash or not verify_password(password, row.password_hash):
        reason = "bad_password"

    with transaction(session):
        session.add(
            LoginEvent(
                user_id=row.id if row else None,
                email=email,
                success=reason is None,
                failure_reason=reason,
                ip_address=ip,
            )
        )
        if reason is not None:
            publish("auth.login_failed", email=email, reason=reason)
            raise AuthError(reason)
        if needs_rehash(row.password_hash):
            session.execute(
                text("UPDATE users SET password_hash = :h WHERE id = :id"),
                {"h": hash_password(password), "id": row.id},
            )
        session.execute(text("UPDATE users SET last_login_at = now() WHERE id = :id"), {"id": row.id})
        pair = _issue(session, row.id, ip, user_agent)
    log.info("login", extra={"user_id": row.id})
    return pair


def refresh(session: Session, refresh_token: str, *, ip: str | None = None) -> TokenPair:
    login = session.scalar(
        select(LoginSession).where(LoginSession.refresh_token_hash == hash_token(refresh_token))
    )
    if login is None or not login.is_active:
        raise AuthError("invalid_refresh_token")
    if load_user(session, login.user_id) is None:
        raise AuthError("inactive")
    with transaction(session):
        # Rotate: the old refresh token dies with its session.
        login.revoke("rotated")
        session.add(LoginEvent(user_id=login.user_id, email="", success=True, method="refresh", ip_address=ip))
        return _issue(session, login.user_id, ip, login.user_agent)


def logout(session: Session, session_id: int) -> None:
    with transaction(session):
        login = session.get(LoginSession, session_id)
        if login is not None:
            login.revoke("logout")


def revoke_all_sessions(session: Session, user_id: int, *, reason: str) -> int:
    logins = session.scalars(
        select(LoginSession).where(LoginSession.user_id == user_id, LoginSession.revoked_at.is_(None))
    ).all()
    with transaction(session):
        for login in logins:
            login.revoke(reason)
        revoke_api_keys_for_user(session, user_id)
    log.info("sessions revoked", extra={"user_id": user_id, "count": len(logins), "reason": reason})
    return len(logins)


def revoke_api_keys_for_user(session: Session, user_id: int, *, keep: int = 0) -> int:
    """Revoke all but the ``keep`` most recently used keys of a user."""
    keys = session.scalars(
        select(ApiKey)
        .where(ApiKey.user_id == user_id, ApiKey.revoked.is_(False))
        .order_by(ApiKey.last_used_at.desc().nulls_last())
    ).all()
    revoked = 0
    with transaction(session):
        for key in keys[keep:]:
            key.revoked = True
            revoked += 1
    return revoked
