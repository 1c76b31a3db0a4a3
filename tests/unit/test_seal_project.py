"""What the seal reads from coupling's graph: the unit and its facade (or a one-line error),
the files and their text, and what cannot be read (coupling/seal/project.py, plan.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coupling.errors import InputError
from coupling.records import RefusalKind
from tests.seal_support import BILLING, plan_for, seal, write_files


def test_an_unknown_unit_names_the_closest_units(tmp_path: Path) -> None:
    write_files(tmp_path, {**BILLING, "billings_report/__init__.py": "x = 1\n"})
    with pytest.raises(InputError) as caught:
        plan_for(tmp_path, "biling")
    assert str(caught.value) == (
        ".: no unit 'biling' here; closest: billing, billings_report; "
        "units: billing, billings_report, users"
    )


def test_the_scanned_package_s_own_init_is_no_unit_to_seal(tmp_path: Path) -> None:
    write_files(tmp_path, {"shop/__init__.py": "x = 1\n", "shop/billing/__init__.py": ""})
    with pytest.raises(InputError, match=r"^\.: no unit '__init__' here; units: billing$"):
        plan_for(tmp_path / "shop", "__init__")


@pytest.mark.parametrize("facade", ["billing.api", "api"])
def test_a_facade_is_named_in_full_or_below_the_unit(tmp_path: Path, facade: str) -> None:
    sealed = seal(
        tmp_path,
        {"billing/api.py": "", "users/views.py": "from billing.models import Invoice\n"},
        facade=facade,
    )
    assert sealed.after["users/views.py"] == "from billing.api import Invoice\n"


def test_a_facade_that_is_no_module_of_the_unit_is_an_error(tmp_path: Path) -> None:
    write_files(tmp_path, BILLING)
    with pytest.raises(InputError) as caught:
        plan_for(tmp_path, facade="users")
    assert str(caught.value) == (
        "--facade users: no such module in billing; its modules include billing, "
        "billing.models, billing.services"
    )


def test_a_unit_without_an_init_is_an_error_naming_the_file_to_create(tmp_path: Path) -> None:
    files = {
        "billing/models.py": "class Invoice:\n    pass\n",
        "users/__init__.py": "",
        "users/views.py": "from billing.models import Invoice\n",
    }
    write_files(tmp_path, files)
    with pytest.raises(InputError) as caught:
        plan_for(tmp_path)
    assert str(caught.value) == (
        ".: billing is a folder without __init__.py (a namespace package): create "
        "billing/__init__.py to be its facade, or pass --facade MODULE"
    )
    assert plan_for(tmp_path, facade="billing.models").changes == ()  # nothing is past it


def test_a_file_that_does_not_parse_is_refused_and_the_rest_is_sealed(tmp_path: Path) -> None:
    files = {
        "users/broken.py": "from billing.models import Invoice\ndef (:\n",
        "users/views.py": "from billing.models import Invoice\n",
    }
    sealed = seal(tmp_path, files)
    assert sealed.after["users/broken.py"] == files["users/broken.py"]
    assert sealed.after["users/views.py"] == "from billing import Invoice\n"
    assert [(r.file, r.line, r.kind) for r in sealed.plan.refusals] == [
        ("users/broken.py", 2, RefusalKind.PARSE)
    ]
    assert sealed.messages()[0].startswith("users/broken.py:2: cannot parse: invalid syntax")


def test_a_file_that_is_not_utf8_is_refused_when_it_may_name_the_unit(tmp_path: Path) -> None:
    write_files(tmp_path, {**BILLING, "users/views.py": "from billing.models import Invoice\n"})
    (tmp_path / "users/latin.py").write_bytes(b"from billing.models import Invoice  # caf\xe9\n")
    (tmp_path / "users/other.py").write_bytes(b"# caf\xe9\n")
    plan = plan_for(tmp_path)
    assert [str(r) for r in plan.refusals] == [
        "users/latin.py:1: is not UTF-8 (invalid continuation byte); the file is left alone"
    ]
    assert [c.file for c in plan.changes] == ["billing/__init__.py", "users/views.py"]


def test_test_folders_beside_path_are_rewritten_with_tests_only(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            **{f"src/{rel}": text for rel, text in BILLING.items()},
            "tests/test_billing.py": "from billing.models import Invoice\n",
        },
    )
    assert plan_for(tmp_path / "src", cwd=tmp_path).changes == ()
    plan = plan_for(tmp_path / "src", tests=True, cwd=tmp_path)
    assert [c.file for c in plan.changes] == ["src/billing/__init__.py", "tests/test_billing.py"]
