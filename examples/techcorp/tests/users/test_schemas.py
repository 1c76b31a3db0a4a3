from __future__ import annotations

import pytest
from pydantic import ValidationError as PydanticError

from users.schemas import UserCreate, UserDetail
from utils.validation import ValidationError


def test_email_domain_is_lowercased():
    assert UserCreate(email="Ada@Example.COM").email == "Ada@example.com"


def test_invalid_email_is_rejected():
    with pytest.raises((ValidationError, PydanticError)):
        UserCreate(email="not-an-email")


def test_short_password_is_rejected():
    with pytest.raises(PydanticError):
        UserCreate(email="a@example.com", password="short")


def test_user_detail_flattens_roles():
    class FakeRole:
        name = "billing-admin"

    detail = UserDetail.model_validate(
        {
            "id": 1,
            "email": "a@example.com",
            "full_name": "",
            "status": "active",
            "organization_id": None,
            "team_id": None,
            "created_at": "2026-01-01T00:00:00Z",
            "roles": [FakeRole()],
        }
    )

    assert detail.roles == ["billing-admin"]
