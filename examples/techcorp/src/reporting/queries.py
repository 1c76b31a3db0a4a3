"""Read-only queries over other units' tables.

This module is where reporting's coupling lives: it reads twelve models owned
by users, billing and auth, plus one hand-written SQL query for the top
customers list (the ORM version took 9 s on production data). Every function
takes a session; callers use ``read_only_session()`` so that these scans hit
the replica, not the primary.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, distinct, func, select, text
from sqlalchemy.orm import Session

from auth.models import ApiKey, LoginEvent, Session as AuthSession
from billing.models import Invoice, LineItem, Payment, Plan, Subscription
from users.models import Organization, Team, User
from utils.cache import cached
from utils.config import settings
from utils.dates import day_bounds, week_bounds
from utils.db import read_only_session
from utils.logging import get_logger
from utils.money import round_money
from utils.pagination import PageParams, paginate

log = get_logger(__name__)

Row = dict[str, Any]

TOP_CUSTOMERS_SQL = text(
    """
    SELECT u.id            AS user_id,
           u.email         AS email,
           o.name          AS organization,
           COUNT(i.id)     AS invoices,
           SUM(i.total)    AS revenue_cents
      FROM invoices i
      JOIN users u          ON u.id = i.user_id
 LEFT JOIN organizations o  ON o.id = u.organization_id
     WHERE i.status = 'PAID'
       AND i.paid_at >= :start AND i.paid_at < :end
  GROUP BY u.id, u.email, o.name
  ORDER BY revenue_cents DESC
     LIMIT :limit
    """
)


@contextmanager
def replica() -> Iterator[Session]:
    """Session on the reporting replica (falls back to the primary); used by the worker."""
    session = read_only_session()
    try:
        yield session
    finally:
        session.close()


def signups(session: Session, start: datetime, end: datetime) -> list[Row]:
    day = func.date_trunc("day", User.created_at).label("day")
    stmt = (
        select(day, Organization.name.label("organization"), func.count(User.id).label("signups"))
        .select_from(User)
        .outerjoin(Organization, Organization.id == User.organization_id)
        .where(User.created_at >= start, User.created_at < end)
        .group_by(day, Organization.name)
        .order_by(day)
    )
    return [dict(r._mapping) for r in session.execute(stmt)]


def signups_by_country(session: Session, start: datetime, end: datetime) -> list[Row]:
    from users.models import Address

    stmt = (
        select(Address.country, func.count(distinct(User.id)).label("signups"))
        .join(User, User.id == Address.user_id)
        .where(Address.kind == "billing", User.created_at >= start, User.created_at < end)
        .group_by(Address.country)
    )
    return [dict(r._mapping) for r in session.execute(stmt)]


def login_activity(session: Session, start: datetime, end: datetime) -> list[Row]:
    day = func.date_trunc("day", LoginEvent.occurred_at).label("day")
    stmt = (
        select(
            day,
            func.count(distinct(LoginEvent.user_id)).label("active_users"),
            func.sum(case((LoginEvent.success.is_(False), 1), else_=0)).label("failed_logins"),
        )
        .where(LoginEvent.occurred_at >= start, LoginEvent.occurred_at < end)
        .group_by(day)
    )
    return [dict(r._mapping) for r in session.execute(stmt)]


def open_sessions(session: Session, at: datetime) -> int:
    return session.scalar(
        select(func.count(AuthSession.id)).where(AuthSession.revoked_at.is_(None), AuthSession.expires_at > at)
    ) or 0


def revenue_by_plan(session: Session, start: datetime, end: datetime) -> list[Row]:
    stmt = (
        select(
            Plan.code.label("plan"),
            Plan.tier.label("tier"),
            Invoice.currency,
            func.count(Invoice.id).label("invoices"),
            func.sum(Invoice.total).label("revenue"),
            func.sum(Invoice.tax).label("tax"),
            func.sum(Invoice.discount).label("discount"),
        )
        .join(Subscription, Subscription.id == Invoice.subscription_id)
        .join(Plan, Plan.id == Subscription.plan_id)
        .where(Invoice.issued_at >= start, Invoice.issued_at < end)
        .group_by(Plan.code, Plan.tier, Invoice.currency)
    )
    return [dict(r._mapping) for r in session.execute(stmt)]


def line_item_breakdown(session: Session, start: datetime, end: datetime) -> list[Row]:
    stmt = (
        select(LineItem.kind, func.sum(LineItem.amount).label("amount"), func.count().label("lines"))
        .join(Invoice, Invoice.id == LineItem.invoice_id)
        .where(Invoice.issued_at >= start, Invoice.issued_at < end)
        .group_by(LineItem.kind)
    )
    return [dict(r._mapping) for r in session.execute(stmt)]


def payments_collected(session: Session, start: datetime, end: datetime) -> list[Row]:
    stmt = (
        select(Payment.status, Payment.currency, func.count().label("payments"), func.sum(Payment.amount).label("amount"))
        .where(Payment.created_at >= start, Payment.created_at < end)
        .group_by(Payment.status, Payment.currency)
    )
    return [dict(r._mapping) for r in session.execute(stmt)]


def churn_by_plan(session: Session, start: datetime, end: datetime) -> list[Row]:
    from billing.models import SubscriptionStatus

    cancelled = func.sum(case((Subscription.status == SubscriptionStatus.CANCELLED, 1), else_=0))
    stmt = (
        select(Plan.code.label("plan"), func.count(Subscription.id).label("subscriptions"), cancelled.label("cancelled"))
        .join(Plan, Plan.id == Subscription.plan_id)
        .where(
            Subscription.created_at < end,
            (Subscription.cancelled_at.is_(None)) | (Subscription.cancelled_at >= start),
        )
        .group_by(Plan.code)
    )
    return [dict(r._mapping) for r in session.execute(stmt)]


def team_activity(session: Session, organization_id: int, start: datetime, end: datetime) -> list[Row]:
    stmt = (
        select(
            Team.name.label("team"),
            func.count(distinct(User.id)).label("members"),
            func.count(LoginEvent.id).label("logins"),
        )
        .join(User, User.team_id == Team.id)
        .outerjoin(
            LoginEvent,
            and_(LoginEvent.user_id == User.id, LoginEvent.occurred_at >= start, LoginEvent.occurred_at < end),
        )
        .where(Team.organization_id == organization_id)
        .group_by(Team.name)
    )
    return [dict(r._mapping) for r in session.execute(stmt)]


@cached("reporting:api_usage", ttl=900)
def api_usage(session: Session) -> list[Row]:
    stmt = (
        select(
            Organization.name.label("organization"),
            func.count(ApiKey.id).label("keys"),
            func.sum(ApiKey.request_count).label("requests"),
        )
        .join(User, User.id == ApiKey.user_id)
        .join(Organization, Organization.id == User.organization_id)
        .where(ApiKey.revoked.is_(False))
        .group_by(Organization.name)
    )
    return [dict(r._mapping) for r in session.execute(stmt)]


def top_customers(session: Session, start: datetime, end: datetime, limit: int = 20) -> list[Row]:
    rows = session.execute(TOP_CUSTOMERS_SQL, {"start": start, "end": end, "limit": limit})
    out = []
    for r in rows:
        row = dict(r._mapping)
        row["revenue"] = round_money(Decimal(row.pop("revenue_cents") or 0) / 100)
        out.append(row)
    return out


def invoice_register(session: Session, start: datetime, end: datetime, params: PageParams) -> tuple[list[Invoice], int]:
    stmt = select(Invoice).where(Invoice.issued_at >= start, Invoice.issued_at < end).order_by(Invoice.number)
    return paginate(session, stmt, params)


def daily_dataset(session: Session, day: date) -> dict[str, list[Row]]:
    start, end = day_bounds(day, settings.report_timezone)
    log.info("building daily dataset", extra={"day": day.isoformat()})
    return {
        "signups": signups(session, start, end),
        "logins": login_activity(session, start, end),
        "revenue": revenue_by_plan(session, start, end),
        "payments": payments_collected(session, start, end),
    }


def weekly_dataset(session: Session, day: date) -> dict[str, list[Row]]:
    start, end = week_bounds(day, settings.report_timezone)
    return {
        "signups": signups(session, start, end),
        "countries": signups_by_country(session, start, end),
        "logins": login_activity(session, start, end),
        "open_sessions": [{"open_sessions": open_sessions(session, end)}],
        "revenue": revenue_by_plan(session, start, end),
        "line_items": line_item_breakdown(session, start, end),
        "payments": payments_collected(session, start, end),
        "churn": churn_by_plan(session, start, end),
        "top_customers": top_customers(session, start, end),
    }
