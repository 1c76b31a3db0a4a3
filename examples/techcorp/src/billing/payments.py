"""Collecting money through Stripe.

Formerly ``stripe_client.py``. We charge off-session against the customer's
default payment method and treat the webhook as the source of truth: the
synchronous response only tells us the charge was *attempted*.
"""

from __future__ import annotations

from typing import Any

import stripe
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from notifications import sender as notification_sender
from utils.config import settings
from utils.db import transaction
from utils.events import publish
from utils.logging import get_logger

from .invoices import outstanding
from .models import Invoice, InvoiceStatus, Payment, PaymentStatus

log = get_logger(__name__)

stripe.api_key = settings.stripe_api_key
stripe.max_network_retries = 2

# Stripe decline codes we should not retry automatically.
HARD_DECLINES = frozenset({"stolen_card", "lost_card", "fraudulent", "pickup_card", "restricted_card"})


class PaymentError(Exception):
    def __init__(self, code: str, message: str = "") -> None:
        super().__init__(message or code)
        self.code = code


def _customer_id(session: Session, user_id: int) -> str:
    # Stripe customer ids live in Stripe metadata keyed by our user id.
    result = stripe.Customer.search(query=f"metadata['user_id']:'{user_id}'", limit=1)
    if result.data:
        return result.data[0].id
    return stripe.Customer.create(metadata={"user_id": str(user_id)}).id


def charge_invoice(session: Session, invoice: Invoice, *, attempt: int = 1) -> Payment:
    due = outstanding(invoice)
    if due.amount <= 0:
        raise PaymentError("nothing_due")
    payment = Payment(invoice_id=invoice.id, amount=due.amount, currency=due.currency, attempt=attempt)
    try:
        intent = stripe.PaymentIntent.create(
            amount=due.cents,
            currency=due.currency.lower(),
            customer=_customer_id(session, invoice.user_id),
            off_session=True,
            confirm=True,
            metadata={"invoice_id": str(invoice.id), "invoice_number": invoice.number or ""},
            idempotency_key=f"invoice-{invoice.id}-attempt-{attempt}",
        )
    except stripe.error.CardError as exc:
        payment.status = PaymentStatus.FAILED
        payment.failure_code = exc.code or "card_error"
        with transaction(session):
            session.add(payment)
        _payment_failed(session, invoice, payment)
        raise PaymentError(payment.failure_code, str(exc.user_message or "")) from exc
    except stripe.error.StripeError as exc:
        log.error("stripe unavailable", extra={"invoice_id": invoice.id, "error": str(exc)})
        raise PaymentError("provider_unavailable") from exc

    payment.provider_ref = intent.id
    payment.status = PaymentStatus.SUCCEEDED if intent.status == "succeeded" else PaymentStatus.PENDING
    with transaction(session):
        session.add(payment)
        if payment.status == PaymentStatus.SUCCEEDED:
            _mark_paid(invoice)
    if payment.status == PaymentStatus.SUCCEEDED:
        publish("invoice.paid", invoice_id=invoice.id, user_id=invoice.user_id)
    return payment


def _mark_paid(invoice: Invoice) -> None:
    invoice.status = InvoiceStatus.PAID
    invoice.paid_at = func.now()


def _payment_failed(session: Session, invoice: Invoice, payment: Payment) -> None:
    publish("payment.failed", invoice_id=invoice.id, payment_id=payment.id, code=payment.failure_code)
    notification_sender.send_notification(
        session,
        user_id=invoice.user_id,
        template="payment_failed",
        context={"number": invoice.number, "code": payment.failure_code},
    )


def handle_webhook(session: Session, payload: bytes, signature: str) -> str:
    """Process a Stripe webhook; returns the event type we handled."""
    try:
        event = stripe.Webhook.construct_event(payload, signature, settings.stripe_webhook_secret)
    except (ValueError, stripe.error.SignatureVerificationError) as exc:
        raise PaymentError("bad_signature") from exc

    obj: dict[str, Any] = event["data"]["object"]
    if event["type"] in ("payment_intent.succeeded", "payment_intent.payment_failed"):
        payment = session.scalar(select(Payment).where(Payment.provider_ref == obj["id"]))
        if payment is None:
            log.warning("webhook for unknown payment", extra={"ref": obj["id"]})
            return event["type"]
        invoice = payment.invoice
        if event["type"] == "payment_intent.succeeded" and payment.status != PaymentStatus.SUCCEEDED:
            with transaction(session):
                payment.status = PaymentStatus.SUCCEEDED
                _mark_paid(invoice)
            publish("invoice.paid", invoice_id=invoice.id, user_id=invoice.user_id)
        elif event["type"] == "payment_intent.payment_failed":
            error = obj.get("last_payment_error") or {}
            with transaction(session):
                payment.status = PaymentStatus.FAILED
                payment.failure_code = error.get("decline_code") or error.get("code")
            _payment_failed(session, invoice, payment)
    return event["type"]


def is_retryable(payment: Payment) -> bool:
    return payment.failure_code not in HARD_DECLINES
