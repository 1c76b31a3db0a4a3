"""A parser that can die, run where its death is a recorded result: libcst in a child process.

libcst's native parser can crash the whole interpreter (a segfault on a deep expression) or
take minutes on a hostile file. It only runs for files `ast` cannot parse (syntax newer than
this Python), in a child process with a time limit per file: a crash or a timeout is a reason
the file is listed with, never the end of the scan. The child is this package's own code
(`coupling.facts.cst_child`), started isolated (`-I`: no working folder or PYTHONPATH on its
path, so the analysed project cannot shadow a module), and it dies with its parent.

Each process (the scan, each parse worker) keeps one child and sends it file after file:
starting Python and importing libcst cost more than parsing most files. A child that crashed
or ran out of time is killed and the next file starts a new one.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import select
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from coupling.facts.cst_child import HEADER, write_frame
from coupling.records import FileFacts

# The folder holding the `coupling` package, put first on the child's path: the child runs
# the same code as its parent, whatever the working folder holds.
_HOME = str(Path(__file__).resolve().parents[2])
_CHILD = (
    "import sys; sys.path.insert(0, sys.argv[1]); "
    "from coupling.facts.cst_child import main; main(int(sys.argv[2]), sys.argv[3])"
)


_MAX_ANSWER = 1 << 30  # bytes: a longer frame is no answer of ours
_UNREADABLE = "the libcst parser gave an unreadable answer"


class _Failed(Exception):
    """The child gave no answer: the reason the file is listed with."""


class _Child:
    """One libcst child and its pipes, owned by the process that started it."""

    def __init__(self, python: str, kind: str) -> None:
        self.owner = os.getpid()
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 - closed by stop()
        command = [python, "-I", "-c", _CHILD, _HOME, str(os.getpid()), kind]
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors
        )

    def ask(self, source: bytes, is_test: bool, timeout: float) -> object:
        """The child's answer for `source`, unpickled; _Failed when it died or timed out."""
        assert self.process.stdin is not None and self.process.stdout is not None
        frame = (b"\x01" if is_test else b"\x00") + source
        try:
            write_frame(self.process.stdin, frame)
        except OSError as exc:
            raise _Failed(self._death()) from exc
        deadline = time.monotonic() + timeout
        size = int.from_bytes(self._read(HEADER, deadline, timeout), "big")
        if size > _MAX_ANSWER:
            raise _Failed(_UNREADABLE)
        answer = self._read(size, deadline, timeout)
        try:
            return pickle.loads(answer)  # from our own child, never from a file
        except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            raise _Failed(_UNREADABLE) from None

    def _read(self, size: int, deadline: float, timeout: float) -> bytes:
        assert self.process.stdout is not None
        fd, chunks, left = self.process.stdout.fileno(), [], size
        while left:
            remaining = deadline - time.monotonic()
            ready, _, _ = select.select([fd], [], [], max(remaining, 0))
            if not ready:
                raise _Failed(
                    f"the libcst parser gave no answer within {timeout:g} s (parse_timeout)"
                )
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                raise _Failed(self._death())
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    def _death(self) -> str:
        """Why the child stopped answering."""
        try:
            code = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return "the libcst parser stopped answering"
        if code < 0:
            return f"the libcst parser crashed ({_signal_name(-code)})"
        if code == 0:
            return _UNREADABLE  # it ended in the middle of an answer
        self.errors.seek(0)
        said = self.errors.read().decode(errors="replace").strip().splitlines()[-1:] or [
            "no message"
        ]
        return f"the libcst parser failed (exit {code}: {said[0][:200]})"

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.process.kill()
        with contextlib.suppress(OSError, subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        for stream in (self.process.stdin, self.process.stdout, self.errors):
            with contextlib.suppress(OSError):
                if stream is not None:
                    stream.close()


_children: dict[tuple[str, str], _Child] = {}  # (interpreter, kind): this process's children


def newer_facts(source: bytes, is_test: bool, timeout: float, python: str) -> FileFacts | None:
    """The facts a newer Python's own parser reads in `source` (`python`: its path); None
    when it cannot parse it either, or failed: libcst is then asked."""
    answer = _ask((python, "ast"), source, is_test, timeout)
    return answer if isinstance(answer, FileFacts) else None


def cst_facts(source: bytes, timeout: float) -> FileFacts | str | None:
    """libcst's facts for `source`; None when libcst cannot parse it either; a reason (text)
    when the parser crashed or ran out of time."""
    answer = _ask((sys.executable, "cst"), source, False, timeout)
    if isinstance(answer, str):
        return answer
    return answer if isinstance(answer, FileFacts) or answer is None else _UNREADABLE


def _ask(which: tuple[str, str], source: bytes, is_test: bool, timeout: float) -> object:
    """The answer of this process's child of that kind (started on first use); the reason
    (text) when it died, hung or could not start, and then it is gone."""
    child = _children.get(which)
    if child is not None and child.owner != os.getpid():
        child = None  # inherited through fork: the parent's child, not ours
    try:
        if child is None:
            child = _children[which] = _Child(*which)
        return child.ask(source, is_test, timeout)
    except _Failed as failed:
        _stop(which)
        return str(failed)
    except OSError as exc:
        _stop(which)
        return f"the libcst parser could not start ({exc.strerror or exc})"


def stop_children() -> None:
    """End this process's parser children (the next file starts others)."""
    for which in list(_children):
        _stop(which)


def _stop(which: tuple[str, str]) -> None:
    child = _children.pop(which, None)
    if child is not None and child.owner == os.getpid():
        child.stop()


atexit.register(stop_children)  # a scan that ends closes its children rather than leave them


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"
