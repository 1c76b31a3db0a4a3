"""Create notifications and deliver them.

``send_notification`` is what other units call. It records one row per channel
inside the caller's transaction and tries delivery right away; anything that
fails is retried by ``deliver_pending`` (worker, every minute).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from users.models import User, UserPreference
from utils.db import transaction
from utils.logging import get_logger

from .channels import Message, get_channel
from .models import DeliveryAttempt, Notification, NotificationStatus
from .templates import TemplateNotFound, render_template

log = get_logger(__name__)

DEFAULT_CHANNELS = ("email",)
# TODO(platform): read settings.notification_max_attempts once the worker reloads config.
MAX_ATTEMPTS = 5


def _opted_in(session: Session, user_id: int, channel: str) -> bool:
    # Reads the preferences table directly: users.preferences caches per user and
    # would be invalidated by every bulk send.
    pref = session.scalar(
        select(UserPreference.value).where(
            UserPreference.user_id == user_id, UserPreference.key == f"notifications.{channel}"
        )
    )
    if pref is None:
        return channel == "email"
    return pref == "on"


def _address(user: User, channel: str) -> str | None:
    if channel == "email":
        return user.email
    if channel == "sms":
        return user.phone
    return None


def send_notification(
    session: Session,
    *,
    user_id: int,
    template: str,
    context: dict[str, Any],
    channels: tuple[str, ...] = DEFAULT_CHANNELS,
    force: bool = False,
) -> list[Notification]:
    """Queue ``template`` for ``user_id`` on each channel and try to deliver it."""
    created: list[Notification] = []
    with transaction(session):
        for channel in channels:
            status = NotificationStatus.PENDING
            if not force and not _opted_in(session, user_id, channel):
                status = NotificationStatus.SKIPPED
            notification = Notification(
                user_id=user_id, channel=channel, template=template, payload=context, status=status
            )
            session.add(notification)
            created.append(notification)
        session.flush()
    for notification in created:
        if notification.status == NotificationStatus.PENDING:
            deliver(session, notification)
    return created


def deliver(session: Session, notification: Notification) -> bool:
    user = session.get(User, notification.user_id)
    to = _address(user, notification.channel) if user else None
    if not to:
        notification.status = NotificationStatus.SKIPPED
        return False
    try:
        rendered = render_template(notification.template, notification.payload, channel=notification.channel, session=session)
    except (TemplateNotFound, ValueError) as exc:
        log.error("cannot render notification", extra={"notification_id": notification.id, "error": str(exc)})
        notification.status = NotificationStatus.FAILED
        return False

    backend = get_channel(notification.channel)
    result = backend.send(Message(to=to, subject=rendered.subject, body=rendered.body, html=rendered.html))
    with transaction(session):
        session.add(
            DeliveryAttempt(
                notification_id=notification.id,
                backend=type(backend).__name__,
                success=result.ok,
                provider_message_id=result.provider_message_id,
                error=result.error,
            )
        )
        if result.ok:
            notification.status = NotificationStatus.SENT
            notification.sent_at = func.now()
        elif len(notification.attempts) >= MAX_ATTEMPTS:
            notification.status = NotificationStatus.FAILED
    return result.ok


def deliver_pending(session: Session, limit: int = 500) -> int:
    pending = session.scalars(
        select(Notification)
        .where(Notification.status == NotificationStatus.PENDING)
        .order_by(Notification.created_at)
        .limit(limit)
    ).all()
    return sum(1 for notification in pending if deliver(session, notification))
