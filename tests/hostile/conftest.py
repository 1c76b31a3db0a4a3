"""The hostile-input suite (issue 13): a fresh project per test, the CLI run as a user runs it
(a process of its own, so that a crash, a hang or a traceback shows), each within seconds."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

LIMIT = 60  # seconds: a hostile input that hangs the scan fails the test rather than the suite


@dataclass(frozen=True)
class Done:
    code: int
    stdout: str
    stderr: str


def coupling(
    *args: str, cwd: Path, timeout: float = LIMIT, env: dict[str, str] | None = None
) -> Done:
    """`coupling ARGS` in a process of its own; never a traceback, whatever the outcome."""
    environment = {key: value for key, value in os.environ.items() if key != "COLUMNS"}
    done = subprocess.run(
        [str(Path(sys.executable).parent / "coupling"), *args],  # the script, as a user runs it
        cwd=cwd,
        capture_output=True,
        timeout=timeout,
        check=False,
        env={**environment, **(env or {})},
    )
    result = Done(
        done.returncode,
        done.stdout.decode(errors="replace"),
        done.stderr.decode(errors="replace"),
    )
    assert "Traceback" not in result.stderr, result.stderr
    if result.code == 2:
        assert result.stderr.startswith("coupling: error: "), result.stderr
        assert result.stderr.count("\n") == 1, result.stderr
    return result


class Project:
    """A folder holding src/pkg/__init__.py, like the issue's reproductions."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.pkg = root / "src" / "pkg"
        self.pkg.mkdir(parents=True)
        (self.pkg / "__init__.py").write_text("")

    def write(self, name: str, text: str | bytes) -> Path:
        path = self.pkg / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def config(self, text: str) -> None:
        (self.root / "coupling.toml").write_text(text, encoding="utf-8")

    def scan(self, *args: str, timeout: float = LIMIT) -> Done:
        return coupling("scan", "src/pkg", *args, cwd=self.root, timeout=timeout)

    @property
    def out_dir(self) -> Path:
        return self.root / "analysis" / "coupling"

    def out(self, name: str = "dependency-matrix.md") -> Path:
        return self.out_dir / name

    def report(self) -> str:
        return self.out().read_text(encoding="utf-8")

    def left_out(self) -> dict[str, str]:
        """The 'What was read' table of files not analysed: file → reason."""
        found = {}
        for line in self.report().splitlines():
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if len(cells) == 2 and cells[0].startswith("src/"):
                file = re.sub(r":\d+$", "", cells[0]).replace("\\_", "_")
                found[file] = cells[1]
        return found


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path / "project")


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder another user may enter and write in (pytest's own temp folders are private)."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="coupling-hostile-"))
    folder.chmod(0o777)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


NOBODY = 65534


def as_another_user(*args: str, cwd: Path) -> Done:
    """`coupling ARGS` run by a user who is not root (permissions hold for them): in a forked
    child that drops to `nobody` after this process has loaded every module a scan uses (the
    interpreter's own files may be out of that user's reach)."""
    from click.testing import CliRunner

    from coupling.cli import main

    if os.geteuid() != 0:
        return coupling(*args, cwd=cwd)
    _warm(cwd.parent)
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        code = 0
        try:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            os.chdir(cwd)
            invoked = CliRunner().invoke(main, list(args), catch_exceptions=True)
            trace = "" if isinstance(invoked.exception, SystemExit | None) else "Traceback"
            payload = json.dumps([invoked.exit_code, invoked.stdout, invoked.stderr + trace])
            os.write(writer, payload.encode())
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(writer)
    with os.fdopen(reader, "rb") as stream:
        data = stream.read()
    os.waitpid(child, 0)
    assert data, "the child run as another user said nothing"
    code, stdout, stderr = json.loads(data)
    result = Done(code, stdout, stderr)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def _warm(folder: Path) -> None:
    """One scan in this process, so that every module it imports lazily is loaded."""
    from click.testing import CliRunner

    from coupling.cli import main

    warm = folder / "warm"
    project = Project(warm)
    project.write("a.py", "import os\nfrom pkg import b\n")
    project.write("b.py", "x = 1\n")
    CliRunner().invoke(
        main, ["scan", str(project.pkg), "--out", str(warm / "out"), "-q"], catch_exceptions=False
    )
    CliRunner().invoke(main, ["check", str(project.pkg), "--out", str(warm / "out")])
