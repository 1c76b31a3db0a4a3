from __future__ import annotations

import pytest

from auth.passwords import check_strength, hash_password, needs_rehash, verify_password
from utils.validation import ValidationError


def test_hash_and_verify():
    hashed = hash_password("a long enough passphrase")

    assert verify_password("a long enough passphrase", hashed)
    assert not verify_password("a different passphrase", hashed)


def test_malformed_hash_never_raises():
    assert verify_password("whatever password", "not-a-hash") is False


@pytest.mark.parametrize("password", ["short", "password1234", "aaaaaaaaaaaaaaaa"])
def test_weak_passwords(password):
    with pytest.raises(ValidationError):
        check_strength(password)


def test_fresh_hash_needs_no_rehash():
    assert not needs_rehash(hash_password("another long passphrase"))
