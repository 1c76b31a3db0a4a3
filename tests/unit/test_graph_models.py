"""Models across files and the data edges between units."""

from __future__ import annotations

from pathlib import Path

from coupling.records import ModuleGraph
from tests.support import graph_of, settings_for, write_tree


def _graph(tmp_path: Path, files: dict[str, str]) -> ModuleGraph:
    return graph_of(settings_for(write_tree(tmp_path / "src", files), tmp_path / "out"))


def _edges(graph: ModuleGraph) -> set[tuple[str, str, str, str, str]]:
    return {(e.kind, e.source_unit, e.target_unit, e.target, e.detail) for e in graph.data_edges}


DJANGO = {
    "core/__init__.py": "",
    "core/models.py": (
        "from django.db import models\n"
        "class Stamped(models.Model):\n    created = models.DateTimeField()\n    class Meta:\n        abstract = True\n"
        "class Account(Stamped):\n    name = models.CharField(max_length=9)\n"
    ),
    "shop/__init__.py": "",
    "shop/models.py": (
        "from django.db import models\nfrom core.models import Stamped\n"
        "class Order(Stamped):\n    account = models.ForeignKey('core.Account', on_delete=models.CASCADE)\n"
        "    parent = models.ForeignKey('self', null=True, on_delete=models.CASCADE)\n"
        "    lines = models.ManyToManyField('Line')\n"
        "class Line(models.Model):\n    pass\n"
        "class Special(Order):\n    pass\n"
    ),
    "shop/views.py": (
        "from core.models import Account\nfrom .models import Order\n"
        "def f():\n    return Account.objects.count(), Order.objects.all()\n"
    ),
}


def test_django_models_through_abstract_bases_in_other_files(tmp_path: Path) -> None:
    graph = _graph(tmp_path, DJANGO)
    assert [(m.key, m.framework, m.table, m.abstract) for m in graph.models] == [
        ("core.models.Account", "django", "core_account", False),
        ("core.models.Stamped", "django", "", True),
        ("shop.models.Line", "django", "shop_line", False),
        ("shop.models.Order", "django", "shop_order", False),
        ("shop.models.Special", "django", "shop_special", False),
    ]


def test_django_cross_unit_edges(tmp_path: Path) -> None:
    assert _edges(_graph(tmp_path, DJANGO)) == {
        ("foreign key", "shop", "core", "core.models.Account", "ForeignKey"),
        ("import", "shop", "core", "core.models.Account", "import"),
        ("import", "shop", "core", "core.models.Stamped", "import"),  # an abstract base couples too
        ("query", "shop", "core", "core.models.Account", "objects.count"),
    }


def test_app_configs_name_the_labels_of_tables_and_references(tmp_path: Path) -> None:
    """wagtail's core app is labelled wagtailcore: its tables and "wagtailcore.Page" follow."""
    graph = _graph(
        tmp_path,
        {
            "core/__init__.py": "",
            "core/apps.py": (
                "from django.apps import AppConfig\n"
                "class CoreConfig(AppConfig):\n    name = 'core'\n    label = 'sitecore'\n"
            ),
            "core/models.py": "from django.db import models\nclass Page(models.Model):\n    pass\n",
            "blog/__init__.py": "",
            "blog/apps.py": (
                "from django.apps import AppConfig\nclass BlogConfig(AppConfig):\n    name = 'blog'\n"
            ),
            "blog/models.py": (
                "from django.db import models\nclass Post(models.Model):\n"
                "    page = models.ForeignKey('sitecore.Page', on_delete=models.CASCADE)\n"
            ),
        },
    )
    assert [(m.key, m.table) for m in graph.models] == [
        ("blog.models.Post", "blog_post"),
        ("core.models.Page", "sitecore_page"),
    ]
    assert ("foreign key", "blog", "core", "core.models.Page", "ForeignKey") in _edges(graph)


SQLALCHEMY = {
    "db/__init__.py": "from .base import Base\n",
    "db/base.py": "from sqlalchemy.orm import DeclarativeBase\nclass Base(DeclarativeBase):\n    pass\n",
    "users/__init__.py": "from .models import User\n",
    "users/models.py": (
        "from sqlalchemy import Column, ForeignKey, Integer, Table\nfrom db import Base\n"
        "class User(Base):\n    __tablename__ = 'users'\n    id = Column(Integer, primary_key=True)\n"
        "class Admin(User):\n    level = Column(Integer)\n"
        "memberships = Table('memberships', Base.metadata, Column('user_id', ForeignKey('users.id')),"
        " Column('team_id', ForeignKey('teams.id')))\n"
    ),
    "teams/__init__.py": "",
    "teams/models.py": (
        "from sqlalchemy import Column, ForeignKey, Integer\nfrom sqlalchemy.orm import relationship\n"
        "from db import Base\nfrom users import User\n"
        "class Team(Base):\n    __tablename__ = 'teams'\n"
        "    owner_id = Column(Integer, ForeignKey('users.id'))\n    lead_id = Column(Integer, ForeignKey(User.id))\n"
        "    owner = relationship('User')\n"
        "class Mixin:\n    x = Column(Integer)\n"
    ),
    "reports/__init__.py": "",
    "reports/queries.py": (
        "from sqlalchemy import select, text\nimport teams.models\n"
        "def q(session):\n    session.execute(select(teams.models.Team))\n"
        "    return session.execute(text('SELECT * FROM users JOIN teams ON 1=1 JOIN unknown_table ON 1=1'))\n"
    ),
}


def test_sqlalchemy_models_tables_inheritance_and_re_exports(tmp_path: Path) -> None:
    graph = _graph(tmp_path, SQLALCHEMY)
    assert [(m.key, m.table) for m in graph.models] == [
        ("teams.models.Team", "teams"),
        ("users.models.Admin", "users"),  # single-table inheritance
        ("users.models.User", "users"),
        ("users.models.memberships", "memberships"),
    ]


def test_sqlalchemy_cross_unit_edges(tmp_path: Path) -> None:
    assert _edges(_graph(tmp_path, SQLALCHEMY)) == {
        ("foreign key", "teams", "users", "users.models.User", "ForeignKey"),
        ("relationship", "teams", "users", "users.models.User", "relationship"),  # no column
        (
            "foreign key",
            "users",
            "teams",
            "teams.models.Team",
            "ForeignKey",
        ),  # the memberships Table
        ("import", "teams", "users", "users.models.User", "import"),  # through the users facade
        ("query", "reports", "teams", "teams.models.Team", "select"),
        ("sql", "reports", "users", "users.models.User", "FROM"),
        ("sql", "reports", "teams", "teams.models.Team", "JOIN"),
    }


def test_flask_sqlalchemy_db_model(tmp_path: Path) -> None:
    graph = _graph(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/ext.py": "from flask_sqlalchemy import SQLAlchemy\ndb = SQLAlchemy()\n",
            "app/models.py": "from app.ext import db\nclass Post(db.Model):\n    __tablename__ = 'posts'\n",
        },
    )
    assert [(m.key, m.table) for m in graph.models] == [("app.models.Post", "posts")]


def test_dynamic_references_resolve_to_modules_or_named_objects(tmp_path: Path) -> None:
    graph = _graph(
        tmp_path,
        {
            "conf/__init__.py": (
                "APPS = ['shop.orders', 'shop.orders.Checkout', 'shop.preference_key', 'django.contrib.admin']\n"
                # a table of moved names: only the one the module still defines is a reference
                "MOVED = {'shop.orders:Checkout': 1, 'shop.orders:OldCart': 2}\n"
            ),
            "shop/__init__.py": "",
            "shop/orders.py": "class Checkout:\n    pass\nimport importlib\nplugin = importlib.import_module(name)\n",
        },
    )
    assert [(d.target, d.imported, d.target_unit) for d in graph.dynamic] == [
        ("shop.orders", "shop.orders", "shop"),
        ("shop.orders.Checkout", "shop.orders", "shop"),
        ("shop.orders:Checkout", "shop.orders", "shop"),  # as an entry point
        ("shop.orders:Checkout", "shop.orders", "shop"),  # as a setting
        ("", "", ""),
    ]


def test_django_base_re_exported_through_star_imports(tmp_path: Path) -> None:
    """Sentry's shape: `from .base import *` in the models package, bases two classes deep."""
    graph = _graph(
        tmp_path,
        {
            "db/__init__.py": "",
            "db/models/__init__.py": "from .base import *  # noqa\nfrom .fields import *\n",
            "db/models/base.py": (
                "from django.db import models\n__all__ = ('Model',)\n"
                "class BaseModel(models.Model):\n    class Meta:\n        abstract = True\n"
                "class Model(BaseModel):\n    class Meta:\n        abstract = True\n"
            ),
            "db/models/fields.py": "from django.db import models\nclass Flexible(models.ForeignKey):\n    pass\n",
            "projects/__init__.py": "",
            "projects/models.py": (
                "from db.models import Model, Flexible\n"
                "class Project(Model):\n    pass\n"
                "class Key(Model):\n    project = Flexible('projects.Project')\n"
            ),
        },
    )
    assert [(m.key, m.table, m.abstract) for m in graph.models] == [
        ("db.models.base.BaseModel", "", True),
        ("db.models.base.Model", "", True),
        ("projects.models.Key", "projects_key", False),
        ("projects.models.Project", "projects_project", False),
    ]


def test_sqlalchemy_registry_bases(tmp_path: Path) -> None:
    """Airflow's shape: `Base: Any = mapper_registry.generate_base()`, and `registry.mapped`."""
    graph = _graph(
        tmp_path,
        {
            "models/__init__.py": "",
            "models/base.py": (
                "from typing import Any\nfrom sqlalchemy.orm import registry\n"
                "mapper_registry = registry()\nBase: Any = mapper_registry.generate_base()\n"
                "class Dependent(Base):\n    __abstract__ = True\n"
            ),
            "models/taskmap.py": (
                "from sqlalchemy import Column, String\nfrom models.base import Dependent\n"
                "class TaskMap(Dependent):\n    __tablename__ = 'task_map'\n    id = Column(String, primary_key=True)\n"
            ),
            "models/dag.py": (
                "from sqlalchemy import Column, String\nfrom models.base import Base, mapper_registry\n"
                "class DagModel(Base):\n    __tablename__ = 'dag'\n    dag_id = Column(String, primary_key=True)\n"
                "@mapper_registry.mapped\nclass Pool:\n    __tablename__ = 'pool'\n    id = Column(String, primary_key=True)\n"
            ),
        },
    )
    assert [(m.key, m.table) for m in graph.models] == [
        ("models.dag.DagModel", "dag"),
        ("models.dag.Pool", "pool"),
        ("models.taskmap.TaskMap", "task_map"),
    ]


def test_models_on_third_party_bases(tmp_path: Path) -> None:
    """A base from an installed package (django-model-utils, Flask-AppBuilder) still makes a
    model when the class has ORM fields; a mixin without a table does not."""
    graph = _graph(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/models.py": (
                "from django.db import models\nfrom model_utils.models import TimeStampedModel\n"
                "class Order(TimeStampedModel):\n    total = models.IntegerField()\n"
                "class Plain(TimeStampedModel):\n    pass\n"
                # Django's own other classes: an expression with an output field
                "class BM25(models.Func):\n    output_field = models.FloatField()\n"
            ),
            "shop/migrations/__init__.py": "",
            "shop/migrations/0001_initial.py": (
                "from django.db import migrations, models\n"
                "class Migration(migrations.Migration):\n"
                "    operations = [migrations.CreateModel(name='Order', fields=[\n"
                "        ('id', models.AutoField(primary_key=True)),\n"
                "        ('user', models.ForeignKey(to='auth.User', on_delete=models.CASCADE))])]\n"
            ),
            "report/__init__.py": (
                "from rich.table import Table\nfrom sqlalchemy import MetaData, Table as T\n"
                "grid = Table('Name', 'Size')\nlog = T('log', MetaData())\n"
            ),
            "auth/__init__.py": "",
            "auth/models.py": (
                "from flask_appbuilder import Model\nfrom sqlalchemy import Column, Integer\n"
                "class User(Model):\n    __tablename__ = 'ab_user'\n    id = Column(Integer, primary_key=True)\n"
                "class Audit(Model):\n    at = Column(Integer)\n"
            ),
        },
    )
    assert sorted((m.key, m.framework, m.table) for m in graph.models) == [
        ("auth.models.User", "sqlalchemy", "ab_user"),
        ("report.log", "sqlalchemy", "log"),  # rich's Table is no table
        ("shop.models.Order", "django", "shop_order"),
    ]


def _key_columns(graph: ModuleGraph) -> set[tuple[str, str, str]]:
    return {(e.source, e.column, e.target) for e in graph.data_edges if e.kind == "foreign key"}


def test_foreign_keys_name_their_column(tmp_path: Path) -> None:
    """SQLAlchemy: the attribute, or the name given to Column(); Django: the field and `_id`,
    or db_column; a many-to-many keeps its key in a join table, not a column of its own."""
    assert _key_columns(_graph(tmp_path / "sa", SQLALCHEMY)) == {
        ("teams.models.Team", "owner_id", "users.models.User"),
        ("teams.models.Team", "lead_id", "users.models.User"),
        ("users.models.memberships", "team_id", "teams.models.Team"),
    }
    django = {
        **DJANGO,
        "shop/models.py": (
            "from django.db import models\n"
            "class Order(models.Model):\n"
            "    account = models.ForeignKey('core.Account', on_delete=models.CASCADE)\n"
            "    payer = models.OneToOneField('core.Account', db_column='paid_by', on_delete=models.CASCADE)\n"
            "    accounts = models.ManyToManyField('core.Account')\n"
        ),
    }
    assert _key_columns(_graph(tmp_path / "dj", django)) == {
        ("shop.models.Order", "account_id", "core.models.Account"),
        ("shop.models.Order", "paid_by", "core.models.Account"),
        ("shop.models.Order", "", "core.models.Account"),
    }


def test_events_name_the_module_they_go_through(tmp_path: Path) -> None:
    graph = _graph(
        tmp_path,
        {
            "bus/__init__.py": "",
            "bus/events.py": "def publish(name):\n    pass\n\ndef subscribe(name, f):\n    pass\n",
            "shop/__init__.py": "",
            "shop/orders.py": (
                "from bus.events import publish\nimport bus.events as ev\n"
                "def f():\n    publish('order.paid')\n    ev.publish('order.sent')\n"
            ),
            "mail/__init__.py": "",
            "mail/events.py": "def subscribe(name, f):\n    pass\n",
            "mail/handlers.py": (
                "from . import events\nfrom signals import hub\n"
                "events.subscribe('order.paid', print)\nhub.subscribe('order.sent', print)\n"
            ),
        },
    )
    assert {(e.unit, e.name, e.kind, e.bus) for e in graph.event_sites} == {
        ("shop", "order.paid", "publish", "bus.events"),
        ("shop", "order.sent", "publish", "bus.events"),
        ("mail", "order.paid", "subscribe", "mail.events"),
        ("mail", "order.sent", "subscribe", ""),  # a package outside PATH: no bus of ours
    }


def test_table_names_from_module_constants_here_and_imported(tmp_path: Path) -> None:
    src = write_tree(
        tmp_path / "src",
        {
            "app/__init__.py": "",
            "app/names.py": 'EVENTS = "events"\nSTATES = "states"\nNOT_A_NAME = "two words"\n',
            "app/reexport.py": "from app.names import STATES\n",
            "app/models.py": (
                "from sqlalchemy.orm import DeclarativeBase\n"
                "from app import names\nfrom app.reexport import STATES\nfrom .names import EVENTS\n"
                'LOCAL = "local_table"\n'
                "class Base(DeclarativeBase):\n    pass\n"
                "class Local(Base):\n    __tablename__ = LOCAL\n"
                "class Events(Base):\n    __tablename__ = EVENTS\n"
                "class States(Base):\n    __tablename__ = STATES\n"
                "class Named(Base):\n    __tablename__ = names.EVENTS\n"
                "class Odd(Base):\n    __tablename__ = names.NOT_A_NAME\n"
            ),
        },
    )
    graph = graph_of(settings_for(src, tmp_path / "out"))
    tables = {model.key: model.table for model in graph.models}
    assert tables == {
        "app.models.Local": "local_table",
        "app.models.Events": "events",
        "app.models.States": "states",
        "app.models.Named": "events",
        "app.models.Odd": "",  # kept as a model, its table unknown
    }
