"""Faults around a scan: damaged caches, scans side by side, output that cannot be written,
kills at any point. Nothing is torn, nothing is left running, every message is true."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hostile.conftest import LIMIT, Project, as_another_user, coupling

REPORTS = (
    "coupling.json",
    "dependency-matrix.md",
    "extraction-candidates.md",
    "risk-assessment.md",
)


def _monolith(project: Project, units: int = 4, modules: int = 5, body: str = "") -> None:
    """Units importing each other, enough to have a ranking and a cycle."""
    for unit in range(units):
        project.write(f"u{unit}/__init__.py", "")
        for module in range(modules):
            following = (unit + 1) % units
            project.write(
                f"u{unit}/m{module}.py",
                f"import os\nfrom pkg.u{following} import m{module}\n\n\ndef f{module}(x):\n"
                f"    return x + {module}\n" + body,
            )


def _reports(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in REPORTS if (folder / name).exists()}


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".bak")))


def _processes_naming(text: str) -> list[int]:
    """Processes whose command line holds `text` (the test's own temp path)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if text.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
    return found


def _wait_until_gone(text: str, seconds: float = 5) -> list[int]:
    deadline = time.monotonic() + seconds
    while (alive := _processes_naming(text)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive


def _start(project: Project, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "coupling"), "scan", str(project.pkg), *args],
        cwd=project.root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.fixture
def reference(project: Project) -> dict[str, bytes]:
    """The reports of a scan without a cache, for comparison."""
    _monolith(project)
    done = coupling("scan", "src/pkg", "--no-cache", "--out", "reference", "-q", cwd=project.root)
    assert done.code == 0
    return _reports(project.root / "reference")


@pytest.mark.parametrize(
    "damage",
    [
        "random bytes",
        "empty file",
        "truncated",
        "a folder",
        "garbage rows",
        "foreign tables",
        "cache folder is a file",
    ],
)
def test_a_damaged_cache_is_rebuilt_or_skipped(
    project: Project, reference: dict[str, bytes], damage: str
) -> None:
    assert project.scan("-q").code == 0
    cache = project.root / ".coupling" / "cache.db"
    if damage == "random bytes":
        cache.write_bytes(os.urandom(4096))
    elif damage == "empty file":
        cache.write_bytes(b"")
    elif damage == "truncated":
        cache.write_bytes(cache.read_bytes()[:1500])
    elif damage == "a folder":
        cache.unlink()
        cache.mkdir()
    elif damage == "garbage rows":
        with contextlib.closing(sqlite3.connect(cache)) as db, db:
            db.execute("UPDATE facts SET facts = '[[[', size = size")
            db.execute("UPDATE results SET value = x'00ff'")
    elif damage == "foreign tables":
        cache.unlink()
        with contextlib.closing(sqlite3.connect(cache)) as db, db:
            db.execute("CREATE TABLE facts (x)")
    else:
        (project.root / ".coupling").rename(project.root / "old")
        (project.root / ".coupling").write_text("not a folder")
    done = project.scan()
    assert done.code == 0, done.stderr
    assert _reports(project.out_dir) == reference
    if damage in ("a folder", "cache folder is a file"):
        assert "note: cache disabled" in done.stderr
    assert project.scan("-q").code == 0  # and again, from what it rebuilt


def test_concurrent_scans_write_whole_reports(
    project: Project, reference: dict[str, bytes]
) -> None:
    runs = [_start(project, "-q") for _run in range(3)]
    for run in runs:
        _out, err = run.communicate(timeout=LIMIT)
        assert run.returncode == 0, err
        assert b"Traceback" not in err
    out = project.out_dir
    assert _reports(out) == reference
    assert _leftovers(out) == []


def test_output_another_user_cannot_write_changes_nothing(shared_folder: Path) -> None:
    project = Project(shared_folder / "project")
    _monolith(project)
    assert project.scan("-q").code == 0
    out = project.out_dir
    before = _reports(out)
    project.write("u0/m0.py", "import os\n")  # the reports are stale now
    for path in (shared_folder, project.root, project.root / "src", project.pkg):
        path.chmod(0o777)
    (project.root / ".coupling").chmod(0o777)
    out.chmod(0o555)
    done = as_another_user("scan", "src/pkg", "-q", cwd=project.root)
    assert done.code == 2
    assert done.stderr == (
        f"coupling: error: {out}: cannot write reports (Permission denied); nothing was changed\n"
    )
    assert _reports(out) == before


@contextlib.contextmanager
def _immutable(path: Path) -> Iterator[None]:
    made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip(f"chattr +i is not possible here: {made.stderr.decode().strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=False)


@pytest.mark.skipif(os.geteuid() != 0, reason="chattr +i needs root")
def test_one_immutable_report_leaves_every_report_as_it_was(project: Project) -> None:
    # Issue 13.6: three of four reports replaced, and "nothing was changed" said.
    _monolith(project)
    assert project.scan("-q").code == 0
    out = project.out_dir
    before = _reports(out)
    project.write("u0/m0.py", "import os\n")
    with _immutable(out / "risk-assessment.md"):
        done = project.scan("-q")
    assert done.code == 2
    assert done.stderr.startswith(f"coupling: error: {out}: cannot write reports (")
    assert done.stderr.endswith("; nothing was changed\n")
    assert _reports(out) == before
    assert _leftovers(out) == []


def test_stale_temp_files_of_dead_writers_are_removed(project: Project) -> None:
    _monolith(project)
    out = project.out_dir
    out.mkdir(parents=True)
    dead = out / ".coupling.json.4194999.abc123.tmp"  # above any pid_max: no such process
    old = out / ".dependency-matrix.md.k2j4h5.tmp"  # an older version's name, an hour old
    live = out / f".coupling.json.{os.getpid()}.zz9.tmp"  # a writer still running
    mine = out / ".notes.4194999.abc.tmp"  # not a report's: never ours to remove
    for path in (dead, old, live, mine):
        path.write_bytes(b"")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    assert project.scan("-q").code == 0
    assert _leftovers(out) == sorted([live.name, mine.name])


def test_a_kill_at_any_point_tears_nothing_and_leaves_nothing_running(project: Project) -> None:
    # Enough files for the pool of parse workers; killed at a spread of moments.
    _monolith(project, units=8, modules=12, body="\n".join(f"x{i} = {i}" for i in range(400)))
    out = project.out_dir
    marker = str(project.pkg)
    for delay in (0.1, 0.4, 0.8, 1.3, 2.0):
        scan = _start(project, "--jobs", "2")
        time.sleep(delay)
        scan.send_signal(signal.SIGKILL)
        scan.wait(timeout=LIMIT)
        assert _wait_until_gone(marker) == [], f"processes left after a kill at {delay} s"
        if (out / "coupling.json").exists():
            json.loads((out / "coupling.json").read_text(encoding="utf-8"))  # whole, not torn
    done = project.scan("-q", "--jobs", "2")
    assert done.code == 0, done.stderr
    assert sorted(_reports(out)) == sorted(REPORTS)
    assert _leftovers(out) == []


def test_parse_workers_die_with_a_killed_scan(project: Project) -> None:
    _monolith(project, units=10, modules=20, body="\n".join(f"x{i} = {i}" for i in range(600)))
    scan = _start(project, "--jobs", "2", "--no-cache")
    marker = str(project.pkg)
    deadline = time.monotonic() + LIMIT
    while len(_processes_naming(marker)) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)  # the scan and its two workers
    workers = [pid for pid in _processes_naming(marker) if pid != scan.pid]
    assert workers, "no parse worker started"
    scan.send_signal(signal.SIGKILL)
    scan.wait(timeout=LIMIT)
    assert _wait_until_gone(marker) == []


def test_the_libcst_child_dies_with_a_killed_scan(project: Project) -> None:
    project.config('parse_timeout = 600\nnewer_python = "none"\n')
    project.write("slow.py", "def f[T](x: T) -> T:\n    return x\nx = 1" + " + 1" * 10_000 + "\n")
    scan = _start(project, "--no-cache")
    deadline = time.monotonic() + LIMIT
    while not (children := _children(scan.pid)) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert children, "the libcst child never started"
    assert b"coupling.facts.cst_child" in Path(f"/proc/{children[0]}/cmdline").read_bytes()
    scan.send_signal(signal.SIGKILL)
    scan.wait(timeout=LIMIT)
    deadline = time.monotonic() + 5
    while any(Path(f"/proc/{pid}").exists() for pid in children) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in children)


def _children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == parent:
                    found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
