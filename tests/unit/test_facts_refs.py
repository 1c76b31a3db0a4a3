"""SQL tables and modules named in strings, from source."""

from __future__ import annotations

from coupling.records import Access, DynamicImport, DynamicKind, SqlTable
from tests.support import facts_of


def test_sql_in_strings_names_tables_but_not_prose() -> None:
    facts = facts_of(
        'def f():\n    """Select users from the team."""\n'
        '    run("SELECT u.id FROM users u JOIN public.orgs o ON o.id = u.org_id WHERE x IN (SELECT 1)")\n'
        "    run('insert into audit_log values (1)')\n    run('update accounts set x = 1')\n"
        "    log('from the start')\n    run('DELETE FROM sessions WHERE id = 1')\n"
        "    run('INSERT INTO archive SELECT * FROM events')\n"
        "    log('with the plain serializer; excluding default from JSON schema')\n"
        "    log('update the docs from the start')\n"
        "    run('WITH recent AS (SELECT * FROM orders) SELECT * FROM recent')\n"
    )
    assert facts.sql_tables == (
        SqlTable("users", 3, "FROM", Access.READ),
        SqlTable("public.orgs", 3, "JOIN", Access.READ),
        SqlTable("audit_log", 4, "INTO", Access.WRITE),
        SqlTable("accounts", 5, "UPDATE", Access.WRITE),
        SqlTable("sessions", 7, "FROM", Access.WRITE),
        SqlTable("archive", 8, "INTO", Access.WRITE),
        SqlTable("events", 8, "FROM", Access.READ),
        SqlTable("orders", 11, "FROM", Access.READ),
        SqlTable("recent", 11, "FROM", Access.READ),
    )


def test_megabytes_of_sql_are_read_in_one_pass() -> None:
    # A look back from every FROM made this take minutes: each table once, DELETE a write.
    statements = "".join(
        f"DELETE FROM t{i} WHERE a = 1; SELECT x FROM s{i}; " for i in range(40000)
    )
    facts = facts_of(f"run('{statements}')\n")
    assert len(facts.sql_tables) == 80000
    assert facts.sql_tables[-2:] == (
        SqlTable("t39999", 1, "FROM", Access.WRITE),
        SqlTable("s39999", 1, "FROM", Access.READ),
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
        "Form = get_class('basket.forms', 'BasketForm')\n"
        "Backend = import_string('shop.backends.Fast')\n"
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
        DynamicImport(DynamicKind.LOADER, "basket.forms:BasketForm", 15),
        DynamicImport(DynamicKind.LOADER, "shop.backends.Fast", 16),
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
