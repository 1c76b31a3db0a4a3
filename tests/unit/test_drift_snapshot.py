"""Exporting a revision: only files and folders, each inside the target folder."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

from coupling.drift.snapshot import _extract


def _archive() -> io.BytesIO:
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w") as archive:
        for name, kind in [
            ("src/", tarfile.DIRTYPE),
            ("src/app.py", tarfile.REGTYPE),
            ("src/link.py", tarfile.SYMTYPE),
            ("/etc/evil.py", tarfile.REGTYPE),
            ("../escape.py", tarfile.REGTYPE),
        ]:
            member = tarfile.TarInfo(name)
            member.type = kind
            body = b"X = 1\n" if kind == tarfile.REGTYPE else b""
            member.size = len(body)
            if kind == tarfile.SYMTYPE:
                member.linkname = "/etc/passwd"
            archive.addfile(member, io.BytesIO(body))
    data.seek(0)
    return data


def test_only_files_and_folders_inside_the_target_are_extracted(tmp_path: Path) -> None:
    into = tmp_path / "into"
    into.mkdir()
    with tarfile.open(fileobj=_archive(), mode="r|") as archive:
        _extract(archive, into)
    assert (into / "src" / "app.py").read_text() == "X = 1\n"
    assert not (into / "src" / "link.py").is_symlink()
    assert not (tmp_path / "escape.py").exists()
    assert sorted(p.relative_to(into).as_posix() for p in into.rglob("*")) == ["src", "src/app.py"]


def test_only_what_a_scan_reads_is_written(tmp_path: Path) -> None:
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w") as archive:
        for name in [
            "src/",
            "src/app/",
            "src/app/locale/",
            "src/app/locale/fr.po",
            "src/app/core.py",
            "src/app/core.pyi",
            "src/app/tach.toml",
            "docs/",
            "docs/metrics.json",
            "docs/other.json",
            "empty/",
        ]:
            member = tarfile.TarInfo(name)
            member.type = tarfile.DIRTYPE if name.endswith("/") else tarfile.REGTYPE
            archive.addfile(member, io.BytesIO(b""))
    data.seek(0)
    with tarfile.open(fileobj=data, mode="r|") as archive:
        _extract(archive, tmp_path, frozenset({"docs/metrics.json"}), scanned="empty")
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "docs",
        "docs/metrics.json",
        "empty",
        "src",
        "src/app",
        "src/app/core.py",
        "src/app/core.pyi",
        "src/app/tach.toml",
    ]
