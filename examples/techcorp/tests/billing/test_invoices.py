"""Invoice helpers.

TODO(payments): the total calculation itself has no direct tests yet; it is covered
only indirectly through the subscription flow. See BILL-412.
"""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from types import SimpleNamespace

from billing.invoices import format_invoice_number, outstanding, prorate_fraction


def _dt(day: int, month: int = 3) -> datetime:
    return datetime(2026, month, day, tzinfo=timezone.utc)


def test_invoice_number_is_zero_padded():
    assert format_invoice_number(2026, 42) == "TC-2026-000042"


def test_prorate_fraction_half_period():
    assert prorate_fraction(_dt(16), _dt(1), _dt(31)) == Decimal(15) / Decimal(30)


def test_prorate_fraction_is_clamped():
    assert prorate_fraction(_dt(1, 2), _dt(1), _dt(31)) == Decimal(1)
    assert prorate_fraction(_dt(1, 5), _dt(1), _dt(31)) == Decimal(0)


def test_prorate_fraction_empty_period():
    assert prorate_fraction(_dt(1), _dt(1), _dt(1)) == Decimal(0)


def test_outstanding_ignores_failed_payments():
    invoice = SimpleNamespace(
        total=Decimal("119.00"),
        currency="EUR",
        payments=[
            SimpleNamespace(amount=Decimal("50.00"), status=SimpleNamespace(value="succeeded")),
            SimpleNamespace(amount=Decimal("69.00"), status=SimpleNamespace(value="failed")),
        ],
    )

    assert outstanding(invoice).amount == Decimal("69.00")
