"""Reporting's own tables: saved schedules and the runs they produce."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from utils.db import Base
from utils.dates import utcnow

if TYPE_CHECKING:
    from users.models import User

REPORT_KINDS = ("daily", "weekly", "custom")
EXPORT_FORMATS = ("pdf", "xlsx", "csv")


class ReportSchedule(Base):
    __tablename__ = "report_schedules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(16))  # one of REPORT_KINDS
    spec: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # CustomReportSpec for "custom"
    export_format: Mapped[str] = mapped_column(String(8), default="pdf")
    hour: Mapped[int] = mapped_column(Integer, default=6)
    weekday: Mapped[int | None] = mapped_column(Integer)  # None = every day
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    next_run_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    owner: Mapped[User] = relationship("User")
    runs: Mapped[list[ReportRun]] = relationship(back_populates="schedule", order_by="ReportRun.started_at.desc()")


class ReportRun(Base):
    __tablename__ = "report_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    schedule_id: Mapped[int | None] = mapped_column(ForeignKey("report_schedules.id", ondelete="SET NULL"), index=True)
    requested_by: Mapped[int | None] = mapped_column(Integer)  # user id, no FK: survives user deletion
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="running")  # running | done | failed
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    row_count: Mapped[int | None] = mapped_column(Integer)
    file_path: Mapped[str | None] = mapped_column(String(500))
    error: Mapped[str | None] = mapped_column(Text)

    schedule: Mapped[ReportSchedule | None] = relationship(back_populates="runs")
