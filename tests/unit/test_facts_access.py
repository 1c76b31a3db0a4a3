"""What code does to ORM models' rows: reads and writes, from source."""

from __future__ import annotations

from coupling.records import Access
from tests.support import facts_of


def uses(source: str) -> list[tuple[str, str, Access]]:
    return [(u.name, u.how, u.access) for u in facts_of(source).model_uses]


def test_django_managers_and_flask_sqlalchemy_query_read() -> None:
    source = (
        "from billing.models import Invoice\nimport users.models\n"
        "Invoice.objects.filter(x=1)\nusers.models.User.objects.get(pk=1)\nTeam.query.all()\n"
    )
    assert uses(source) == [
        ("billing.models.Invoice", "objects.filter", Access.READ),
        ("users.models.User", "objects.get", Access.READ),
        ("Team", "query.all", Access.READ),
    ]


def test_sqlalchemy_queries_and_selects_including_nested_columns_read() -> None:
    source = (
        "from users.models import User as U\nfrom billing import models as bm\n"
        "session.query(U)\nselect(func.count(bm.Invoice.id)).join(Plan).outerjoin(bm.Payment, x)\n"
        "session.get(U, 3)\n"
    )
    assert uses(source) == [
        ("users.models.User", "query", Access.READ),
        ("Plan", "join", Access.READ),
        ("billing.models.Invoice", "select", Access.READ),
        ("billing.models.Payment", "outerjoin", Access.READ),
        ("users.models.User", "get", Access.READ),
    ]


def test_manager_and_query_chains_that_change_rows_write() -> None:
    source = (
        "Order.objects.create(total=1)\nOrder.objects.filter(x=1).update(y=2)\n"
        "Order.objects.filter(x=1).delete()\nOrder.objects.bulk_create(rows)\n"
        "session.query(Cart).filter(Cart.id == 1).delete()\n"
        "session.execute(update(ApiKey).where(ApiKey.id == 1).values(x=1))\n"
        "session.execute(insert(Audit))\n"
    )
    assert [(name, access) for name, _how, access in uses(source)] == [
        ("Order", Access.WRITE),
        ("Order", Access.WRITE),
        ("Order", Access.WRITE),
        ("Order", Access.WRITE),
        ("Cart", Access.WRITE),
        ("ApiKey", Access.WRITE),
        ("Audit", Access.WRITE),
    ]


def test_instances_added_saved_or_changed_are_writes_of_their_model() -> None:
    source = (
        "def f(session, user_id):\n"
        "    user = session.get(User, user_id)\n"
        "    user.email = 'x'\n"
        "    session.add(Invoice(user_id=user_id))\n"
        "    session.add_all([Line(), Line()])\n"
        "    order = Order.objects.get(pk=1)\n"
        "    order.save()\n"
        "    for payment in session.scalars(select(Payment)):\n"
        "        session.delete(payment)\n"
    )
    writes = [(name, how) for name, how, access in uses(source) if access is Access.WRITE]
    assert writes == [
        ("User", "assign"),
        ("Invoice", "add"),
        ("Line", "add_all"),
        ("Order", "save"),
        ("Payment", "delete"),
    ]


def test_reads_alone_and_lookalikes_write_nothing() -> None:
    source = (
        "def f(session, cache):\n"
        "    invoice = session.get(Invoice, 1)\n"
        "    total = invoice.total\n"
        "    cache.delete('key')\n"
        "    items.update(other)\n"
        "    d.get('x')\n"
        "    invoice = compute()\n"
        "    invoice.total = 2\n"  # rebound to something else: no longer an Invoice
    )
    assert [(n, a) for n, _h, a in uses(source)] == [("Invoice", Access.READ)]


def test_models_named_by_label_are_references() -> None:
    source = (
        "from django.apps import apps\nfrom oscar.core.loading import get_model\n"
        "Order = get_model('order', 'Order')\nLine = apps.get_model('basket.Line')\n"
        "other = get_model(app_label, name)\n"
    )
    assert uses(source) == [
        ("order.Order", "get_model", Access.NONE),
        ("basket.Line", "get_model", Access.NONE),
    ]


def test_lookalike_calls_are_not_model_uses() -> None:
    assert uses("cache.get(key)\nd.get('x')\nitems.update(other)\nre.select(pattern)\n") == []


def test_an_instance_made_and_changed_is_a_write_though_nothing_saves_or_reads_it() -> None:
    source = "from app.models import Invoice\ndef f():\n    inv = Invoice()\n    inv.total = 5\n"
    assert uses(source) == [("app.models.Invoice", "assign", Access.WRITE)]
