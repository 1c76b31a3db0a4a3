"""Reports land whole or not at all, and only inside the output folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from coupling.errors import OutputError
from coupling.render.write import write_reports


def test_writes_every_report_and_no_temp_files(tmp_path: Path) -> None:
    written = write_reports(tmp_path / "a" / "b", {"x.md": "one\n", "y.json": "{}\n"})
    assert [p.name for p in written] == ["x.md", "y.json"]
    assert sorted(p.name for p in (tmp_path / "a" / "b").iterdir()) == ["x.md", "y.json"]
    assert (tmp_path / "a" / "b" / "x.md").read_text() == "one\n"
    assert oct((tmp_path / "a" / "b" / "x.md").stat().st_mode & 0o777) == "0o644"


def test_an_output_path_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("")
    with pytest.raises(OutputError, match="exists and is not a folder"):
        write_reports(tmp_path / "out", {"x.md": ""})


def test_a_report_name_taken_by_a_folder_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("old\n")
    (tmp_path / "b.md").mkdir()
    with pytest.raises(OutputError, match=r"b\.md: is a folder"):
        write_reports(tmp_path, {"a.md": "new\n", "b.md": "new\n"})
    assert (tmp_path / "a.md").read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md"]


def test_report_names_cannot_escape_the_folder(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="one folder at most"):
        write_reports(tmp_path / "out", {"../evil.md": ""})
    assert not (tmp_path / "evil.md").exists()


def test_undecodable_file_names_do_not_stop_the_write(tmp_path: Path) -> None:
    write_reports(tmp_path, {"x.md": "bad \udcff name\n"})
    assert (tmp_path / "x.md").read_text() == "bad \\udcff name\n"


def _failing_on(name: str, monkeypatch: pytest.MonkeyPatch, *, restore_fails: bool = False) -> None:
    """Renames onto `name` fail (as onto an immutable file); with `restore_fails`, putting
    an old version back fails too."""
    real = Path.replace

    def replace(self: Path, target: str | os.PathLike[str]) -> Path:
        final = Path(target)
        if final.name == name or (restore_fails and self.name.endswith(".bak")):
            raise PermissionError(1, "Operation not permitted")
        return real(self, target)

    monkeypatch.setattr(Path, "replace", replace)


def test_a_rename_that_fails_puts_back_those_already_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a.md", "b.md", "d.md"):
        (tmp_path / name).write_text(f"old {name}\n")
    _failing_on("d.md", monkeypatch)
    with pytest.raises(OutputError) as raised:
        write_reports(tmp_path, dict.fromkeys(("a.md", "b.md", "c.md", "d.md"), "new\n"))
    assert str(raised.value) == (
        f"{tmp_path}: cannot write reports (d.md: Operation not permitted); nothing was changed"
    )
    assert {p.name: p.read_text() for p in tmp_path.iterdir()} == {
        "a.md": "old a.md\n",
        "b.md": "old b.md\n",
        "d.md": "old d.md\n",
    }


def test_a_restore_that_fails_says_which_reports_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text("old\n")
    _failing_on("b.md", monkeypatch, restore_fails=True)
    with pytest.raises(OutputError, match=r"a\.md already replaced and could not be put back"):
        write_reports(tmp_path, {"a.md": "new\n", "b.md": "new\n"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md"]


def test_a_report_that_cannot_be_kept_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.md").write_text("old\n")

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "link", refuse)
    monkeypatch.setattr(shutil, "copy2", refuse)
    with pytest.raises(OutputError, match=r"No space left on device.*nothing was changed"):
        write_reports(tmp_path, {"a.md": "new\n"})
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]
    assert (tmp_path / "a.md").read_text() == "old\n"
