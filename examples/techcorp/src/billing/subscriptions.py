"""Subscription lifecycle: start, change plan or seats, cancel, renew.

Note on transactions: starting a subscription writes to four units' tables in
one database transaction (subscriptions + invoices here, ``users`` for the
denormalised plan code, ``notifications`` for the confirmation). That is
deliberate -- a half-started subscription was a real incident (INC-2291) --
but it is also why billing cannot move to its own database without an outbox.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from notifications.models import Notification
from users import service as user_service
from users.models import User
from utils.dates import add_months, utcnow
from utils.db import transaction
from utils.events import publish
from utils.logging import get_logger
from utils.money import format_money

from .invoices import create_invoice, issue
from .models import BillingInterval, Plan, Subscription, SubscriptionStatus

log = get_logger(__name__)


class PlanNotFound(LookupError):
    pass


class SeatLimitExceeded(ValueError):
    pass


def get_plan(session: Session, code: str) -> Plan:
    plan = session.scalar(select(Plan).where(Plan.code == code, Plan.active.is_(True)))
    if plan is None:
        raise PlanNotFound(code)
    return plan


def _period_end(plan: Plan, start: datetime) -> datetime:
    return add_months(start, 12 if plan.interval == BillingInterval.YEAR else 1)


def _currency_for(session: Session, user_id: int) -> str:
    # Not part of the users facade; imported here to keep start-up imports small.
    from users.preferences import get_preference

    return get_preference(session, user_id, "billing.currency")


def _vat_id_for(session: Session, user: User) -> str | None:
    from users.models import Organization

    if user.organization_id is None:
        return None
    org = session.get(Organization, user.organization_id)
    return org.vat_id if org else None


def _check_team_seats(session: Session, user: User, seats: int) -> None:
    from users.models import Team

    if user.team_id is None:
        return
    team = session.get(Team, user.team_id)
    if team is not None and team.seat_limit is not None and seats > team.seat_limit:
        raise SeatLimitExceeded(f"team {team.name} allows at most {team.seat_limit} seats")


def active_subscription(session: Session, user_id: int) -> Subscription | None:
    return session.scalar(
        select(Subscription)
        .where(
            Subscription.user_id == user_id,
            Subscription.status.in_(
                [SubscriptionStatus.TRIALING, SubscriptionStatus.ACTIVE, SubscriptionStatus.PAST_DUE]
            ),
        )
        .order_by(Subscription.created_at.desc())
    )


def start_subscription(
    user_id: int, plan_code: str, *, seats: int = 1, coupon_code: str | None = None
) -> Subscription:
    """Start a subscription and issue its first invoice, atomically."""
    with transaction() as session:
        user = user_service.get_user(session, user_id)
        plan = get_plan(session, plan_code)
        _check_team_seats(session, user, seats)
        if active_subscription(session, user.id) is not None:
            raise ValueError("user already has an active subscription; use change_plan")

        now = utcnow()
        trial_end = now + timedelta(days=plan.trial_days) if plan.trial_days else None
        subscription = Subscription(
            user_id=user.id,
            plan_id=plan.id,
            plan=plan,
            seats=seats,
            currency=_currency_for(session, user.id),
            status=SubscriptionStatus.TRIALING if plan.trial_days else SubscriptionStatus.ACTIVE,
            current_period_start=now,
            current_period_end=_period_end(plan, now),
            trial_ends_at=trial_end,
            coupon_code=coupon_code,
        )
        session.add(subscription)
        session.flush()

        invoice = create_invoice(
            session,
            subscription,
            period_start=subscription.current_period_start,
            period_end=subscription.current_period_end,
            vat_id=_vat_id_for(session, user),
        )
        session.flush()
        issue(session, invoice)

        # Denormalised onto the users table for cheap plan checks in other units.
        user.plan_code = plan.code
        user.billing_status = subscription.status.value

        session.add(
            Notification(
                user_id=user.id,
                channel="email",
                template="subscription_started",
                payload={
                    "plan": plan.name,
                    "seats": seats,
                    "total": format_money(invoice.total, invoice.currency),
                    "invoice_number": invoice.number,
                },
            )
        )

    log.info("subscription started", extra={"user_id": user_id, "plan": plan_code})
    publish("subscription.created", subscription_id=subscription.id, user_id=user_id)
    publish("invoice.issued", invoice_id=invoice.id, user_id=user_id)
    return subscription


def _enforce_api_key_limit(session: Session, user_id: int, plan: Plan) -> int:
    """Downgrades revoke API keys above the new plan's limit (oldest first)."""
    from auth.models import ApiKey

    keys = session.scalars(
        select(ApiKey)
        .where(ApiKey.user_id == user_id, ApiKey.revoked.is_(False))
        .order_by(ApiKey.created_at.desc())
    ).all()
    revoked = 0
    for key in keys[plan.max_api_keys :]:
        key.revoked = True
        revoked += 1
    return revoked


def change_plan(session: Session, subscription_id: int, plan_code: str, *, seats: int | None = None) -> Subscription:
    subscription = session.get(Subscription, subscription_id)
    if subscription is None or not subscription.is_live:
        raise ValueError(f"subscription {subscription_id} is not live")
    new_plan = get_plan(session, plan_code)
    user = session.get(User, subscription.user_id)
    new_seats = seats if seats is not None else subscription.seats
    _check_team_seats(session, user, new_seats)

    old_plan, old_seats = subscription.plan, subscription.seats
    now = utcnow()
    with transaction(session):
        subscription.plan = new_plan
        subscription.seats = new_seats
        invoice = create_invoice(
            session,
            subscription,
            period_start=subscription.current_period_start,
            period_end=subscription.current_period_end,
            previous_plan=old_plan,
            previous_seats=old_seats,
            change_at=now,
            vat_id=_vat_id_for(session, user),
        )
        session.flush()
        issue(session, invoice)
        if new_plan.max_api_keys < old_plan.max_api_keys:
            _enforce_api_key_limit(session, user.id, new_plan)
        user.plan_code = new_plan.code
    publish("invoice.issued", invoice_id=invoice.id, user_id=user.id)
    return subscription


def cancel_subscription(session: Session, subscription_id: int, *, at_period_end: bool = True, reason: str = "") -> Subscription:
    subscription = session.get(Subscription, subscription_id)
    if subscription is None:
        raise LookupError(subscription_id)
    with transaction(session):
        if at_period_end:
            subscription.cancel_at_period_end = True
        else:
            subscription.status = SubscriptionStatus.CANCELLED
            subscription.cancelled_at = utcnow()
            user = session.get(User, subscription.user_id)
            if user is not None:
                user.plan_code = None
                user.billing_status = "cancelled"
    publish("subscription.cancelled", subscription_id=subscription.id, reason=reason)
    return subscription


def cancel_all_for_user(session: Session, user_id: int, *, reason: str) -> int:
    live = session.scalars(
        select(Subscription).where(Subscription.user_id == user_id, Subscription.status != SubscriptionStatus.CANCELLED)
    ).all()
    for subscription in live:
        cancel_subscription(session, subscription.id, at_period_end=False, reason=reason)
    return len(live)


def due_for_renewal(session: Session, now: datetime) -> list[Subscription]:
    return list(
        session.scalars(
            select(Subscription).where(
                Subscription.current_period_end <= now,
                Subscription.status.in_([SubscriptionStatus.ACTIVE, SubscriptionStatus.TRIALING]),
            )
        )
    )


def renew(session: Session, subscription: Subscription) -> None:
    with transaction(session):
        if subscription.cancel_at_period_end:
            subscription.status = SubscriptionStatus.EXPIRED
            return
        start = subscription.current_period_end
        subscription.current_period_start = start
        subscription.current_period_end = _period_end(subscription.plan, start)
        subscription.status = SubscriptionStatus.ACTIVE
        invoice = create_invoice(session, subscription, period_start=start, period_end=subscription.current_period_end)
        session.flush()
        issue(session, invoice)
    publish("invoice.issued", invoice_id=invoice.id, user_id=subscription.user_id)
