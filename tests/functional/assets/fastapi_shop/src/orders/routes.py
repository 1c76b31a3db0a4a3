from fastapi import APIRouter
from sqlalchemy import select

from catalog.models import Product
from db import SessionLocal

from .models import Order, OrderLine

router = APIRouter(prefix="/orders", tags=["orders"])


@router.get("")
def list_orders() -> list[int]:
    with SessionLocal() as session:
        return [o.id for o in session.scalars(select(Order))]


@router.post("")
def create_order(customer_id: int, product_id: int, quantity: int = 1) -> dict[str, int]:
    with SessionLocal() as session, session.begin():
        product = session.get(Product, product_id)
        order = Order(customer_id=customer_id)
        order.lines.append(OrderLine(product_id=product.id if product else 0, quantity=quantity))
        session.add(order)
    return {"id": order.id}


@router.delete("/{order_id}")
def cancel_order(order_id: int) -> None:
    with SessionLocal() as session, session.begin():
        session.delete(session.get(Order, order_id))
