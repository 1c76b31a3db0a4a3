"""JWT access/refresh tokens and signed one-off tokens (email verification)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

import jwt

from utils.config import settings
from utils.dates import utcnow

ISSUER = "techcorp"
ACCESS = "access"
REFRESH = "refresh"
EMAIL_VERIFY = "email_verify"
EMAIL_VERIFY_TTL = timedelta(days=3)


class TokenError(Exception):
    """Token is malformed, expired, or of the wrong type."""


def _encode(claims: dict[str, Any], ttl: timedelta) -> str:
    now = utcnow()
    payload = {"iss": ISSUER, "iat": now, "nbf": now, "exp": now + ttl, **claims}
    return jwt.encode(payload, settings.jwt_secret, algorithm=settings.jwt_algorithm)


def create_access_token(user_id: int, scopes: list[str] | None = None, session_id: int | None = None) -> str:
    claims: dict[str, Any] = {"sub": str(user_id), "typ": ACCESS, "scp": " ".join(scopes or [])}
    if session_id is not None:
        claims["sid"] = session_id
    return _encode(claims, timedelta(seconds=settings.access_token_ttl_s))


def create_refresh_token() -> tuple[str, str]:
    """Opaque refresh token and the hash we store (never the token itself)."""
    token = secrets.token_urlsafe(48)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def decode_token(token: str, expected_type: str = ACCESS) -> dict[str, Any]:
    try:
        claims = jwt.decode(
            token,
            settings.jwt_secret,
            algorithms=[settings.jwt_algorithm],
            issuer=ISSUER,
            options={"require": ["exp", "sub", "typ"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise TokenError("token expired") from exc
    except jwt.InvalidTokenError as exc:
        raise TokenError("invalid token") from exc
    if claims.get("typ") != expected_type:
        raise TokenError(f"expected a {expected_type} token")
    claims["sub"] = int(claims["sub"])
    return claims


def make_email_verification_token(user_id: int, email: str) -> str:
    return _encode({"sub": str(user_id), "typ": EMAIL_VERIFY, "email": email}, EMAIL_VERIFY_TTL)


def verify_email_token(token: str) -> dict[str, Any] | None:
    """Claims of a valid verification token, or ``None``."""
    try:
        return decode_token(token, expected_type=EMAIL_VERIFY)
    except TokenError:
        return None
