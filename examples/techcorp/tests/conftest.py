"""Shared fixtures: an in-memory SQLite database and a FastAPI test client.

Run from examples/techcorp with ``PYTHONPATH=src pytest``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker

import auth.models  # noqa: F401 - register tables on Base.metadata
import billing.models  # noqa: F401
import notifications.models  # noqa: F401
import reporting.models  # noqa: F401
from auth.permissions import get_current_user
from auth.routes import router as auth_router
from billing.routes import router as billing_router
from reporting.routes import router as reporting_router
from users.models import Role, User, UserStatus
from users.routes import router as users_router
from utils import events
from utils.db import Base, get_session


@pytest.fixture()
def db_session() -> Iterator[Session]:
    engine = create_engine("sqlite+pysqlite:///:memory:", future=True)
    Base.metadata.create_all(engine)
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    session = factory()
    try:
        yield session
    finally:
        session.close()
        engine.dispose()


@pytest.fixture(autouse=True)
def _clean_events() -> Iterator[None]:
    yield
    events.clear()


@pytest.fixture()
def make_user(db_session: Session):
    counter = iter(range(1, 10_000))

    def factory(*, permissions: str = "", staff: bool = False, **fields) -> User:
        n = next(counter)
        user = User(
            email=fields.pop("email", f"user{n}@example.com"),
            full_name=fields.pop("full_name", f"User {n}"),
            status=fields.pop("status", UserStatus.ACTIVE),
            is_staff=staff,
            **fields,
        )
        if permissions:
            user.roles.append(Role(name=f"role-{n}", permissions=permissions))
        db_session.add(user)
        db_session.commit()
        return user

    return factory


@pytest.fixture()
def app(db_session: Session) -> FastAPI:
    application = FastAPI()
    for router in (auth_router, users_router, billing_router, reporting_router):
        application.include_router(router)
    application.dependency_overrides[get_session] = lambda: db_session
    return application


@pytest.fixture()
def client_as(app: FastAPI):
    """``client_as(user)`` -> a TestClient authenticated as ``user``."""

    def factory(user: User) -> TestClient:
        app.dependency_overrides[get_current_user] = lambda: user
        return TestClient(app)

    return factory
