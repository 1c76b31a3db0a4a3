"""ORM models as written: each Django and SQLAlchemy spelling, and lookalikes that are not."""

from __future__ import annotations

from coupling.records import ModelFact, Relation, RelationKind
from tests.support import facts_of


def models(source: str) -> list[ModelFact]:
    return list(facts_of(source).models)


def relations(source: str) -> list[tuple[str, str]]:
    return [(r.kind, r.target) for m in models(source) for r in m.relations]


DJANGO = "from django.db import models\n"


def test_django_model_with_each_relation_spelling() -> None:
    source = DJANGO + (
        "class Order(models.Model):\n"
        "    customer = models.ForeignKey('customers.Customer', on_delete=models.CASCADE)\n"
        "    parent = models.ForeignKey('self', null=True, on_delete=models.SET_NULL)\n"
        "    invoice = models.OneToOneField(Invoice, on_delete=models.CASCADE)\n"
        "    tags = models.ManyToManyField(to='Tag')\n"
        "    seller = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)\n"
    )
    assert relations(source) == [
        ("ForeignKey", "customers.Customer"),
        ("ForeignKey", "self"),
        ("OneToOneField", "Invoice"),
        ("ManyToManyField", "Tag"),
        ("ForeignKey", "settings.AUTH_USER_MODEL"),
    ]


def test_django_meta_table_abstract_and_app_label() -> None:
    source = DJANGO + (
        "class Base(models.Model):\n    class Meta:\n        abstract = True\n"
        "class Item(Base):\n    name = models.CharField(max_length=9)\n"
        "    class Meta:\n        db_table = 'shop_items'\n        app_label = 'shop'\n"
    )
    assert [(m.name, m.abstract, m.table, m.app_label) for m in models(source)] == [
        ("Base", True, "", ""),
        ("Item", False, "shop_items", "shop"),
    ]


def test_sqlalchemy_declarative_classes_tables_and_bases() -> None:
    source = (
        "from sqlalchemy import Column, ForeignKey, Integer, Table\n"
        "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship\n"
        "class Base(DeclarativeBase):\n    pass\n"
        "user_roles = Table('user_roles', Base.metadata,\n"
        "    Column('user_id', ForeignKey('users.id')),\n    Column('role_id', ForeignKey('roles.id')))\n"
        "class User(Base):\n    __tablename__ = 'users'\n"
        "    id: Mapped[int] = mapped_column(primary_key=True)\n"
        "    org_id = mapped_column(ForeignKey('public.organizations.id'))\n"
        "    team_id = Column(Integer, ForeignKey(Team.id))\n"
        "    roles = relationship('Role', secondary=user_roles)\n"
        "    invoices = relationship(lambda: Invoice)\n"
        "class Mixin:\n    __abstract__ = True\n    created = Column(Integer)\n"
    )
    found = models(source)
    assert [(m.name, m.kind, m.table, m.abstract) for m in found] == [
        ("Base", "base", "", False),
        ("user_roles", "table", "user_roles", False),
        ("User", "class", "users", False),
        ("Mixin", "class", "", True),
    ]
    assert found[1].relations == (  # a Table's columns are named by Column("name", ...)
        Relation(RelationKind.FOREIGN_KEY, "users.id", 6, column="user_id"),
        Relation(RelationKind.FOREIGN_KEY, "roles.id", 7, column="role_id"),
    )
    assert [(r.kind, r.target, r.field) for r in found[2].relations] == [
        ("ForeignKey", "public.organizations.id", "org_id"),
        ("ForeignKey", "Team.id", "team_id"),
        ("relationship", "Role", "roles"),
        ("relationship", "Invoice", "invoices"),
    ]


def test_declarative_base_function_and_flask_sqlalchemy() -> None:
    source = (
        "from sqlalchemy.orm import declarative_base\nfrom flask_sqlalchemy import SQLAlchemy\n"
        "Base = declarative_base()\ndb = SQLAlchemy()\n"
    )
    assert [(m.name, m.kind) for m in models(source)] == [("Base", "base"), ("db.Model", "base")]


def test_relation_targets_are_expanded_through_imports() -> None:
    source = (
        DJANGO
        + "from shop import models as shop_models\nclass A(models.Model):\n    b = models.ForeignKey(shop_models.Order, on_delete=1)\n"
    )
    assert relations(source) == [("ForeignKey", "shop.models.Order")]


def test_classes_merely_named_like_models_are_not_models() -> None:
    assert models("class Model:\n    pass\n") == []
    assert models("class Thing(Model):\n    name = 'x'\n") == []
    assert models("class Form(forms.Form):\n    class Meta:\n        pass\n") == []
    assert (
        models("from mylib import ForeignKey\nclass Conf:\n    pass\nx = ForeignKey('a.b')\n") == []
    )
    assert models("def f():\n    class Local(models.Model):\n        pass\n") == []


def test_method_bodies_are_not_searched_for_relations() -> None:
    source = (
        DJANGO
        + "class A(models.Model):\n    def f(self):\n        return models.ForeignKey('x.Y', on_delete=1)\n"
    )
    assert [m.relations for m in models(source)] == [()]
