from __future__ import annotations

from unittest import mock

from notifications import handlers
from utils import events


def test_report_ready_sends_email():
    with mock.patch.object(handlers, "transaction"), mock.patch.object(handlers, "send_notification") as send:
        handlers.on_report_ready(run_id=3, user_id=9, report_name="Weekly revenue")

    assert send.call_args.kwargs["template"] == "report_ready"
    assert send.call_args.kwargs["context"] == {"run_id": 3, "report_name": "Weekly revenue"}


def test_admin_deactivation_is_silent():
    with mock.patch.object(handlers, "send_notification") as send:
        handlers.on_user_deactivated(user_id=1, reason="admin")
    send.assert_not_called()


def test_handlers_are_registered_by_name():
    events.subscribe("invoice.paid", handlers.on_invoice_paid)
    with mock.patch.object(handlers, "on_invoice_paid") as handler:
        events.subscribe("invoice.paid", handler)
        events.publish("invoice.paid", invoice_id=1, user_id=2)
    handler.assert_called_once_with(invoice_id=1, user_id=2)
