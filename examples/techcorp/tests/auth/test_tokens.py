from __future__ import annotations

from datetime import timedelta

import pytest

from auth import tokens


def test_access_token_round_trip():
    token = tokens.create_access_token(42, scopes=["users:read"], session_id=7)

    claims = tokens.decode_token(token)

    assert claims["sub"] == 42
    assert claims["sid"] == 7
    assert claims["scp"] == "users:read"


def test_wrong_token_type_is_rejected():
    token = tokens.make_email_verification_token(1, "a@example.com")

    with pytest.raises(tokens.TokenError):
        tokens.decode_token(token, expected_type=tokens.ACCESS)


def test_expired_token_is_rejected(monkeypatch):
    token = tokens._encode({"sub": "1", "typ": tokens.ACCESS}, timedelta(seconds=-1))

    with pytest.raises(tokens.TokenError, match="expired"):
        tokens.decode_token(token)


def test_tampered_token_is_rejected():
    token = tokens.create_access_token(1)

    with pytest.raises(tokens.TokenError):
        tokens.decode_token(token[:-2] + "xx")


def test_email_verification_token():
    token = tokens.make_email_verification_token(5, "b@example.com")

    assert tokens.verify_email_token(token)["email"] == "b@example.com"
    assert tokens.verify_email_token("garbage") is None


def test_refresh_token_hash_is_stable_and_not_the_token():
    token, digest = tokens.create_refresh_token()

    assert digest == tokens.hash_token(token)
    assert token not in digest
