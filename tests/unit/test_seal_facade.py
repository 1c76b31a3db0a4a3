"""What the facade gains: the marked block, __all__ merged or created, and the clashes refused
(coupling/seal/facade.py, facade_plan.py, all_merge.py, verdicts.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coupling.records import RefusalKind
from tests.seal_support import dedent, plan_for, seal, seal_existing

CALLER = {"users/views.py": "from billing.models import Invoice, Status\n"}


def test_names_merge_into_an_existing_sorted_all_in_place(tmp_path: Path) -> None:
    facade = dedent(
        '''\
        """Billing."""
        from billing.services import charge

        __all__ = [
            "charge",  # the verb
            "zzz",
        ]
        zzz = 1
        '''
    )
    sealed = seal(tmp_path, {**CALLER, "billing/__init__.py": facade})
    assert sealed.after["billing/__init__.py"] == dedent(
        '''\
        """Billing."""
        from billing.services import charge

        __all__ = [
            "Invoice",
            "Status",
            "charge",  # the verb
            "zzz",
        ]
        zzz = 1

        # --- coupling seal: re-exports (generated) ---
        from .models import Invoice
        from .models import Status
        # --- end ---
        '''
    )


def test_names_append_to_an_unsorted_tuple(tmp_path: Path) -> None:
    facade = "__all__ = ('zzz', 'aaa')\nzzz = aaa = 1\n"
    sealed = seal(tmp_path, {**CALLER, "billing/__init__.py": facade})
    assert sealed.after["billing/__init__.py"].startswith(
        "__all__ = ('zzz', 'aaa', 'Invoice', 'Status')\nzzz = aaa = 1\n"
    )


def test_a_computed_all_refuses_new_names(tmp_path: Path) -> None:
    facade = "from billing.services import charge\n\n__all__ = ['charge'] + []\n"
    sealed = seal(tmp_path, {**CALLER, "billing/__init__.py": facade})
    assert sealed.after == sealed.before
    assert set(sealed.kinds()) == {RefusalKind.COMPUTED_ALL}
    assert "the facade billing computes __all__ (line 3)" in sealed.messages()[0]


def test_a_name_the_facade_binds_to_something_else_is_a_clash(tmp_path: Path) -> None:
    facade = "class Invoice:\n    pass\n"
    sealed = seal(
        tmp_path,
        {"billing/__init__.py": facade, "users/views.py": "from billing.models import Invoice\n"},
    )
    assert sealed.after == sealed.before
    assert sealed.messages() == [
        "users/views.py:1: the facade billing already binds Invoice (line 1) to something "
        "other than billing.models.Invoice"
    ]


def test_a_name_the_facade_already_reexports_needs_no_new_line(tmp_path: Path) -> None:
    facade = "from .models import Invoice\n"
    sealed = seal(
        tmp_path,
        {"billing/__init__.py": facade, "users/views.py": "from billing.models import Invoice\n"},
    )
    assert sealed.after["users/views.py"] == "from billing import Invoice\n"
    assert sealed.plan.reexports == ()
    assert sealed.after["billing/__init__.py"] == facade + dedent(
        """
        # --- coupling seal: re-exports (generated) ---
        __all__ = [
            "Invoice",
        ]
        # --- end ---
        """
    )


def test_two_deep_modules_exporting_different_objects_of_one_name_clash(tmp_path: Path) -> None:
    files = {
        "billing/enums.py": "class Status:\n    pass\n",
        "users/views.py": "from billing.models import Status\n",
        "users/admin.py": "from billing.enums import Status\n",
    }
    sealed = seal(tmp_path, files)
    assert sealed.after == sealed.before
    assert set(sealed.kinds()) == {RefusalKind.CLASH}
    assert (
        "two modules behind the facade export different objects named Status"
        in sealed.messages()[0]
    )


def test_one_object_reached_through_two_modules_is_reexported_once(tmp_path: Path) -> None:
    files = {
        "billing/enums.py": "from billing.models import Status\n",
        "users/views.py": "from billing.models import Status\n",
        "users/admin.py": "from billing.enums import Status\n",
    }
    sealed = seal(tmp_path, files)
    assert (
        sealed.after["users/views.py"]
        == sealed.after["users/admin.py"]
        == "from billing import Status\n"
    )
    assert [r.line for r in sealed.plan.reexports] == ["from .models import Status"]


def test_a_name_that_is_also_a_submodule_is_a_clash(tmp_path: Path) -> None:
    files = {
        "billing/models.py": "def services() -> None:\n    pass\n",
        "users/views.py": "from billing.models import services\n",
    }
    sealed = seal(tmp_path, files)
    assert sealed.after == sealed.before
    assert "services is also a submodule of billing" in sealed.messages()[0]


def test_a_block_edited_by_hand_is_refused(tmp_path: Path) -> None:
    sealed = seal(tmp_path, {"users/views.py": "from billing.models import Invoice\n"})
    facade = tmp_path / "billing/__init__.py"
    facade.write_text(facade.read_text().replace("# --- end ---", "print('hi')\n# --- end ---"))
    (tmp_path / "users/admin.py").write_text("from billing.models import Status\n")
    again = plan_for(sealed.root)
    assert again.changes == ()
    assert "the facade's generated block was edited by hand" in str(again.refusals[0])


def test_a_facade_that_star_imports_gets_no_new_all(tmp_path: Path) -> None:
    facade = "from .services import *\n"
    sealed = seal(
        tmp_path,
        {"billing/__init__.py": facade, "users/views.py": "from billing.models import Invoice\n"},
    )
    assert sealed.after["billing/__init__.py"] == facade + dedent(
        """
        # --- coupling seal: re-exports (generated) ---
        from .models import Invoice
        # --- end ---
        """
    )
    assert sealed.kinds() == [RefusalKind.STAR]


def test_a_facade_star_imported_elsewhere_gets_no_new_all(tmp_path: Path) -> None:
    files = {
        "users/views.py": "from billing.models import Invoice\n",
        "users/all.py": "from billing import *\n",
    }
    sealed = seal(tmp_path, files)
    assert "__all__" not in sealed.after["billing/__init__.py"]
    assert "users/all.py:1 star-imports the facade" in sealed.messages()[0]


def test_a_later_run_adds_new_names_to_the_block_in_order(tmp_path: Path) -> None:
    sealed = seal(tmp_path, {"users/views.py": "from billing.models import Status\n"})
    (tmp_path / "users/admin.py").write_text(
        "from billing.models import Invoice\nfrom billing.services import charge\n"
    )
    again = seal_existing(tmp_path, "billing")
    assert again.after["billing/__init__.py"] == dedent(
        '''\
        """Billing."""

        # --- coupling seal: re-exports (generated) ---
        from .models import Invoice
        from .models import Status
        from .services import charge
        __all__ = [
            "Invoice",
            "Status",
            "charge",
        ]
        # --- end ---
        '''
    )
    assert not plan_for(sealed.root).changes


def test_windows_line_endings_are_kept(tmp_path: Path) -> None:
    files = {
        "billing/__init__.py": '"""Billing."""\r\n',
        "users/views.py": "import os\r\nfrom billing.models import Invoice\r\n",
    }
    sealed = seal(tmp_path, files)
    assert sealed.after["users/views.py"] == "import os\r\nfrom billing import Invoice\r\n"
    assert sealed.after["billing/__init__.py"].count("\r\n") == sealed.after[
        "billing/__init__.py"
    ].count("\n")


@pytest.mark.parametrize(
    ("literal", "merged"),
    [
        # An annotated __all__, written on one line: the names go in order, in its style.
        ('__all__: list[str] = ["zzz"]\n', '__all__: list[str] = ["Invoice", "Status", "zzz"]\n'),
        ("__all__ = []\n", '__all__ = ["Invoice", "Status"]\n'),
        # One element a line, a comment after the last one: it stays on that element's line.
        (
            "__all__ = (\n    'aaa',\n    'zzz',  # last\n)\n",
            "__all__ = (\n    'Invoice',\n    'Status',\n    'aaa',\n    'zzz',  # last\n)\n",
        ),
        (
            "__all__ = [\n    'zzz',\n    'aaa'  # last\n]\n",
            "__all__ = [\n    'zzz',\n    'aaa',  # last\n    'Invoice',\n    'Status'\n]\n",
        ),
    ],
)
def test_names_merge_into_a_literal_all_in_its_own_style(
    tmp_path: Path, literal: str, merged: str
) -> None:
    code = "aaa = zzz = 1\n\n\ndef f() -> None:\n    __all__ = []\n\n\nclass C:\n    __all__ = []\n"
    sealed = seal(tmp_path, {**CALLER, "billing/__init__.py": literal + code})
    assert sealed.after["billing/__init__.py"].startswith(merged + code)
    assert sealed.plan.refusals == ()
