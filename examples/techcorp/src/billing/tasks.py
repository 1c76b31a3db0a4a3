"""Periodic billing jobs, run by the worker every 15 minutes.

* ``run_renewals`` issues invoices for subscriptions whose period ended.
* ``run_dunning`` retries failed payments on the schedule in
  ``settings.dunning_retry_days`` and suspends accounts when it gives up.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from notifications.sender import send_notification
from utils.cache import LockNotAcquired, cache
from utils.config import settings
from utils.dates import utcnow
from utils.db import transaction
from utils.logging import get_logger

from .models import Invoice, InvoiceStatus, Payment, PaymentStatus, SubscriptionStatus
from .payments import PaymentError, charge_invoice, is_retryable
from .subscriptions import due_for_renewal, renew

log = get_logger(__name__)


def run_renewals(session: Session) -> int:
    try:
        with cache.lock("billing:renewals", ttl=900):
            renewed = 0
            for subscription in due_for_renewal(session, utcnow()):
                try:
                    renew(session, subscription)
                    renewed += 1
                except Exception:  # noqa: BLE001 - one bad subscription must not stop the batch
                    log.exception("renewal failed", extra={"subscription_id": subscription.id})
            return renewed
    except LockNotAcquired:
        log.info("renewals already running elsewhere")
        return 0


def _last_attempt(invoice: Invoice) -> Payment | None:
    return max(invoice.payments, key=lambda p: p.attempt, default=None)


def _suspend(session: Session, invoice: Invoice) -> None:
    """Give up on an invoice: mark it uncollectible and suspend the account."""
    from auth.service import revoke_api_keys_for_user

    with transaction(session):
        invoice.status = InvoiceStatus.UNCOLLECTIBLE
        if invoice.subscription is not None:
            invoice.subscription.status = SubscriptionStatus.PAST_DUE
        session.execute(
            text("UPDATE users SET status = 'suspended', billing_status = 'suspended' WHERE id = :id"),
            {"id": invoice.user_id},
        )
        revoke_api_keys_for_user(session, invoice.user_id)
    send_notification(session, user_id=invoice.user_id, template="account_suspended", context={"number": invoice.number})
    log.warning("account suspended for non-payment", extra={"user_id": invoice.user_id, "invoice_id": invoice.id})


def run_dunning(session: Session) -> dict[str, int]:
    stats = {"retried": 0, "recovered": 0, "suspended": 0}
    now = utcnow()
    open_invoices = session.scalars(
        select(Invoice).where(Invoice.status == InvoiceStatus.OPEN, Invoice.due_at < now)
    ).all()
    for invoice in open_invoices:
        last = _last_attempt(invoice)
        attempt = last.attempt if last else 0
        if last is not None and last.status == PaymentStatus.FAILED and not is_retryable(last):
            _suspend(session, invoice)
            stats["suspended"] += 1
            continue
        if attempt >= len(settings.dunning_retry_days):
            _suspend(session, invoice)
            stats["suspended"] += 1
            continue
        wait = timedelta(days=settings.dunning_retry_days[attempt])
        if last is not None and last.created_at + wait > now:
            continue
        stats["retried"] += 1
        try:
            payment = charge_invoice(session, invoice, attempt=attempt + 1)
        except PaymentError as exc:
            log.info("dunning retry failed", extra={"invoice_id": invoice.id, "code": exc.code})
            continue
        if payment.status == PaymentStatus.SUCCEEDED:
            stats["recovered"] += 1
    log.info("dunning finished", extra=stats)
    return stats
