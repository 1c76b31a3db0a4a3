"""Database plumbing: declarative base, engine, sessions and transactions.

Every unit declares its models on :class:`Base` so that there is a single
``MetaData`` and foreign keys between units (``ForeignKey("users.id")``) resolve.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import DateTime, MetaData, create_engine, func
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from .config import settings

# Deterministic constraint names make Alembic autogenerate diffs stable.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base shared by all units."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)

    def __repr__(self) -> str:
        pk = getattr(self, "id", None)
        return f"<{type(self).__name__} id={pk}>"


class TimestampMixin:
    """``created_at`` / ``updated_at`` columns maintained by the database."""

    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True),
        server_default=func.now(),
        onupdate=func.now(),
        nullable=False,
    )


def _make_engine(url: str) -> Engine:
    return create_engine(
        url,
        pool_size=settings.db_pool_size,
        pool_timeout=settings.db_pool_timeout_s,
        pool_pre_ping=True,
        echo=settings.db_echo,
        future=True,
    )


engine = _make_engine(str(settings.database_url))
SessionLocal = sessionmaker(bind=engine, expire_on_commit=False, autoflush=False)

_replica_engine: Engine | None = None


def replica_engine() -> Engine:
    """Engine for read-only workloads; falls back to the primary."""
    global _replica_engine
    if settings.reporting_database_url is None:
        return engine
    if _replica_engine is None:
        _replica_engine = _make_engine(str(settings.reporting_database_url))
    return _replica_engine


def get_session() -> Iterator[Session]:
    """FastAPI dependency: one session per request, always closed."""
    session = SessionLocal()
    try:
        yield session
    finally:
        session.close()


@contextmanager
def transaction(session: Session | None = None) -> Iterator[Session]:
    """Run a block in a transaction.

    ``with transaction() as session:`` opens a new session, commits on success and
    rolls back on any exception. Passing an existing session nests a SAVEPOINT
    instead, so service functions can be composed without knowing who owns the
    outer transaction.
    """
    if session is not None:
        with session.begin_nested():
            yield session
        return

    own = SessionLocal()
    try:
        with own.begin():
            yield own
    finally:
        own.close()


def read_only_session() -> Session:
    """A session bound to the replica, for reporting-style queries."""
    return Session(bind=replica_engine(), autoflush=False, expire_on_commit=False)
