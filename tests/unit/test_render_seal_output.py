"""`coupling seal` output: the unified diff and the summary (coupling/render/seal_output.py)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from coupling.records import FileChange, SealPlan
from coupling.render.seal_output import render_seal_diff, render_seal_summary
from tests.seal_support import BILLING, dedent, plan_for, write_files

CALLERS = {
    "users/views.py": "import billing.models\n\nx = billing.models.Invoice()\n",
    "users/admin.py": "from billing.models import Status  # admin\n",
    "users/settings.py": 'PATH = "billing.models.Status"\n',
}


def _plan(root: Path) -> SealPlan:
    write_files(root, {**BILLING, **CALLERS})
    return plan_for(root)


def test_the_diff_shows_every_changed_file(tmp_path: Path) -> None:
    assert render_seal_diff(_plan(tmp_path)) == dedent(
        '''\
        --- a/billing/__init__.py
        +++ b/billing/__init__.py
        @@ -1 +1,10 @@
         """Billing."""
        +
        +# --- coupling seal: re-exports (generated) ---
        +from .models import Invoice
        +from .models import Status
        +__all__ = [
        +    "Invoice",
        +    "Status",
        +]
        +# --- end ---
        --- a/users/admin.py
        +++ b/users/admin.py
        @@ -1 +1 @@
        -from billing.models import Status  # admin
        +from billing import Status  # admin
        --- a/users/views.py
        +++ b/users/views.py
        @@ -1,3 +1,3 @@
        -import billing.models
        +import billing
        SPACE
        -x = billing.models.Invoice()
        +x = billing.Invoice()
        '''
    ).replace("SPACE", " ")


def test_the_summary_counts_and_lists_everything(tmp_path: Path) -> None:
    assert render_seal_summary(_plan(tmp_path), applied=False) == dedent(
        """\
        coupling seal: would seal billing behind billing (billing/__init__.py)
          imports rewritten: 2 (2 at module level, 0 inside functions, 0 under TYPE_CHECKING); 1 use of a module's name rewritten
          names added to the facade: 2
            from .models import Invoice
            from .models import Status
          files touched: 3
            billing/__init__.py
            users/admin.py
            users/views.py
          refused: 1 (string 1)
            users/settings.py:1: the string "billing.models.Status" names billing.models, behind the facade; strings are not rewritten (check mock.patch targets, settings and lazy imports by hand)
        Nothing was written: run again with --apply to write these changes.
        """
    )


def test_a_summary_with_nothing_to_change_says_so(tmp_path: Path) -> None:
    write_files(tmp_path, {**BILLING, "users/views.py": "from billing import Invoice\n"})
    summary = render_seal_summary(plan_for(tmp_path), applied=True)
    assert summary.startswith(
        "coupling seal: sealed billing behind billing (billing/__init__.py)\n"
    )
    assert summary.endswith("  refused: 0\nNothing to change: no import past billing can move.\n")


def test_a_diff_marks_a_missing_final_newline(tmp_path: Path) -> None:
    change = FileChange("x.py", tmp_path / "x.py", "a = 1", "a = 2")
    plan = dataclasses.replace(_plan(tmp_path), changes=(change,))
    assert render_seal_diff(plan).endswith("+a = 2\n\\ No newline at end of file\n")
