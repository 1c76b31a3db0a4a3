"""Scheduled reports.

The worker calls :func:`run_due_schedules` every five minutes. Each due schedule
builds its report, writes the export file and announces ``report.ready``; the
email with the download link is sent by whoever listens to that event.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from users.models import User
from utils.cache import LockNotAcquired, cache
from utils.config import settings
from utils.dates import next_run_after, utcnow
from utils.db import transaction
from utils.events import publish
from utils.logging import get_logger

from . import builders, exporters
from .models import ReportRun, ReportSchedule

log = get_logger(__name__)

MAX_SCHEDULES_PER_USER = 10


class SchedulingNotAllowed(PermissionError):
    pass


def plan_allows_scheduling(session: Session, user_id: int) -> bool:
    """Scheduled reports are a Team+ feature."""
    from billing.models import Plan, Subscription

    plan = session.scalar(
        select(Plan)
        .join(Subscription, Subscription.plan_id == Plan.id)
        .where(Subscription.user_id == user_id, Subscription.status.in_(["active", "trialing"]))
    )
    return bool(plan and plan.allows_scheduled_reports)


def compute_next_run(schedule: ReportSchedule, after: datetime) -> datetime:
    local = after.astimezone(ZoneInfo(schedule.timezone))
    return next_run_after(local, hour=schedule.hour, weekday=schedule.weekday).astimezone(ZoneInfo("UTC"))


def create_schedule(session: Session, owner: User, **fields: object) -> ReportSchedule:
    if not plan_allows_scheduling(session, owner.id):
        raise SchedulingNotAllowed("your plan does not include scheduled reports")
    existing = session.scalars(select(ReportSchedule).where(ReportSchedule.owner_id == owner.id)).all()
    if len(existing) >= MAX_SCHEDULES_PER_USER:
        raise SchedulingNotAllowed(f"at most {MAX_SCHEDULES_PER_USER} schedules per user")
    schedule = ReportSchedule(owner_id=owner.id, **fields)
    schedule.next_run_at = compute_next_run(schedule, utcnow())
    with transaction(session):
        session.add(schedule)
    return schedule


def _build(session: Session, schedule: ReportSchedule, today: datetime) -> builders.Report:
    day = today.date() - timedelta(days=1)
    if schedule.kind == "daily":
        return builders.build_daily_report(session, day)
    if schedule.kind == "weekly":
        return builders.build_weekly_report(session, day)
    spec = builders.CustomReportSpec(**schedule.spec)
    return builders.build_custom_report(session, spec)


def run_schedule(session: Session, schedule: ReportSchedule) -> ReportRun:
    run = ReportRun(schedule_id=schedule.id, requested_by=schedule.owner_id, kind=schedule.kind)
    with transaction(session):
        session.add(run)
    try:
        owner = session.get(User, schedule.owner_id)
        report = _build(session, schedule, utcnow())
        path = exporters.write_export(report, schedule.export_format, owner.organization if owner else None)
    except Exception as exc:  # noqa: BLE001 - record and move on to the next schedule
        log.exception("scheduled report failed", extra={"schedule_id": schedule.id})
        with transaction(session):
            run.status, run.error, run.finished_at = "failed", str(exc)[:2000], utcnow()
        return run

    with transaction(session):
        run.status, run.file_path, run.row_count, run.finished_at = "done", str(path), report.row_count, utcnow()
        schedule.next_run_at = compute_next_run(schedule, utcnow())
    publish("report.ready", run_id=run.id, user_id=schedule.owner_id, report_name=schedule.name)
    return run


def run_due_schedules(session: Session) -> int:
    try:
        with cache.lock("reporting:scheduler", ttl=settings.db_pool_timeout_s * 20):
            due = session.scalars(
                select(ReportSchedule)
                .where(ReportSchedule.enabled.is_(True), ReportSchedule.next_run_at <= utcnow())
                .order_by(ReportSchedule.next_run_at)
            ).all()
            for schedule in due:
                run_schedule(session, schedule)
            return len(due)
    except LockNotAcquired:
        return 0
