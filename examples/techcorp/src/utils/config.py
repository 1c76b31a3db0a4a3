"""Application settings.

Values come from the environment (prefix ``TECHCORP_``) and, in development,
from a ``.env`` file next to the process. Everything that differs between
environments lives here so that the rest of the code never reads ``os.environ``.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Literal

from pydantic import Field, PostgresDsn, RedisDsn, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Environment = Literal["development", "test", "staging", "production"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="TECHCORP_",
        env_file=".env",
        env_nested_delimiter="__",
        extra="ignore",
    )

    environment: Environment = "development"
    base_url: str = "http://localhost:8000"

    # --- database -----------------------------------------------------------
    database_url: PostgresDsn = Field(
        default="postgresql+psycopg://techcorp:techcorp@localhost:5432/techcorp"
    )
    # Reporting reads from a replica when one is configured (see reporting.queries).
    reporting_database_url: PostgresDsn | None = None
    db_pool_size: int = 10
    db_pool_timeout_s: int = 30
    db_echo: bool = False

    # --- cache --------------------------------------------------------------
    redis_url: RedisDsn | None = None
    cache_default_ttl_s: int = 300

    # --- auth ---------------------------------------------------------------
    jwt_secret: str = "change-me"
    jwt_algorithm: str = "HS256"
    access_token_ttl_s: int = 15 * 60
    refresh_token_ttl_s: int = 30 * 24 * 3600
    password_min_length: int = 12
    bcrypt_rounds: int = 12
    max_failed_logins: int = 5

    # --- billing ------------------------------------------------------------
    stripe_api_key: str = ""
    stripe_webhook_secret: str = ""
    default_currency: str = "EUR"
    # VAT/GST rates by ISO country code; anything missing falls back to 0.
    tax_rates: dict[str, Decimal] = Field(
        default_factory=lambda: {
            "DE": Decimal("0.19"),
            "FR": Decimal("0.20"),
            "NL": Decimal("0.21"),
            "ES": Decimal("0.21"),
            "GB": Decimal("0.20"),
            "CH": Decimal("0.081"),
        }
    )
    dunning_retry_days: tuple[int, ...] = (3, 7, 14)
    invoice_due_days: int = 14

    # --- notifications ------------------------------------------------------
    aws_region: str = "eu-west-1"
    ses_sender: str = "TechCorp <no-reply@techcorp.io>"
    twilio_account_sid: str = ""
    twilio_auth_token: str = ""
    twilio_from_number: str = ""
    notification_max_attempts: int = 5

    # --- reporting ----------------------------------------------------------
    report_export_dir: str = "/var/lib/techcorp/exports"
    report_max_rows: int = 250_000
    report_timezone: str = "Europe/Berlin"

    @field_validator("default_currency")
    @classmethod
    def _upper_currency(cls, value: str) -> str:
        return value.upper()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Build settings once per process."""
    return Settings()


settings = get_settings()
