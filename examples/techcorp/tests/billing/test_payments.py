from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from unittest import mock

import pytest

from billing import payments
from billing.models import InvoiceStatus, Payment, PaymentStatus


def _invoice(total="100.00"):
    return SimpleNamespace(id=1, user_id=7, number="TC-2026-000001", total=Decimal(total),
                           currency="EUR", payments=[], status=InvoiceStatus.OPEN, paid_at=None)


def test_nothing_due_is_not_charged(db_session):
    with pytest.raises(payments.PaymentError) as err:
        payments.charge_invoice(db_session, _invoice("0.00"))
    assert err.value.code == "nothing_due"


def test_successful_charge_marks_invoice_paid(db_session):
    invoice = _invoice()
    intent = SimpleNamespace(id="pi_123", status="succeeded")
    with mock.patch.object(payments, "_customer_id", return_value="cus_1"), \
         mock.patch.object(payments.stripe.PaymentIntent, "create", return_value=intent), \
         mock.patch.object(payments, "transaction"), \
         mock.patch.object(payments, "publish") as publish:
        payment = payments.charge_invoice(db_session, invoice)

    assert payment.status == PaymentStatus.SUCCEEDED
    assert invoice.status == InvoiceStatus.PAID
    publish.assert_called_once_with("invoice.paid", invoice_id=1, user_id=7)


@pytest.mark.parametrize("code,retry", [("insufficient_funds", True), ("stolen_card", False)])
def test_is_retryable(code, retry):
    assert payments.is_retryable(Payment(failure_code=code)) is retry


def test_webhook_with_bad_signature(db_session):
    with mock.patch.object(payments.stripe.Webhook, "construct_event", side_effect=ValueError):
        with pytest.raises(payments.PaymentError):
            payments.handle_webhook(db_session, b"{}", "sig")
