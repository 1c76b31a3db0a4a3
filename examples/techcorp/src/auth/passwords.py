"""Password hashing (bcrypt via passlib) and strength rules."""

from __future__ import annotations

import re

from passlib.context import CryptContext

from utils.config import settings
from utils.validation import ValidationError

# argon2 is listed first for new hashes once we have the C extension in the base
# image; bcrypt stays for existing hashes and is upgraded on next login.
_context = CryptContext(
    schemes=["bcrypt"],
    deprecated="auto",
    bcrypt__rounds=settings.bcrypt_rounds,
)

_COMMON = {
    "password1234",
    "qwertyuiop12",
    "letmein12345",
    "techcorp2025!",
    "welcome12345",
}


def hash_password(password: str) -> str:
    check_strength(password)
    return _context.hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    try:
        return _context.verify(password, password_hash)
    except (ValueError, TypeError):
        # Malformed hash in the database: treat as a failed login, never a 500.
        return False


def needs_rehash(password_hash: str) -> bool:
    return _context.needs_update(password_hash)


def check_strength(password: str) -> None:
    """Raise :class:`ValidationError` for weak passwords.

    NIST 800-63B style: length over composition rules, plus a small deny list.
    """
    if len(password) < settings.password_min_length:
        raise ValidationError(
            f"password must be at least {settings.password_min_length} characters",
            field="password",
        )
    if password.lower() in _COMMON:
        raise ValidationError("password is too common", field="password")
    if re.fullmatch(r"(.)\1+", password):
        raise ValidationError("password must not repeat a single character", field="password")
