"""Reading a source file: only a regular file, only up to the size limit."""

from __future__ import annotations

import os
from pathlib import Path

from coupling.discover.read import not_regular, read_source, too_large


def test_a_regular_file_within_the_limit_is_read(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_bytes(b"x = 1\n" * 1000)
    assert read_source(tmp_path / "a.py", 6000) == (b"x = 1\n" * 1000, "")


def test_a_file_above_the_limit_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_bytes(b"x" * 2_500_000)
    assert read_source(tmp_path / "a.py", 1_000_000) == (
        None,
        "2.5 MB, above max_file_size (1.0 MB): not read; raise max_file_size to read it",
    )


def test_a_fifo_is_not_waited_for(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "p.py")
    assert read_source(tmp_path / "p.py", 100) == (
        None,
        "a FIFO (named pipe), not a regular file: not read",
    )


def test_a_device_and_a_missing_file(tmp_path: Path) -> None:
    assert read_source(Path("/dev/zero"), 100)[1] == (
        "a character device, not a regular file: not read"
    )
    assert read_source(tmp_path / "gone.py", 100) == (
        None,
        "cannot read: No such file or directory",
    )


def test_modes_and_sizes() -> None:
    assert not_regular(0o100644) == ""
    assert not_regular(0o040755) == "a folder, not a regular file: not read"
    assert too_large(10, 10) == ""
    assert too_large(11, 10).startswith("11 bytes, above max_file_size (10 bytes)")
