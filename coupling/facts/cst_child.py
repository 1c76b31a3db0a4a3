"""The child process `facts.isolated` starts: sources in, pickled facts out, one file after
another, each framed by its length (8 bytes, big-endian). A source's frame starts with one
byte: 1 for a test file, 0 otherwise.

Two kinds: `cst` reads with libcst (this Python); `ast` reads with the interpreter it runs in,
a newer Python than the scan's, and answers None for a file that one cannot parse either.

It serves every file a parse worker sends it, so that Python and libcst start once per worker
rather than once per file. It dies with its parent (a parse worker or the scan itself); a file
it hangs on is stopped by the parent's time limit, which kills it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
from collections.abc import Callable
from typing import IO, BinaryIO

HEADER = 8  # bytes of a frame's length


def main(parent: int, kind: str = "cst") -> None:
    die_with_parent(parent)
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crash writes no core file
    read = _ast_reader() if kind == "ast" else _cst_reader()
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while (frame := read_frame(stdin)) is not None:
        write_frame(stdout, pickle.dumps(read(frame[1:], frame[:1] == b"\x01"), protocol=4))


def _cst_reader() -> Callable[[bytes, bool], object]:
    from coupling.facts.from_cst import facts_from_cst

    return lambda source, _is_test: facts_from_cst(source)


def _ast_reader() -> Callable[[bytes, bool], object]:
    from coupling.facts.from_ast import PARSE_ERRORS, facts_from_tree, parse_quietly

    def read(source: bytes, is_test: bool) -> object:
        try:
            tree = parse_quietly(source)
        except PARSE_ERRORS:
            return None
        try:
            return facts_from_tree(tree, is_test)
        except RecursionError:
            return None

    return read


def read_frame(stream: BinaryIO) -> bytes | None:
    """The next frame's bytes; None at the end of the stream."""
    header = stream.read(HEADER)
    if len(header) < HEADER:
        return None
    size = int.from_bytes(header, "big")
    data = stream.read(size)
    return data if len(data) == size else None


def write_frame(stream: IO[bytes], data: bytes) -> None:
    stream.write(len(data).to_bytes(HEADER, "big") + data)
    stream.flush()


def die_with_parent(parent: int) -> None:
    """Be killed when the process that started this one dies (Linux: PR_SET_PDEATHSIG); exit
    now if it died already. Elsewhere a no-op: the parent's time limit still holds."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes
            import signal

            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_pdeathsig = 1
            libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)
