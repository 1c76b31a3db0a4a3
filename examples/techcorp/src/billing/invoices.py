"""Invoice calculation and lifecycle.

``compute_invoice_total`` is the single source of truth for what a customer
pays. It has grown one branch per commercial exception over the years; read the
comments before touching it, and talk to Finance before changing rounding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from users.models import Address
from utils.config import settings
from utils.dates import days_between, utcnow
from utils.logging import get_logger
from utils.money import Money, round_money

from .models import BillingInterval, Invoice, InvoiceStatus, LineItem, Plan, Subscription

log = get_logger(__name__)

EU_COUNTRIES = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
)
HOME_COUNTRY = "DE"

# Coupon rules. "percent" is a fraction of the subtotal, "fixed" an amount in the
# invoice currency; "annual_only" coupons are ignored on monthly plans.
COUPONS: dict[str, dict[str, object]] = {
    "LAUNCH20": {"percent": Decimal("0.20"), "max_cycles": 3},
    "WELCOME10": {"fixed": Decimal("10.00")},
    "ANNUAL15": {"percent": Decimal("0.15"), "annual_only": True},
    "NONPROFIT50": {"percent": Decimal("0.50")},
}


@dataclass
class InvoiceBreakdown:
    currency: str
    lines: list[tuple[str, str, int, Decimal]] = field(default_factory=list)  # kind, text, qty, unit
    subtotal: Decimal = Decimal("0")
    discount: Decimal = Decimal("0")
    tax_rate: Decimal = Decimal("0")
    tax: Decimal = Decimal("0")
    total: Decimal = Decimal("0")
    tax_country: str | None = None
    reverse_charge: bool = False
    notes: list[str] = field(default_factory=list)


def format_invoice_number(year: int, sequence: int) -> str:
    return f"TC-{year}-{sequence:06d}"


def prorate_fraction(change_at: datetime, period_start: datetime, period_end: datetime) -> Decimal:
    """Share of the period that remains after ``change_at`` (0..1)."""
    total = days_between(period_start, period_end)
    if total <= 0:
        return Decimal("0")
    remaining = max(0, min(total, days_between(change_at, period_end)))
    return Decimal(remaining) / Decimal(total)


def compute_invoice_total(
    plan: Plan,
    seats: int,
    *,
    currency: str,
    period_start: datetime,
    period_end: datetime,
    coupon_code: str | None = None,
    coupon_cycle: int = 1,
    address: Address | None = None,
    vat_id: str | None = None,
    previous_plan: Plan | None = None,
    previous_seats: int | None = None,
    change_at: datetime | None = None,
    credit_balance: Decimal = Decimal("0"),
) -> InvoiceBreakdown:
    """Work out every line, discount and tax for one billing period."""
    out = InvoiceBreakdown(currency=currency)

    # 1. Base price. Free plans produce a zero invoice (we still issue it for the audit trail).
    if plan.tier == "free":
        out.notes.append("free plan")
    else:
        out.lines.append(("plan", f"{plan.name} ({plan.interval.value}ly)", 1, plan.price))

    # 2. Seats above the included amount.
    extra_seats = max(0, seats - plan.included_seats)
    if extra_seats and plan.price_per_seat > 0:
        out.lines.append(("seats", f"{extra_seats} additional seat(s)", extra_seats, plan.price_per_seat))

    # 3. Mid-period plan or seat change: credit the unused part of the old plan,
    #    charge the remaining part of the new one.
    if change_at is not None and previous_plan is not None:
        fraction = prorate_fraction(change_at, period_start, period_end)
        if previous_plan.interval != plan.interval:
            # Switching monthly <-> yearly restarts the period; no proration, full credit of the unused part.
            out.notes.append("interval change: period restarted")
        old_seats = previous_seats if previous_seats is not None else seats
        old_cost = previous_plan.price + previous_plan.price_per_seat * max(0, old_seats - previous_plan.included_seats)
        if fraction > 0 and old_cost > 0:
            out.lines.append(("proration", f"Unused time on {previous_plan.name}", 1, -round_money(old_cost * fraction)))
        if fraction < 1:
            # Only the remaining fraction of the new plan is due.
            for i, (kind, text, qty, unit) in enumerate(out.lines):
                if kind in ("plan", "seats"):
                    out.lines[i] = (kind, f"{text}, prorated", qty, round_money(unit * fraction))

    out.subtotal = sum((Decimal(qty) * unit for _, _, qty, unit in out.lines), Decimal("0"))

    # 4. Coupons. Unknown or expired codes are ignored, never an error at billing time.
    rule = COUPONS.get((coupon_code or "").upper())
    if rule is not None and out.subtotal > 0:
        max_cycles = rule.get("max_cycles")
        if rule.get("annual_only") and plan.interval != BillingInterval.YEAR:
            out.notes.append(f"coupon {coupon_code} applies to yearly plans only")
        elif max_cycles is not None and coupon_cycle > int(max_cycles):  # type: ignore[call-overload]
            out.notes.append(f"coupon {coupon_code} expired after {max_cycles} cycles")
        elif "percent" in rule:
            out.discount = round_money(out.subtotal * rule["percent"])  # type: ignore[operator]
        elif "fixed" in rule:
            out.discount = min(out.subtotal, rule["fixed"])  # type: ignore[type-var]

    taxable = out.subtotal - out.discount

    # 5. Account credit (from refunds or downgrades) is applied before tax.
    if credit_balance > 0 and taxable > 0:
        applied = min(credit_balance, taxable)
        out.lines.append(("credit", "Account credit", 1, -applied))
        taxable -= applied

    # 6. Tax: home-country VAT, EU B2B reverse charge, EU B2C destination VAT, export.
    country = (address.country if address else HOME_COUNTRY).upper()
    out.tax_country = country
    if country == HOME_COUNTRY:
        out.tax_rate = settings.tax_rates.get(country, Decimal("0"))
    elif country in EU_COUNTRIES:
        if vat_id:
            out.reverse_charge = True
            out.notes.append("VAT reverse charge (Art. 196 Directive 2006/112/EC)")
        else:
            out.tax_rate = settings.tax_rates.get(country, settings.tax_rates.get(HOME_COUNTRY, Decimal("0")))
    elif country in settings.tax_rates:
        out.tax_rate = settings.tax_rates[country]
    else:
        out.notes.append("export of services, no VAT")

    if taxable < 0:
        # A downgrade can exceed the new charge; the remainder becomes account credit.
        out.notes.append(f"credit carried forward: {-taxable}")
        taxable = Decimal("0")

    out.tax = round_money(taxable * out.tax_rate)
    out.total = round_money(taxable + out.tax)
    return out


def billing_address_for(session: Session, user_id: int) -> Address | None:
    return session.scalar(
        select(Address)
        .where(Address.user_id == user_id, Address.kind == "billing")
        .order_by(Address.is_default.desc(), Address.id)
    )


def _next_sequence(session: Session, year: int) -> int:
    prefix = f"TC-{year}-%"
    count = session.scalar(select(func.count()).select_from(Invoice).where(Invoice.number.like(prefix)))
    return (count or 0) + 1


def create_invoice(
    session: Session,
    subscription: Subscription,
    *,
    period_start: datetime,
    period_end: datetime,
    previous_plan: Plan | None = None,
    previous_seats: int | None = None,
    change_at: datetime | None = None,
    vat_id: str | None = None,
) -> Invoice:
    """Build a draft invoice for ``subscription``; the caller owns the transaction."""
    breakdown = compute_invoice_total(
        subscription.plan,
        subscription.seats,
        currency=subscription.currency,
        period_start=period_start,
        period_end=period_end,
        coupon_code=subscription.coupon_code,
        coupon_cycle=len(subscription.invoices) + 1,
        address=billing_address_for(session, subscription.user_id),
        vat_id=vat_id,
        previous_plan=previous_plan,
        previous_seats=previous_seats,
        change_at=change_at,
    )
    invoice = Invoice(
        user_id=subscription.user_id,
        subscription_id=subscription.id,
        currency=breakdown.currency,
        subtotal=breakdown.subtotal,
        discount=breakdown.discount,
        tax=breakdown.tax,
        tax_rate=breakdown.tax_rate,
        tax_country=breakdown.tax_country,
        reverse_charge=breakdown.reverse_charge,
        total=breakdown.total,
        period_start=period_start,
        period_end=period_end,
        notes="\n".join(breakdown.notes) or None,
    )
    for kind, text, qty, unit in breakdown.lines:
        invoice.lines.append(
            LineItem(kind=kind, description=text, quantity=qty, unit_price=unit, amount=round_money(unit * qty))
        )
    session.add(invoice)
    return invoice


def issue(session: Session, invoice: Invoice) -> Invoice:
    if invoice.status != InvoiceStatus.DRAFT:
        raise ValueError(f"invoice {invoice.id} is {invoice.status.value}, not draft")
    now = utcnow()
    invoice.number = format_invoice_number(now.year, _next_sequence(session, now.year))
    invoice.issued_at = now
    invoice.due_at = now + timedelta(days=settings.invoice_due_days)
    invoice.status = InvoiceStatus.PAID if invoice.total == 0 else InvoiceStatus.OPEN
    return invoice


def outstanding(invoice: Invoice) -> Money:
    paid = sum((p.amount for p in invoice.payments if p.status.value == "succeeded"), Decimal("0"))
    return Money(invoice.total - paid, invoice.currency)


def email_invoice(session: Session, invoice: Invoice) -> None:
    from notifications.sender import send_notification

    send_notification(
        session,
        user_id=invoice.user_id,
        template="invoice_issued",
        context={
            "number": invoice.number,
            "total": Money(invoice.total, invoice.currency),
            "due_at": invoice.due_at,
        },
    )
    log.info("invoice emailed", extra={"invoice_id": invoice.id})
