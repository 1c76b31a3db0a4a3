"""HTTP API for users: ``/users``."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, status
from sqlalchemy.orm import Session

from auth import tokens as auth_tokens
from auth.permissions import get_current_user, require_permission
from utils.db import get_session
from utils.logging import get_logger
from utils.pagination import PageParams

from . import preferences, service
from .models import User, UserStatus
from .schemas import (
    PreferencesOut,
    UserCreate,
    UserDetail,
    UserOut,
    UserPage,
    UserUpdate,
)

router = APIRouter(prefix="/users", tags=["users"])
log = get_logger(__name__)


@router.get("", response_model=UserPage, dependencies=[Depends(require_permission("users:read"))])
def list_users(
    params: PageParams = Depends(),
    status_filter: UserStatus | None = None,
    current: User = Depends(get_current_user),
    session: Session = Depends(get_session),
) -> UserPage:
    org = None if current.is_staff else current.organization_id
    items, total = service.list_users(session, params, organization_id=org, status=status_filter)
    return UserPage(items=items, total=total, page=params.page, size=params.size)


@router.post(
    "",
    response_model=UserOut,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Depends(require_permission("users:write"))],
)
def create_user(data: UserCreate, session: Session = Depends(get_session)) -> User:
    return service.create_user(session, data)


@router.get("/me", response_model=UserDetail)
def me(current: User = Depends(get_current_user)) -> User:
    return current


@router.patch("/me", response_model=UserOut)
def update_me(
    data: UserUpdate,
    current: User = Depends(get_current_user),
    session: Session = Depends(get_session),
) -> User:
    return service.update_user(session, current.id, data)


@router.get("/me/preferences", response_model=PreferencesOut)
def get_preferences(
    current: User = Depends(get_current_user),
    session: Session = Depends(get_session),
) -> PreferencesOut:
    return PreferencesOut(values=preferences.get_preferences(session, current.id))


@router.post("/verify-email", status_code=status.HTTP_204_NO_CONTENT)
def verify_email(token: str, session: Session = Depends(get_session)) -> None:
    claims = auth_tokens.verify_email_token(token)
    if claims is None:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "invalid or expired token")
    user = service.get_user(session, claims["sub"])
    if user.email != claims["email"]:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "email changed since the link was sent")
    if user.status == UserStatus.INVITED:
        user.status = UserStatus.ACTIVE
        session.commit()
    log.info("email verified", extra={"user_id": user.id})


@router.get(
    "/{user_id}",
    response_model=UserDetail,
    dependencies=[Depends(require_permission("users:read"))],
)
def get_user(user_id: int, session: Session = Depends(get_session)) -> User:
    try:
        return service.get_user(session, user_id)
    except service.UserNotFound:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "user not found") from None


@router.post(
    "/{user_id}/deactivate",
    response_model=UserOut,
    dependencies=[Depends(require_permission("users:admin"))],
)
def deactivate(user_id: int, session: Session = Depends(get_session)) -> User:
    return service.deactivate_user(session, user_id, reason="admin")
