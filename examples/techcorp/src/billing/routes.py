"""HTTP API for billing: ``/billing``."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from fastapi import APIRouter, Depends, Header, HTTPException, Request, status
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from auth.permissions import get_current_user
from users.models import User
from utils.db import get_session
from utils.pagination import Page, PageParams, paginate

from . import payments, subscriptions
from .models import Invoice, InvoiceStatus, Plan, SubscriptionStatus

router = APIRouter(prefix="/billing", tags=["billing"])


class PlanOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    name: str
    tier: str
    interval: str
    price: Decimal
    price_per_seat: Decimal
    included_seats: int


class SubscribeIn(BaseModel):
    plan_code: str
    seats: int = Field(1, ge=1, le=500)
    coupon_code: str | None = None


class SubscriptionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    status: SubscriptionStatus
    seats: int
    currency: str
    current_period_end: datetime
    cancel_at_period_end: bool
    plan: PlanOut


class InvoiceOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    number: str | None
    status: InvoiceStatus
    currency: str
    total: Decimal
    tax: Decimal
    issued_at: datetime | None
    due_at: datetime | None
    paid_at: datetime | None


@router.get("/plans", response_model=list[PlanOut])
def list_plans(session: Session = Depends(get_session)) -> list[Plan]:
    return list(session.scalars(select(Plan).where(Plan.active.is_(True)).order_by(Plan.price)))


@router.get("/subscription", response_model=SubscriptionOut | None)
def my_subscription(user: User = Depends(get_current_user), session: Session = Depends(get_session)) -> object:
    return subscriptions.active_subscription(session, user.id)


@router.post("/subscription", response_model=SubscriptionOut, status_code=status.HTTP_201_CREATED)
def subscribe(data: SubscribeIn, user: User = Depends(get_current_user)) -> object:
    try:
        return subscriptions.start_subscription(user.id, data.plan_code, seats=data.seats, coupon_code=data.coupon_code)
    except subscriptions.PlanNotFound:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "unknown plan") from None
    except (subscriptions.SeatLimitExceeded, ValueError) as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from None


@router.delete("/subscription", response_model=SubscriptionOut)
def cancel(user: User = Depends(get_current_user), session: Session = Depends(get_session)) -> object:
    current = subscriptions.active_subscription(session, user.id)
    if current is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no active subscription")
    return subscriptions.cancel_subscription(session, current.id, at_period_end=True, reason="customer")


@router.get("/invoices", response_model=Page[InvoiceOut])
def list_invoices(
    params: PageParams = Depends(),
    user: User = Depends(get_current_user),
    session: Session = Depends(get_session),
) -> Page[InvoiceOut]:
    stmt = select(Invoice).where(Invoice.user_id == user.id, Invoice.status != InvoiceStatus.DRAFT)
    items, total = paginate(session, stmt.order_by(Invoice.issued_at.desc()), params)
    return Page[InvoiceOut](items=items, total=total, page=params.page, size=params.size)


@router.get("/invoices/{invoice_id}", response_model=InvoiceOut)
def get_invoice(invoice_id: int, user: User = Depends(get_current_user), session: Session = Depends(get_session)) -> Invoice:
    invoice = session.get(Invoice, invoice_id)
    if invoice is None or (invoice.user_id != user.id and not user.has_permission("billing:read")):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "invoice not found")
    return invoice


@router.post("/webhooks/stripe", include_in_schema=False)
async def stripe_webhook(
    request: Request,
    stripe_signature: str = Header(alias="Stripe-Signature"),
    session: Session = Depends(get_session),
) -> dict[str, str]:
    body = await request.body()
    try:
        handled = payments.handle_webhook(session, body, stripe_signature)
    except payments.PaymentError:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "invalid webhook") from None
    return {"handled": handled}
