"""Pydantic request/response models for the users API."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from utils.pagination import Page
from utils.validation import normalize_email

from .models import UserStatus


class AddressIn(BaseModel):
    kind: str = Field("billing", pattern="^(billing|shipping)$")
    line1: str = Field(..., max_length=200)
    line2: str | None = Field(None, max_length=200)
    city: str
    postal_code: str
    region: str | None = None
    country: str = Field(..., min_length=2, max_length=2)
    is_default: bool = False


class AddressOut(AddressIn):
    model_config = ConfigDict(from_attributes=True)

    id: int


class UserCreate(BaseModel):
    email: str
    full_name: str = Field("", max_length=200)
    password: str | None = Field(None, min_length=12)
    organization_id: int | None = None
    team_id: int | None = None

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        return normalize_email(value)


class UserUpdate(BaseModel):
    full_name: str | None = Field(None, max_length=200)
    phone: str | None = None
    team_id: int | None = None


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    full_name: str
    status: UserStatus
    organization_id: int | None
    team_id: int | None
    plan_code: str | None = None
    created_at: datetime
    last_login_at: datetime | None = None


class UserDetail(UserOut):
    addresses: list[AddressOut] = []
    roles: list[str] = []

    @field_validator("roles", mode="before")
    @classmethod
    def _role_names(cls, value: object) -> list[str]:
        return [getattr(role, "name", role) for role in value or []]  # type: ignore[union-attr]


class UserPage(Page[UserOut]):
    pass


class PreferencesOut(BaseModel):
    values: dict[str, str]
