"""HTTP API for reports: ``/reports``.

Five endpoints; this is reporting's whole public surface. Reads go to the
replica through ``read_only_session``; only ``/schedule`` writes.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, status
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from auth.permissions import get_current_user, require_permission
from users.models import User
from utils.cache import cached
from utils.dates import parse_date, today
from utils.db import get_session, read_only_session
from utils.logging import get_logger
from utils.pagination import PageParams
from utils.validation import ValidationError

from . import builders, exporters, queries, scheduler
from .models import EXPORT_FORMATS, ReportRun

router = APIRouter(prefix="/reports", tags=["reporting"])
log = get_logger(__name__)


def replica_session() -> Iterator[Session]:
    session = read_only_session()
    try:
        yield session
    finally:
        session.close()


class TableOut(BaseModel):
    title: str
    columns: list[str]
    rows: list[list[Any]]
    notes: list[str] = []


class ReportOut(BaseModel):
    name: str
    period: str
    tables: list[TableOut]


class ScheduleIn(BaseModel):
    name: str = Field(..., max_length=120)
    kind: Literal["daily", "weekly", "custom"]
    spec: dict[str, Any] = {}
    export_format: Literal["pdf", "xlsx", "csv"] = "pdf"
    hour: int = Field(6, ge=0, le=23)
    weekday: int | None = Field(None, ge=0, le=6)
    timezone: str = "UTC"


class ScheduleOut(BaseModel):
    id: int
    name: str
    next_run_at: str


def _to_out(report: builders.Report) -> ReportOut:
    tables = [
        TableOut(
            title=t.title,
            columns=[str(c) for c in t.frame.columns],
            rows=t.frame.astype(object).where(t.frame.notna(), None).values.tolist(),
            notes=t.notes,
        )
        for t in report.tables
    ]
    return ReportOut(name=report.name, period=report.period, tables=tables)


def _day(value: str | None, default: date) -> date:
    try:
        return parse_date(value) if value else default
    except ValueError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY, str(exc)) from None


@cached("reporting:daily", ttl=3600)
def _daily(day_iso: str) -> ReportOut:
    session = read_only_session()
    try:
        return _to_out(builders.build_daily_report(session, date.fromisoformat(day_iso)))
    finally:
        session.close()


@router.get("/daily", response_model=ReportOut, dependencies=[Depends(require_permission("reports:read"))])
def daily_report(day: str | None = None) -> ReportOut:
    target = _day(day, today() - timedelta(days=1))
    return _daily(target.isoformat())


@router.get("/weekly", response_model=ReportOut, dependencies=[Depends(require_permission("reports:read"))])
def weekly_report(week_of: str | None = None, session: Session = Depends(replica_session)) -> ReportOut:
    target = _day(week_of, today() - timedelta(days=7))
    return _to_out(builders.build_weekly_report(session, target))


@router.post("/custom", response_model=ReportOut, dependencies=[Depends(require_permission("reports:read"))])
def custom_report(spec: builders.CustomReportSpec, session: Session = Depends(replica_session)) -> ReportOut:
    try:
        report = builders.build_custom_report(session, spec)
    except ValidationError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY, [exc.to_dict()]) from None
    log.info("custom report", extra={"metrics": spec.metrics, "rows": report.row_count})
    return _to_out(report)


@router.get("/export", dependencies=[Depends(require_permission("reports:export"))])
def export_report(
    kind: Literal["daily", "weekly", "invoices"] = "daily",
    fmt: str = Query("pdf", alias="format"),
    day: str | None = None,
    run_id: int | None = None,
    page: PageParams = Depends(),
    user: User = Depends(get_current_user),
    session: Session = Depends(replica_session),
) -> Response:
    if fmt not in EXPORT_FORMATS:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY, f"format must be one of {EXPORT_FORMATS}")
    if run_id is not None:
        # Download link from a scheduled-report email.
        run = session.get(ReportRun, run_id)
        if run is None or run.requested_by != user.id or not run.file_path:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "report not found")
        with open(run.file_path, "rb") as fh:
            body = fh.read()
        fmt = run.file_path.rsplit(".", 1)[-1]
    elif kind == "invoices":
        target = _day(day, today())
        start, end = target.replace(day=1), target
        invoices, _ = queries.invoice_register(session, start, end + timedelta(days=1), page)
        rows = exporters.invoice_register_rows(invoices)
        body = "\n".join(";".join(r) for r in rows).encode("utf-8-sig")
        fmt = "csv"
    else:
        target = _day(day, today() - timedelta(days=1))
        report = (builders.build_daily_report if kind == "daily" else builders.build_weekly_report)(session, target)
        body = exporters.render(report, fmt, user.organization)
    filename = f"{kind}-{day or 'latest'}.{fmt}"
    return Response(
        content=body,
        media_type=exporters.MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.post("/schedule", response_model=ScheduleOut, status_code=status.HTTP_201_CREATED)
def schedule_report(
    data: ScheduleIn,
    user: User = Depends(get_current_user),
    session: Session = Depends(get_session),
) -> ScheduleOut:
    try:
        schedule = scheduler.create_schedule(session, user, **data.model_dump())
    except scheduler.SchedulingNotAllowed as exc:
        raise HTTPException(status.HTTP_403_FORBIDDEN, str(exc)) from None
    return ScheduleOut(id=schedule.id, name=schedule.name, next_run_at=schedule.next_run_at.isoformat())
