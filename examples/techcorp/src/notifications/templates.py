"""Message templates (Jinja2).

Built-in templates live in :data:`BUILTIN`; Support can override any of them per
locale through the ``notification_templates`` table without a deploy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from jinja2 import Environment, StrictUndefined, TemplateError, select_autoescape
from sqlalchemy import select
from sqlalchemy.orm import Session

from utils.config import settings
from utils.money import format_money

from .models import NotificationTemplate

# (subject, body) per template name; bodies are plain text, HTML is derived.
BUILTIN: dict[str, tuple[str | None, str]] = {
    "welcome": ("Welcome to TechCorp", "Hi {{ name }},\n\nyour account is ready: {{ base_url }}/login\n"),
    "invitation": ("You have been invited to TechCorp", "Hi {{ name }},\n\nset your password here: {{ base_url }}/invite\n"),
    "subscription_started": (
        "Your {{ plan }} subscription",
        "Thanks for subscribing to {{ plan }} ({{ seats }} seat(s)).\nInvoice {{ invoice_number }}: {{ total }}.\n",
    ),
    "invoice_issued": ("Invoice {{ number }}", "Your invoice {{ number }} over {{ total | money }} is due on {{ due_at | date }}.\n"),
    "invoice_paid": ("Payment received for {{ number }}", "We received {{ total | money }}. Thank you!\n"),
    "payment_failed": ("Payment failed for {{ number }}", "We could not charge your card ({{ code }}). We will retry.\n"),
    "payment_final_warning": (
        "Action needed: invoice {{ number }}",
        "This was our last attempt to charge your card. Please update your payment method.\n",
    ),
    "payment_reminder": ("Invoice {{ number }} is due soon", "Invoice {{ number }} is due on {{ due_at | date }}.\n"),
    "account_suspended": ("Your account has been suspended", "Invoice {{ number }} remains unpaid.\n"),
    "account_deactivated": ("Your account was deactivated", "If this wasn't you, contact support.\n"),
    "report_ready": (
        "Your report \"{{ report_name }}\" is ready",
        "Download it here (valid for 7 days): {{ base_url }}/reports/export?run_id={{ run_id }}\n",
    ),
    "login_alert": (None, "TechCorp: new sign-in from {{ ip }}. Not you? Reset your password."),
}


@dataclass(frozen=True)
class Rendered:
    subject: str | None
    body: str
    html: str | None


class TemplateNotFound(LookupError):
    pass


def _date(value: date | datetime | None, fmt: str = "%d %b %Y") -> str:
    return value.strftime(fmt) if value else ""


def _money(value: Any) -> str:
    return format_money(value) if value is not None else ""


_env = Environment(autoescape=select_autoescape(default=False), undefined=StrictUndefined, trim_blocks=True)
_env.filters["money"] = _money
_env.filters["date"] = _date
_env.globals["base_url"] = settings.base_url


def _source(session: Session | None, name: str, channel: str, locale: str) -> tuple[str | None, str]:
    if session is not None:
        override = session.scalar(
            select(NotificationTemplate).where(
                NotificationTemplate.name == name,
                NotificationTemplate.channel == channel,
                NotificationTemplate.locale.in_([locale, "en"]),
            ).order_by(NotificationTemplate.locale == "en")
        )
        if override is not None:
            return override.subject, override.body
    try:
        return BUILTIN[name]
    except KeyError:
        raise TemplateNotFound(name) from None


def _to_html(text: str) -> str:
    paragraphs = [p.replace("\n", "<br>") for p in text.strip().split("\n\n")]
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def render_template(
    name: str, context: dict[str, Any], *, channel: str = "email", locale: str = "en", session: Session | None = None
) -> Rendered:
    subject_src, body_src = _source(session, name, channel, locale)
    try:
        subject = _env.from_string(subject_src).render(**context) if subject_src else None
        body = _env.from_string(body_src).render(**context)
    except TemplateError as exc:
        raise ValueError(f"template {name!r} failed to render: {exc}") from exc
    html = _to_html(body) if channel == "email" else None
    return Rendered(subject=subject, body=body, html=html)
