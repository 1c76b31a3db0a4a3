from fastapi import APIRouter
from sqlalchemy import select

from db import SessionLocal

from .models import Product

router = APIRouter(prefix="/products", tags=["catalog"])


@router.get("")
def list_products() -> list[int]:
    with SessionLocal() as session:
        return [p.id for p in session.scalars(select(Product))]


@router.get("/{product_id}")
def get_product(product_id: int) -> dict[str, int]:
    with SessionLocal() as session:
        product = session.get(Product, product_id)
        return {"id": product.id if product else 0}
