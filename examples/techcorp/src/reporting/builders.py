"""Turn query results into report tables (pandas).

Builders never touch the database directly; they call ``queries`` and shape the
result into ``ReportTable`` objects that the exporters know how to render.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from billing.models import PLAN_TIERS, InvoiceStatus
from utils.config import settings
from utils.dates import day_bounds
from utils.logging import get_logger
from utils.money import round_money
from utils.validation import ValidationError

from . import queries

log = get_logger(__name__)

Metric = Literal["signups", "active_users", "revenue", "payments", "churn", "api_requests"]
Dimension = Literal["day", "week", "month", "plan", "tier", "organization", "country", "currency"]

_METRIC_SOURCES: dict[str, tuple[str, str]] = {
    # metric -> (dataset, value column)
    "signups": ("signups", "signups"),
    "active_users": ("logins", "active_users"),
    "revenue": ("revenue", "revenue"),
    "payments": ("payments", "amount"),
    "churn": ("churn", "cancelled"),
    "api_requests": ("api_usage", "requests"),
}
_TIME_DIMENSIONS = {"day": "D", "week": "W-MON", "month": "MS"}


@dataclass
class ReportTable:
    title: str
    frame: pd.DataFrame
    money_columns: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)


@dataclass
class Report:
    name: str
    period: str
    tables: list[ReportTable]

    @property
    def row_count(self) -> int:
        return sum(len(t.frame) for t in self.tables)


class CustomReportSpec(BaseModel):
    name: str = Field("Custom report", max_length=120)
    metrics: list[Metric] = Field(..., min_length=1, max_length=4)
    group_by: Dimension = "day"
    start: date
    end: date
    plans: list[str] = []
    currency: str | None = None
    compare_previous: bool = False
    top_n: int | None = Field(None, ge=1, le=100)
    cumulative: bool = False


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(rows)
    if "day" in frame:
        frame["day"] = pd.to_datetime(frame["day"], utc=True)
    return frame


def _sort_tiers(frame: pd.DataFrame) -> pd.DataFrame:
    if "tier" not in frame:
        return frame
    order = {tier: i for i, tier in enumerate(PLAN_TIERS)}
    return frame.sort_values("tier", key=lambda s: s.map(order).fillna(len(order)))


def build_daily_report(session: Session, day: date) -> Report:
    data = queries.daily_dataset(session, day)
    revenue = _sort_tiers(_frame(data["revenue"]))
    tables = [
        ReportTable("Signups", _frame(data["signups"])),
        ReportTable("Logins", _frame(data["logins"])),
        ReportTable("Revenue by plan", revenue, money_columns=("revenue", "tax", "discount")),
        ReportTable("Payments", _frame(data["payments"]), money_columns=("amount",)),
    ]
    return Report(name="Daily report", period=day.isoformat(), tables=tables)


def build_weekly_report(session: Session, day: date) -> Report:
    data = queries.weekly_dataset(session, day)
    revenue = _sort_tiers(_frame(data["revenue"]))
    if not revenue.empty:
        revenue["share"] = np.round(revenue["revenue"] / revenue["revenue"].sum(), 4)
    churn = _frame(data["churn"])
    if not churn.empty:
        churn["churn_rate"] = np.where(churn["subscriptions"] > 0, churn["cancelled"] / churn["subscriptions"], np.nan)
    tables = [
        ReportTable("Signups", _frame(data["signups"])),
        ReportTable("Signups by country", _frame(data["countries"])),
        ReportTable("Revenue by plan", revenue, money_columns=("revenue", "tax", "discount")),
        ReportTable("Invoice lines", _frame(data["line_items"]), money_columns=("amount",)),
        ReportTable("Churn", churn),
        ReportTable("Top customers", _frame(data["top_customers"]), money_columns=("revenue",)),
    ]
    monday = day - timedelta(days=day.weekday())
    return Report(name="Weekly report", period=f"week of {monday.isoformat()}", tables=tables)


def _metric_frame(session: Session, metric: str, start: date, end: date) -> pd.DataFrame:
    start_dt, _ = day_bounds(start, settings.report_timezone)
    _, end_dt = day_bounds(end, settings.report_timezone)
    dataset, _ = _METRIC_SOURCES[metric]
    if dataset == "api_usage":
        return _frame(queries.api_usage(session))
    fetch = {
        "signups": queries.signups,
        "logins": queries.login_activity,
        "revenue": queries.revenue_by_plan,
        "payments": queries.payments_collected,
        "churn": queries.churn_by_plan,
    }[dataset]
    return _frame(fetch(session, start_dt, end_dt))


def build_custom_report(session: Session, spec: CustomReportSpec) -> Report:
    """Build a user-defined report: several metrics grouped by one dimension.

    Validation happens here rather than in the schema because which metric can be
    grouped by which dimension depends on the dataset behind it.
    """
    if spec.end < spec.start:
        raise ValidationError("end must not be before start", field="end")
    if (spec.end - spec.start).days > 366:
        raise ValidationError("custom reports cover at most one year", field="end")

    tables: list[ReportTable] = []
    for metric in spec.metrics:
        frame = _metric_frame(session, metric, spec.start, spec.end)
        _, value_col = _METRIC_SOURCES[metric]
        notes: list[str] = []
        if frame.empty:
            tables.append(ReportTable(f"{metric} by {spec.group_by}", frame, notes=["no data"]))
            continue

        if spec.group_by in _TIME_DIMENSIONS:
            if "day" not in frame:
                raise ValidationError(f"{metric} cannot be grouped by {spec.group_by}", field="group_by")
            grouped = frame.set_index("day")[value_col].resample(_TIME_DIMENSIONS[spec.group_by]).sum()
            result = grouped.to_frame(value_col).reset_index()
        else:
            column = {"plan": "plan", "tier": "tier", "organization": "organization", "country": "country"}.get(
                spec.group_by, spec.group_by
            )
            if column not in frame:
                raise ValidationError(f"{metric} cannot be grouped by {spec.group_by}", field="group_by")
            result = frame.groupby(column, dropna=False)[value_col].sum().reset_index()

        if spec.plans and "plan" in frame:
            result = result[frame["plan"].isin(spec.plans)] if "plan" in result else result
        if spec.currency and "currency" in frame:
            if metric not in ("revenue", "payments"):
                notes.append("currency filter ignored for non-monetary metric")
            else:
                result = result.loc[frame["currency"].str.upper() == spec.currency.upper()]
        if metric == "revenue" and "status" in frame:
            result = result[frame["status"] == InvoiceStatus.PAID.value]

        if spec.cumulative and spec.group_by in _TIME_DIMENSIONS:
            result[value_col] = result[value_col].cumsum()
        elif spec.cumulative:
            notes.append("cumulative only applies to time dimensions")

        if spec.top_n and spec.group_by not in _TIME_DIMENSIONS:
            result = result.nlargest(spec.top_n, value_col)

        if spec.compare_previous:
            span = spec.end - spec.start
            previous = _metric_frame(session, metric, spec.start - span, spec.start - timedelta(days=1))
            prev_total = float(previous[value_col].sum()) if not previous.empty else 0.0
            total = float(result[value_col].sum())
            change = (total - prev_total) / prev_total if prev_total else np.nan
            notes.append(f"previous period: {prev_total:,.2f} ({change:+.1%} change)" if prev_total else "no previous data")

        if len(result) > settings.report_max_rows:
            notes.append(f"truncated to {settings.report_max_rows} rows")
            result = result.head(settings.report_max_rows)

        money = (value_col,) if metric in ("revenue", "payments") else ()
        if money:
            result[value_col] = result[value_col].map(lambda v: round_money(v) if v == v else v)
        tables.append(ReportTable(f"{metric} by {spec.group_by}", result, money_columns=money, notes=notes))

    log.info("custom report built", extra={"metrics": spec.metrics, "rows": sum(len(t.frame) for t in tables)})
    return Report(name=spec.name, period=f"{spec.start.isoformat()} to {spec.end.isoformat()}", tables=tables)
