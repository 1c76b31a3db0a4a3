from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from users.models import User


def charge(user: User) -> None:
    pass
