from __future__ import annotations

import pytest

from utils.validation import ValidationError, country_code, normalize_email, sanitize_filename, slugify, validate_phone


def test_normalize_email():
    assert normalize_email("  Ada@EXAMPLE.com ") == "Ada@example.com"


def test_phone_e164():
    assert validate_phone("+49 151 1234-5678") == "+4915112345678"
    with pytest.raises(ValidationError):
        validate_phone("0151 12345678")


def test_slugify_strips_accents():
    assert slugify("Zürich Büro – Team A") == "zurich-buro-team-a"


def test_sanitize_filename():
    assert sanitize_filename("../../etc/passwd") == "etc_passwd"
    assert sanitize_filename("///") == "export"


def test_country_code():
    assert country_code(" de ") == "DE"
    with pytest.raises(ValidationError) as err:
        country_code("Germany")
    assert err.value.to_dict()["loc"] == ["body", "country"]
