"""Hostile files: each is listed with its reason and the scan goes on (exit 0), in seconds.
Never a crash, a hang, a traceback, nor a file silently left out."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from tests.hostile.conftest import Project, as_another_user


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("syntax.py", "def broken(:\n", "syntax error: invalid syntax"),
        ("py2.py", 'print "hello"\nexec "x = 1"\n', "syntax error: Missing parentheses"),
        ("nul.py", b"x = 1\x00\n", "source code string cannot contain null bytes"),
        ("latin.py", b"s = '\xe9t\xe9'\n", "syntax error"),
        ("cookie.py", b"# -*- coding: nonsense -*-\nx = 1\n", "unknown encoding"),
        ("deep.py", "x = " + "(" * 300 + "1" + ")" * 300 + "\n", "too many nested parentheses"),
        ("deep_calls.py", "x = " + "f(" * 3000 + ")" * 3000 + "\n", "nest"),
        ("utf16.py", "import os\n".encode("utf-16"), "encoded as UTF-16"),
        ("utf32.py", "import os\n".encode("utf-32"), "encoded as UTF-32"),
    ],
)
def test_a_file_python_cannot_read_is_listed_with_its_reason(
    project: Project, name: str, content: str | bytes, reason: str
) -> None:
    project.write("ok.py", "import os\n")
    project.write(name, content)
    done = project.scan()
    assert done.code == 0
    assert reason in project.left_out()[f"src/pkg/{name}"]


def test_utf16_says_that_no_coding_cookie_helps(project: Project) -> None:
    # Python's tokenizer reads only ASCII-compatible encodings: a UTF-16 cookie cannot be read.
    project.write("wide.py", "# -*- coding: utf-16 -*-\nimport os\n".encode("utf-16"))
    assert project.scan().code == 0
    reason = project.left_out()["src/pkg/wide.py"]
    assert "even with a coding cookie; save it as UTF-8" in reason


def test_deep_nesting_that_ast_reads_but_the_extractors_cannot_walk(project: Project) -> None:
    project.write("chain.py", "x = 1" + " + 1" * 20_000 + "\n")
    done = project.scan()
    assert done.code == 0
    assert (
        "src/pkg/chain.py" not in project.left_out()
        or "nesting" in (project.left_out()["src/pkg/chain.py"])
    )


def test_a_parser_crash_is_a_recorded_result(project: Project) -> None:
    # New syntax (PEP 695, unknown to Python 3.11's ast) sends the file to libcst, whose
    # native parser overflows its stack on 100,000 unary minus signs: a SIGSEGV, in a child.
    project.config('newer_python = "none"\n')  # libcst, not a newer Python, reads new syntax
    project.write("generic.py", "def f[T](x: T) -> T:\n    return x\n")
    project.write("crash.py", "def f[T](x: T) -> T:\n    return x\nx = " + "-" * 100_000 + "1\n")
    done = project.scan("--no-cache")
    assert done.code == 0
    left_out = project.left_out()
    assert "the libcst parser crashed (SIGSEGV)" in left_out["src/pkg/crash.py"]
    assert "crashed" not in left_out["src/pkg/generic.py"]  # read by libcst: partial facts


def test_a_parser_that_hangs_is_stopped_at_the_time_limit(project: Project) -> None:
    # The reproduction: libcst takes minutes (then crashes) on this one.
    project.config("parse_timeout = 1\n")
    project.write("slow.py", "def f[T](x: T) -> T:\n    return x\nx = 1" + " + 1" * 10_000 + "\n")
    done = project.scan("--no-cache")
    assert done.code == 0
    assert "gave no answer within 1 s (parse_timeout)" in project.left_out()["src/pkg/slow.py"]


def test_a_fifo_is_listed_not_read(project: Project) -> None:
    os.mkfifo(project.pkg / "p.py")
    project.write("ok.py", "")
    done = project.scan(timeout=20)
    assert done.code == 0
    assert project.left_out()["src/pkg/p.py"] == "a FIFO (named pipe), not a regular file: not read"


def test_a_device_behind_a_symlink_is_not_read(project: Project) -> None:
    (project.pkg / "z.py").symlink_to("/dev/zero")
    project.config("follow_symlinks = true\n")  # even when links out of PATH are followed
    project.write("ok.py", "")
    done = project.scan(timeout=20)
    assert done.code == 0
    assert "a character device, not a regular file" in project.left_out()["src/pkg/z.py"]


def test_a_socket_is_listed_not_read(project: Project, tmp_path: Path) -> None:
    # AF_UNIX paths are short: bind in a short folder, then move the socket into place.
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "s"))
        (tmp_path / "s").rename(project.pkg / "s.py")
        project.write("ok.py", "")
        assert project.scan().code == 0
    assert project.left_out()["src/pkg/s.py"] == "a socket, not a regular file: not read"


def test_a_file_above_the_size_limit_is_listed_not_read(project: Project) -> None:
    project.config("max_file_size = 1_000\n")
    project.write("big.py", "x = 1\n" * 400)  # 2,400 bytes
    project.write("user.py", "from pkg import big\n")
    assert project.scan().code == 0
    assert project.left_out()["src/pkg/big.py"] == (
        "2,400 bytes, above max_file_size (1,000 bytes): not read; raise max_file_size to read it"
    )
    assert "no such module" not in project.report()  # still a module others import


def test_a_sparse_10_gb_file_is_not_read(project: Project) -> None:
    with (project.pkg / "big.py").open("wb") as sparse:
        sparse.truncate(10 * 1024**3)
    done = project.scan(timeout=20)
    assert done.code == 0
    assert "10,737.4 MB, above max_file_size (5.0 MB)" in project.left_out()["src/pkg/big.py"]


def test_stubs_and_cython_sources_are_listed_with_what_is_done(project: Project) -> None:
    project.write("typed.py", "def f(): ...\n")
    project.write("typed.pyi", "def f() -> int: ...\n")
    project.write("_speedups.pyi", "def fast() -> None: ...\n")
    project.write("fast.pyx", "cdef int x = 1\n")
    assert project.scan().code == 0
    left_out = project.left_out()
    assert left_out["src/pkg/typed.pyi"] == (
        "type stub: the module's Python source beside it is analysed instead"
    )
    assert "type stub of a module with no Python source here" in left_out["src/pkg/_speedups.pyi"]
    assert left_out["src/pkg/fast.pyx"] == "Cython source: not Python syntax, not analysed"


def test_undecodable_file_names_are_scanned_twice_without_a_crash(project: Project) -> None:
    # Issue 13.1: the cached scan after a first one.
    for name in ("a", "b"):
        project.write(f"{name}/__init__.py", "")
    project.write("b/m.py", "")
    (project.pkg / "a" / os.fsdecode(b"bad\xff.py")).write_text("from pkg.b import m\n")
    for _run in range(2):
        done = project.scan()
        assert done.code == 0, done.stderr
    assert project.out("coupling.json").is_file()
    check = project.scan("-q")
    assert check.code == 0


def test_a_module_shadowed_by_a_package_is_listed(project: Project) -> None:
    project.write("dup.py", "x = 1\n")
    project.write("dup/__init__.py", "y = 2\n")
    assert project.scan().code == 0
    assert project.left_out()["src/pkg/dup.py"] == "shadowed by a package of the same name"


def test_a_file_that_would_act_on_import_never_runs(project: Project, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    payload = f"open({str(marker)!r}, 'w').write('ran')\nimport os\nos._exit(3)\n"
    project.write("__init__.py", payload)
    project.write("evil.py", payload)
    project.write("conftest.py", payload)
    project.write("generic.py", "def f[T](x: T) -> T:\n    return x\n" + payload)  # libcst path
    (project.root / "src" / "libcst.py").write_text(payload)  # would shadow libcst if on the path
    (project.root / "coupling.py").write_text(payload)
    assert project.scan("--no-cache").code == 0
    assert not marker.exists()


def test_unreadable_files_and_folders_run_as_another_user(shared_folder: Path) -> None:
    project = Project(shared_folder / "project")
    project.write("ok.py", "import os\n")
    secret = project.write("secret.py", "x = 1\n")
    hidden = project.pkg / "hidden"
    hidden.mkdir()
    (hidden / "__init__.py").write_text("")
    for path in (shared_folder, project.root, project.root / "src", project.pkg):
        path.chmod(0o777)
    secret.chmod(0o000)
    hidden.chmod(0o000)
    done = as_another_user("scan", "src/pkg", "--no-cache", cwd=project.root)
    assert done.code == 0, done.stderr
    left_out = project.left_out()
    assert left_out["src/pkg/secret.py"] == "cannot read: Permission denied"
    assert left_out["src/pkg/hidden"] == "cannot read folder: Permission denied"
