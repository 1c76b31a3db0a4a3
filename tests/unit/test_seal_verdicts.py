"""Names the facade will not serve: private ones, and any when the facade cannot be read
(coupling/seal/verdicts.py)."""

from __future__ import annotations

from pathlib import Path

from coupling.records import RefusalKind
from tests.seal_support import seal


def test_private_names_are_not_published(tmp_path: Path) -> None:
    sealed = seal(tmp_path, {"users/views.py": "from billing.models import _secret\n"})
    assert sealed.after == sealed.before
    assert sealed.kinds() == [RefusalKind.PRIVATE]


def test_a_facade_that_does_not_parse_refuses_every_name(tmp_path: Path) -> None:
    files = {
        "billing/__init__.py": "def (:\n",
        "users/views.py": "from billing.models import Invoice\n",
        "users/admin.py": "import billing.models as bm\n\nx = bm.Status\n",
    }
    sealed = seal(tmp_path, files)
    assert sealed.after == sealed.before
    assert [(r.file, r.kind) for r in sealed.plan.refusals] == [
        ("users/admin.py", RefusalKind.PARSE),
        ("users/views.py", RefusalKind.PARSE),
    ]
    assert sealed.messages()[1].startswith(
        "users/views.py:1: the facade billing/__init__.py cannot be parsed: invalid syntax"
    )
