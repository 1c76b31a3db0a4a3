"""Users, teams and organizations.

Other units should prefer this facade over reaching into ``users.models``
(they mostly don't, see ``coupling explain users``).
"""

from .models import Organization, Team, User
from .service import create_user, deactivate_user, get_user, get_user_by_email

__all__ = [
    "Organization",
    "Team",
    "User",
    "create_user",
    "deactivate_user",
    "get_user",
    "get_user_by_email",
]
