"""Delivery backends.

Backends are configured by dotted path in :data:`CHANNEL_BACKENDS` and loaded
at start-up, so a deployment can swap SES for a fake without code changes
(``TECHCORP_NOTIFICATION_BACKENDS`` in staging points at a logging backend).
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from utils.config import settings

if TYPE_CHECKING:
    from twilio.rest import Client as TwilioClient

log = logging.getLogger(__name__)

CHANNEL_BACKENDS = [
    "notifications.channels.EmailChannel",
    "notifications.channels.SmsChannel",
]


@dataclass(frozen=True)
class Message:
    to: str
    subject: str | None
    body: str
    html: str | None = None


@dataclass(frozen=True)
class DeliveryResult:
    ok: bool
    provider_message_id: str | None = None
    error: str | None = None


class Channel(Protocol):
    name: str

    def send(self, message: Message) -> DeliveryResult: ...


class EmailChannel:
    name = "email"

    def __init__(self) -> None:
        self._ses = boto3.client("ses", region_name=settings.aws_region)

    def send(self, message: Message) -> DeliveryResult:
        body: dict[str, dict[str, str]] = {"Text": {"Data": message.body, "Charset": "UTF-8"}}
        if message.html:
            body["Html"] = {"Data": message.html, "Charset": "UTF-8"}
        try:
            response = self._ses.send_email(
                Source=settings.ses_sender,
                Destination={"ToAddresses": [message.to]},
                Message={"Subject": {"Data": message.subject or "", "Charset": "UTF-8"}, "Body": body},
            )
        except (BotoCoreError, ClientError) as exc:
            log.warning("SES send failed: %s", exc)
            return DeliveryResult(ok=False, error=str(exc)[:500])
        return DeliveryResult(ok=True, provider_message_id=response["MessageId"])


class SmsChannel:
    name = "sms"

    def __init__(self) -> None:
        self._client: TwilioClient | None = None

    def _twilio(self) -> TwilioClient:
        if self._client is None:
            # twilio is an optional extra; only workers that send SMS install it.
            twilio_rest = importlib.import_module("twilio.rest")
            self._client = twilio_rest.Client(settings.twilio_account_sid, settings.twilio_auth_token)
        return self._client

    def send(self, message: Message) -> DeliveryResult:
        if not settings.twilio_account_sid:
            return DeliveryResult(ok=False, error="sms not configured")
        try:
            sms = self._twilio().messages.create(to=message.to, from_=settings.twilio_from_number, body=message.body[:1600])
        except Exception as exc:  # noqa: BLE001 - twilio raises a zoo of exceptions
            log.warning("Twilio send failed: %s", exc)
            return DeliveryResult(ok=False, error=str(exc)[:500])
        return DeliveryResult(ok=True, provider_message_id=sms.sid)


def _load(path: str) -> Channel:
    module_name, _, class_name = path.rpartition(".")
    module = importlib.import_module(module_name)
    return getattr(module, class_name)()


_backends: dict[str, Channel] | None = None


def backends() -> dict[str, Channel]:
    """Instantiate the configured backends once, keyed by channel name."""
    global _backends
    if _backends is None:
        loaded = [_load(path) for path in CHANNEL_BACKENDS]
        _backends = {backend.name: backend for backend in loaded}
    return _backends


def get_channel(name: str) -> Channel:
    try:
        return backends()[name]
    except KeyError:
        raise LookupError(f"no backend configured for channel {name!r}") from None
