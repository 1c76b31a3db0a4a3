from fastapi import FastAPI

from catalog import routes as catalog_routes
from customers import routes as customer_routes
from orders import routes as order_routes

app = FastAPI(title="shop")
app.include_router(catalog_routes.router)
app.include_router(customer_routes.router)
app.include_router(order_routes.router)


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}
