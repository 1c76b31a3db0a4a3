"""HTTP API for in-app notifications: ``/notifications``."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, HTTPException, status
from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from auth.permissions import get_current_user
from utils.db import get_session

from .models import Notification, NotificationStatus

router = APIRouter(prefix="/notifications", tags=["notifications"])


class NotificationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    channel: str
    template: str
    status: NotificationStatus
    created_at: datetime
    read_at: datetime | None


@router.get("", response_model=list[NotificationOut])
def list_notifications(
    unread_only: bool = False,
    limit: int = 50,
    current=Depends(get_current_user),
    session: Session = Depends(get_session),
) -> list[Notification]:
    stmt = select(Notification).where(Notification.user_id == current.id)
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    return list(session.scalars(stmt.order_by(Notification.created_at.desc()).limit(min(limit, 200))))


@router.post("/{notification_id}/read", status_code=status.HTTP_204_NO_CONTENT)
def mark_read(
    notification_id: int,
    current=Depends(get_current_user),
    session: Session = Depends(get_session),
) -> None:
    notification = session.get(Notification, notification_id)
    if notification is None or notification.user_id != current.id:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "notification not found")
    if notification.read_at is None:
        notification.read_at = func.now()
        session.commit()
