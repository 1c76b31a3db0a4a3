"""Reports land whole or not at all, and only inside the output folder."""

from __future__ import annotations

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
