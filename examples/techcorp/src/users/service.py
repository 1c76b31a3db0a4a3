"""Business logic for users.

Functions take an explicit SQLAlchemy session so callers decide the transaction
boundary. Anything that touches another unit (auth sessions, subscriptions,
notifications) is imported lazily inside the function: ``auth`` and ``billing``
import ``users.models`` at module level, so a module-level import here would
create an import cycle at start-up.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from auth.passwords import hash_password, verify_password
from utils.cache import cache
from utils.db import transaction
from utils.events import publish
from utils.logging import get_logger
from utils.pagination import PageParams, paginate
from utils.validation import ValidationError

from .models import User, UserStatus
from .schemas import UserCreate, UserUpdate

log = get_logger(__name__)

_USER_CACHE_TTL = 60


class UserNotFound(LookupError):
    pass


def _cache_key(user_id: int) -> str:
    return f"users:user:{user_id}"


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise UserNotFound(user_id)
    return user


def get_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip()))


def display_name(session: Session, user_id: int) -> str:
    """Cached ``full_name or email``; used in emails and PDF headers."""
    key = _cache_key(user_id)
    name = cache.get(key)
    if name is None:
        user = get_user(session, user_id)
        name = user.full_name or user.email
        cache.set(key, name, ttl=_USER_CACHE_TTL)
    return name


def list_users(
    session: Session,
    params: PageParams,
    *,
    organization_id: int | None = None,
    status: UserStatus | None = None,
) -> tuple[list[User], int]:
    stmt = select(User).order_by(User.created_at.desc())
    if organization_id is not None:
        stmt = stmt.where(User.organization_id == organization_id)
    if status is not None:
        stmt = stmt.where(User.status == status)
    return paginate(session, stmt, params)


def create_user(session: Session, data: UserCreate, *, send_welcome: bool = True) -> User:
    if get_user_by_email(session, data.email) is not None:
        raise ValidationError("a user with this email already exists", field="email")

    with transaction(session):
        user = User(
            email=data.email,
            full_name=data.full_name,
            organization_id=data.organization_id,
            team_id=data.team_id,
            status=UserStatus.ACTIVE if data.password else UserStatus.INVITED,
            password_hash=hash_password(data.password) if data.password else None,
        )
        session.add(user)
        session.flush()

        if send_welcome:
            # Lazy: notifications.sender imports users.models.
            from notifications.sender import send_notification

            send_notification(
                session,
                user_id=user.id,
                template="welcome" if data.password else "invitation",
                context={"name": user.full_name or user.email},
            )

    log.info("user created", extra={"user_id": user.id})
    publish("user.created", user_id=user.id)
    return user


def update_user(session: Session, user_id: int, data: UserUpdate) -> User:
    user = get_user(session, user_id)
    changes = data.model_dump(exclude_unset=True)
    with transaction(session):
        for field, value in changes.items():
            setattr(user, field, value)
    cache.delete(_cache_key(user_id))
    return user


def change_password(session: Session, user_id: int, current: str, new: str) -> None:
    user = get_user(session, user_id)
    if not user.password_hash or not verify_password(current, user.password_hash):
        raise ValidationError("current password is wrong", field="current_password")
    if current == new:
        raise ValidationError("new password must differ from the old one", field="new_password")
    with transaction(session):
        user.password_hash = hash_password(new)
    log.info("password changed", extra={"user_id": user_id})


def deactivate_user(session: Session, user_id: int, *, reason: str = "requested") -> User:
    """Deactivate a user: revoke sessions and API keys, keep the data."""
    from auth.service import revoke_all_sessions

    user = get_user(session, user_id)
    if user.status == UserStatus.DEACTIVATED:
        return user
    with transaction(session):
        user.status = UserStatus.DEACTIVATED
        revoke_all_sessions(session, user.id, reason=reason)
    cache.delete(_cache_key(user_id))
    publish("user.deactivated", user_id=user.id, reason=reason)
    return user


def delete_user(session: Session, user_id: int) -> None:
    """GDPR erasure. Cancels subscriptions first; invoices are kept (legal hold)."""
    from billing.subscriptions import cancel_all_for_user

    user = get_user(session, user_id)
    with transaction(session):
        cancel_all_for_user(session, user.id, reason="account_deleted")
        user.email = f"deleted-{user.id}@users.invalid"
        user.full_name = ""
        user.phone = None
        user.password_hash = None
        user.status = UserStatus.DEACTIVATED
        for address in list(user.addresses):
            session.delete(address)
    cache.delete(_cache_key(user_id))
    log.warning("user erased", extra={"user_id": user_id})
