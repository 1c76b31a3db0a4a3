"""Reading one source file, defensively: only a regular file, only up to a size limit.

The walk already leaves out FIFOs, devices and sockets, but a file can be swapped between the
walk and the read: the check is made again on the open file, which is opened without blocking
(a FIFO would otherwise wait for a writer forever) and read no further than the limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_CHUNK = 1 << 20

_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)


def not_regular(mode: int) -> str:
    """Why a file of this mode is not read ("" for a regular file)."""
    if stat.S_ISREG(mode):
        return ""
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    return f"{kind}, not a regular file: not read"


def too_large(size: int, limit: int) -> str:
    """Why a file of this size is not read ("" when it is within the limit)."""
    if size <= limit:
        return ""
    return (
        f"{_megabytes(size)}, above max_file_size ({_megabytes(limit)}): not read; "
        "raise max_file_size to read it"
    )


def read_source(path: Path, limit: int) -> tuple[bytes | None, str]:
    """The file's bytes, or None and why not (not a regular file, too large, unreadable)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        handle = os.open(path, flags)
    except OSError as exc:
        return None, f"cannot read: {exc.strerror or exc}"
    try:
        status = os.fstat(handle)
        if reason := not_regular(status.st_mode) or too_large(status.st_size, limit):
            return None, reason
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(handle, min(_CHUNK, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # it grew after the stat
            return None, too_large(size, limit)
        return b"".join(chunks), ""
    except OSError as exc:
        return None, f"cannot read: {exc.strerror or exc}"
    finally:
        os.close(handle)


def _megabytes(size: int) -> str:
    if size < 1_000_000:
        return f"{size:,} bytes"
    return f"{size / 1_000_000:,.1f} MB"
