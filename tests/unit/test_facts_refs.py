"""Model queries, SQL tables and modules named in strings, from source."""

from __future__ import annotations

from coupling.records import DynamicImport, DynamicKind, SqlTable
from tests.support import facts_of


def uses(source: str) -> list[tuple[str, str]]:
    return [(u.name, u.how) for u in facts_of(source).model_uses]


def test_django_managers_and_flask_sqlalchemy_query() -> None:
    source = "from billing.models import Invoice\nimport users.models\nInvoice.objects.filter(x=1)\nusers.models.User.objects.get(pk=1)\nTeam.query.all()\n"
    assert uses(source) == [
        ("billing.models.Invoice", "objects"),
        ("users.models.User", "objects"),
        ("Team", "query"),
    ]


def test_sqlalchemy_queries_and_selects_including_nested_columns() -> None:
    source = (
        "from users.models import User as U\nfrom billing import models as bm\n"
        "session.query(U)\nselect(func.count(bm.Invoice.id)).join(Plan).outerjoin(bm.Payment, x)\n"
        "session.get(U, 3)\n"
    )
    assert uses(source) == [
        ("users.models.User", "query"),
        ("Plan", "join"),
        ("billing.models.Invoice", "select"),
        ("billing.models.Payment", "outerjoin"),
        ("users.models.User", "get"),
    ]


def test_lookalike_calls_are_not_model_uses() -> None:
    assert uses("cache.get(key)\nd.get('x')\nitems.update(other)\nre.select(pattern)\n") == []


def test_sql_in_strings_names_tables_but_not_prose() -> None:
    facts = facts_of(
        'def f():\n    """Select users from the team."""\n'
        '    run("SELECT u.id FROM users u JOIN public.orgs o ON o.id = u.org_id WHERE x IN (SELECT 1)")\n'
        "    run('insert into audit_log values (1)')\n    run('update accounts set x = 1')\n"
        "    log('from the start')\n"
    )
    assert facts.sql_tables == (
        SqlTable("users", 3, "FROM"),
        SqlTable("public.orgs", 3, "JOIN"),
        SqlTable("audit_log", 4, "INTO"),
        SqlTable("accounts", 5, "UPDATE"),
    )


def test_dynamic_imports_of_each_kind() -> None:
    facts = facts_of(
        "import importlib\nfrom django.urls import include, path\n"
        "INSTALLED_APPS = ['django.contrib.admin', 'shop.orders', 'not a path']\n"
        "CELERY = {'beat': {'task': 'shop.tasks.nightly'}}\n"
        "mod = importlib.import_module('plugins.csv')\n"
        "rel = importlib.import_module('.sibling', package='shop.orders')\n"
        "anything = importlib.import_module(name)\n"
        "other = __import__('legacy.thing')\n"
        "urlpatterns = [path('api/', include('shop.api.urls'))]\n"
        "@app.task(name='shop.tasks.send')\ndef send(): pass\n"
        "app.send_task('shop.tasks.later')\n"
        "uvicorn.run('shop.main:app')\n"
        "scope = 'reports:read'\n"
    )
    assert facts.dynamic_imports == (
        DynamicImport(DynamicKind.SETTING, "django.contrib.admin", 3),
        DynamicImport(DynamicKind.SETTING, "shop.orders", 3),
        DynamicImport(DynamicKind.SETTING, "shop.tasks.nightly", 4),
        DynamicImport(DynamicKind.IMPORT_MODULE, "plugins.csv", 5),
        DynamicImport(DynamicKind.IMPORT_MODULE, "shop.orders.sibling", 6),
        DynamicImport(DynamicKind.IMPORT_MODULE, "", 7),
        DynamicImport(DynamicKind.DUNDER_IMPORT, "legacy.thing", 8),
        DynamicImport(DynamicKind.INCLUDE, "shop.api.urls", 9),
        DynamicImport(DynamicKind.TASK, "shop.tasks.send", 10),
        DynamicImport(DynamicKind.TASK, "shop.tasks.later", 12),
        DynamicImport(DynamicKind.ENTRY_POINT, "shop.main:app", 13),
    )


def test_statement_lines_leave_out_docstrings_and_identifiers_are_for_tests_only() -> None:
    facts = facts_of('"""Doc."""\nimport a\n\ndef f():\n    """Doc."""\n    return a.b\n')
    assert facts.statement_lines == (2, 4, 6)
    assert facts.identifiers == ()
    from coupling.facts import extract_facts

    test = extract_facts(
        b"from app import compute\ndef test_it():\n    assert compute(1).total\n", is_test=True
    )
    assert {"compute", "total"} <= set(test.identifiers)
