"""The child process `facts.isolated` starts: source on stdin, pickled facts on stdout.

It dies with its parent (a parse worker or the scan itself) and stops itself once it has used
its CPU time, so that neither a killed scan nor a hung parser leaves it running.
"""

from __future__ import annotations

import contextlib
import math
import os
import pickle
import sys


def main(parent: int, timeout: float) -> None:
    die_with_parent(parent)
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        seconds = math.ceil(timeout) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crash writes no core file
    source = sys.stdin.buffer.read()
    from coupling.facts.from_cst import facts_from_cst

    sys.stdout.buffer.write(pickle.dumps(facts_from_cst(source)))
    sys.stdout.flush()


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
