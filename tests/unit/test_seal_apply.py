"""--apply writes every file of a seal or none (coupling/seal/apply.py)."""

from __future__ import annotations

import dataclasses
import stat
from dataclasses import replace
from pathlib import Path

import pytest

from coupling.errors import OutputError
from coupling.records import FileChange, SealPlan
from coupling.seal import apply_seal
from coupling.seal.apply import replace_all
from tests.seal_support import BILLING, plan_for, read_files, write_files

CALLERS = {
    "users/views.py": "import billing.models\n\nx = billing.models.Invoice()\n",
    "users/admin.py": "from billing.models import Status  # admin\n",
}


def _plan(root: Path) -> SealPlan:
    write_files(root, {**BILLING, **CALLERS})
    return plan_for(root)


def test_apply_writes_every_file_and_keeps_permissions(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    (tmp_path / "users/views.py").chmod(0o750)
    written = apply_seal(plan)
    assert [p.relative_to(tmp_path).as_posix() for p in written] == [
        "billing/__init__.py",
        "users/admin.py",
        "users/views.py",
    ]
    assert all(read_files(tmp_path)[c.file] == c.after for c in plan.changes)
    assert stat.S_IMODE((tmp_path / "users/views.py").stat().st_mode) == 0o750
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".seal-tmp")]


def test_a_file_changed_since_the_plan_stops_every_write(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    (tmp_path / "users/views.py").write_text("# edited meanwhile\n")
    before = read_files(tmp_path)
    with pytest.raises(OutputError) as caught:
        apply_seal(plan)
    assert str(caught.value) == (
        "users/views.py: changed since the seal was planned; nothing was written, run it again"
    )
    assert read_files(tmp_path) == before


def test_a_failure_while_writing_leaves_the_originals_and_no_temps(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    last = plan.changes[-1]
    # A lone surrogate cannot be written as UTF-8: the last temp fails after the others.
    broken = dataclasses.replace(plan, changes=(*plan.changes[:-1], replace(last, after="\ud800")))
    before = read_files(tmp_path)
    with pytest.raises(OutputError, match="nothing was changed"):
        apply_seal(broken)
    assert read_files(tmp_path) == before
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".seal-tmp")]


def test_a_failure_while_renaming_puts_back_what_was_replaced(tmp_path: Path) -> None:
    first, second = tmp_path / "a.py", tmp_path / "b.py"
    first.write_text("old a\n")
    second.write_text("old b\n")
    temp_a, temp_b = tmp_path / ".a.seal-tmp", tmp_path / ".b.seal-tmp"
    temp_a.write_text("new a\n")  # temp_b is never written: its rename fails
    moves = [
        (temp_a, FileChange("a.py", first, "old a\n", "new a\n")),
        (temp_b, FileChange("b.py", second, "old b\n", "new b\n")),
    ]
    with pytest.raises(FileNotFoundError):
        replace_all(moves)
    assert first.read_text() == "old a\n"
    assert second.read_text() == "old b\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.py", "b.py"]
