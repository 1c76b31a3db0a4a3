"""Facts must match what real frameworks declare: their own registries are the ground truth.

Each test runs the real framework in a subprocess (coupling itself never imports the code it
scans) and compares its models, foreign keys and routes with what `coupling scan` found.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.functional.conftest import Run

FASTAPI_TRUTH = """
import json, sys
sys.path.insert(0, sys.argv[1])
from api.main import app
from db import Base
from sqlalchemy.orm import configure_mappers
configure_mappers()
tables = {t.name: sorted({fk.column.table.name for fk in t.foreign_keys}) for t in Base.metadata.tables.values()}
relationships = sorted(
    [m.class_.__module__ + "." + m.class_.__name__, r.mapper.class_.__module__ + "." + r.mapper.class_.__name__]
    for m in Base.registry.mappers for r in m.relationships
)
routes = sorted([method.upper(), path] for path, item in app.openapi()["paths"].items() for method in item)
mapped = sorted([m.class_.__module__ + "." + m.class_.__name__, m.local_table.name] for m in Base.registry.mappers)
print(json.dumps({"tables": tables, "relationships": relationships, "routes": routes, "mapped": mapped}))
"""


def _truth(
    script: str, *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=cwd,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _scan(run: Run, path: str) -> dict[str, Any]:
    result = run("scan", path, "-q")
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(Path("analysis/coupling/coupling.json").read_text())
    return document


def test_a_real_sqlalchemy_and_fastapi_app(asset: Callable[[str], Path], run: Run) -> None:
    """fastapi_shop: db (declarative Base), catalog (Category, Product, the product_tags Table),
    customers (Customer, Address), orders (Order → customers.id, OrderLine → orders.id and
    products.id, relationships by class name), api (FastAPI app including the three routers)."""
    root = asset("fastapi_shop")
    truth = _truth(FASTAPI_TRUTH, str(root / "src"))
    found = _scan(run, "src")
    models = {m["key"]: m for m in found["models"]}
    assert sorted(m["table"] for m in models.values()) == sorted(truth["tables"])
    assert (
        sorted([key, m["table"]] for key, m in models.items() if not key.endswith("product_tags"))
        == truth["mapped"]
    )
    table_owner = {m["table"]: m["key"] for m in models.values()}
    unit = {key: key.split(".")[0] for key in models}
    # Every foreign key between units that SQLAlchemy knows, and only those.
    expected = {
        (table_owner[table], table_owner[target])
        for table, targets in truth["tables"].items()
        for target in targets
        if unit[table_owner[table]] != unit[table_owner[target]]
    } | {(a, b) for a, b in truth["relationships"] if unit[a] != unit[b]}
    keys = {
        (e["source"], e["target"])
        for cell in found["data"]
        for e in cell["evidence"]
        if e["kind"] == "foreign key"
    }
    assert keys == expected
    assert ("orders.models.OrderLine", "catalog.models.Product") in expected and len(expected) == 2
    assert sorted([e["method"], e["path"]] for e in found["endpoints"]) == truth["routes"]
    queried = {
        (e["source"], e["target"])
        for cell in found["data"]
        for e in cell["evidence"]
        if e["kind"] == "query"
    }
    assert ("orders.routes", "catalog.models.Product") in queried


DJANGO_TRUTH = """
import json, os, sys
sys.path.insert(0, os.getcwd())
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
import django
django.setup()
from django.apps import apps
from django.urls import get_resolver, URLPattern
mine = [m for m in apps.get_models() if m._meta.app_label in ("accounts", "shop")]
models = sorted([m.__module__ + "." + m.__name__, m._meta.db_table] for m in mine)
relations = sorted(
    [m.__module__ + "." + m.__name__, f.related_model.__module__ + "." + f.related_model.__name__]
    for m in mine for f in m._meta.get_fields()
    if f.is_relation and f.concrete and f.related_model is not None and f.model is m
)
def leaves(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLPattern):
            yield prefix + str(p.pattern)
        elif "admin" not in str(p.pattern):
            yield from leaves(p.url_patterns, prefix + str(p.pattern))
print(json.dumps({"models": models, "relations": relations, "routes": sorted(leaves(get_resolver().url_patterns))}))
"""


def test_a_real_django_project(tmp_path: Path, run: Run, monkeypatch: Any) -> None:
    """django-admin startproject config + startapp accounts, shop: shop.Order has a ForeignKey
    to "accounts.Customer" and a ManyToManyField to Item; shop.urls is included by config.urls."""
    site = tmp_path / "site"
    site.mkdir()
    django_admin = [sys.executable, "-m", "django"]
    subprocess.run([*django_admin, "startproject", "config", str(site)], check=True)
    for app in ("accounts", "shop"):
        subprocess.run([sys.executable, "manage.py", "startapp", app], cwd=site, check=True)
    (site / "accounts" / "models.py").write_text(
        textwrap.dedent(
            """
            from django.db import models


            class Customer(models.Model):
                email = models.EmailField(unique=True)
            """
        )
    )
    (site / "shop" / "models.py").write_text(
        textwrap.dedent(
            """
            from django.db import models


            class Item(models.Model):
                name = models.CharField(max_length=80)


            class Order(models.Model):
                customer = models.ForeignKey("accounts.Customer", on_delete=models.CASCADE)
                items = models.ManyToManyField(Item)
                previous = models.ForeignKey("self", null=True, on_delete=models.SET_NULL)

                class Meta:
                    db_table = "shop_orders"
            """
        )
    )
    (site / "shop" / "views.py").write_text(
        "from django.http import HttpResponse\n\nfrom accounts.models import Customer\n\n\n"
        "def orders(request):\n    return HttpResponse(str(Customer.objects.count()))\n"
    )
    (site / "shop" / "urls.py").write_text(
        "from django.urls import path\n\nfrom . import views\n\nurlpatterns = [\n    path('orders/', views.orders),\n]\n"
    )
    urls = site / "config" / "urls.py"
    urls.write_text(
        urls.read_text()
        .replace("from django.urls import path", "from django.urls import include, path")
        .replace(
            "    path('admin/', admin.site.urls),",
            "    path('admin/', admin.site.urls),\n    path('shop/', include('shop.urls')),",
        )
    )
    settings = site / "config" / "settings.py"
    settings.write_text(
        settings.read_text().replace(
            "'django.contrib.staticfiles',",
            "'django.contrib.staticfiles',\n    'accounts',\n    'shop',",
        )
    )
    truth = _truth(DJANGO_TRUTH, cwd=site)
    monkeypatch.chdir(site)
    found = _scan(run, ".")
    models = sorted([m["key"], m["table"]] for m in found["models"])
    assert models == truth["models"]
    unit = {key: key.split(".")[0] for key, _table in models}
    keys = {
        (e["source"], e["target"])
        for cell in found["data"]
        for e in cell["evidence"]
        if e["kind"] == "foreign key"
    }
    assert (
        keys
        == {(a, b) for a, b in truth["relations"] if unit[a] != unit[b]}
        == {("shop.models.Order", "accounts.models.Customer")}
    )
    assert ("shop.views", "accounts.models.Customer") in {
        (e["source"], e["target"])
        for cell in found["data"]
        for e in cell["evidence"]
        if e["kind"] == "query"
    }
    # Django's own resolver joins config/urls.py's include() prefix onto shop's paths; coupling
    # lists each urls module's own routes, and the include() as a dynamic import to shop.urls.
    assert [e["path"] for e in found["endpoints"] if e["unit"] == "shop"] == ["/orders/"]
    assert truth["routes"] == ["shop/orders/"]
    assert {
        (d["target"], d["target_unit"]) for d in found["dynamic_imports"] if d["kind"] == "include"
    } == {("shop.urls", "shop")}
