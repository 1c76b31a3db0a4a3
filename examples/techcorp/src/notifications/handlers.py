"""Event handlers: turn domain events from other units into notifications.

Subscriptions are by event *name* (see ``utils.events``), so nothing here
imports the publishers at module level. This module is imported once by the
application factory, which registers the handlers below.
"""

from __future__ import annotations

from utils.db import transaction
from utils.events import subscribe

from .sender import send_notification


def on_invoice_paid(*, invoice_id: int, user_id: int, **_: object) -> None:
    from billing.models import Invoice

    with transaction() as session:
        invoice = session.get(Invoice, invoice_id)
        if invoice is None:
            return
        send_notification(
            session,
            user_id=user_id,
            template="invoice_paid",
            context={"number": invoice.number, "total": invoice.total},
        )


def on_payment_failed(*, invoice_id: int, payment_id: int | None = None, **_: object) -> None:
    """Only the final dunning attempt gets an extra warning; billing sends the regular one."""
    from billing.models import Payment

    if payment_id is None:
        return
    with transaction() as session:
        payment = session.get(Payment, payment_id)
        if payment is None or payment.attempt < 3:
            return
        send_notification(
            session,
            user_id=payment.invoice.user_id,
            template="payment_final_warning",
            context={"number": payment.invoice.number},
            channels=("email", "sms"),
        )


def on_user_deactivated(*, user_id: int, reason: str = "", **_: object) -> None:
    from users import service as user_service

    if reason == "admin":
        return  # admins tell people themselves
    with transaction() as session:
        send_notification(
            session,
            user_id=user_id,
            template="account_deactivated",
            context={"name": user_service.display_name(session, user_id)},
            force=True,
        )


def on_report_ready(*, run_id: int, user_id: int, report_name: str, **_: object) -> None:
    """Scheduled reports: email the link once the export file is written."""
    with transaction() as session:
        send_notification(
            session,
            user_id=user_id,
            template="report_ready",
            context={"run_id": run_id, "report_name": report_name},
        )


subscribe("invoice.paid", on_invoice_paid)
subscribe("payment.failed", on_payment_failed)
subscribe("user.deactivated", on_user_deactivated)
subscribe("report.ready", on_report_ready)
