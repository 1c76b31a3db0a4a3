from fastapi import APIRouter

from db import SessionLocal

from .models import Customer

router = APIRouter(prefix="/customers", tags=["customers"])


@router.get("/{customer_id}")
def get_customer(customer_id: int) -> dict[str, str]:
    with SessionLocal() as session:
        customer = session.get(Customer, customer_id)
        return {"email": customer.email if customer else ""}
