"""A parser that can die, run where its death is a recorded result: libcst in a child process.

libcst's native parser can crash the whole interpreter (a segfault on a deep expression) or
take minutes on a hostile file. It only runs for files `ast` cannot parse (syntax newer than
this Python), one child per file, with a time limit: a crash or a timeout is a reason the file
is listed with, never the end of the scan. The child is this package's own code
(`coupling.facts.cst_child`), started isolated (`-I`: no working folder or PYTHONPATH on its
path, so the analysed project cannot shadow a module), and it dies with its parent.

One function, `cst_facts`, so that a pool (issue 15) can run the same call in its workers.
"""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
from pathlib import Path

from coupling.records import FileFacts

# The folder holding the `coupling` package, put first on the child's path: the child runs
# the same code as its parent, whatever the working folder holds.
_HOME = str(Path(__file__).resolve().parents[2])
_CHILD = (
    "import sys; sys.path.insert(0, sys.argv[1]); "
    "from coupling.facts.cst_child import main; main(int(sys.argv[2]), float(sys.argv[3]))"
)


def cst_facts(source: bytes, timeout: float) -> FileFacts | str | None:
    """libcst's facts for `source`; None when libcst cannot parse it either; a reason (text)
    when the parser crashed or ran out of time."""
    command = [sys.executable, "-I", "-c", _CHILD, _HOME, str(os.getpid()), str(timeout)]
    try:
        done = subprocess.run(
            command, input=source, capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return f"the libcst parser gave no answer within {timeout:g} s (parse_timeout)"
    except OSError as exc:
        return f"the libcst parser could not start ({exc.strerror or exc})"
    if done.returncode < 0:
        return f"the libcst parser crashed ({_signal_name(-done.returncode)})"
    if done.returncode != 0:
        said = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no message"]
        return f"the libcst parser failed (exit {done.returncode}: {said[0][:200]})"
    try:
        answer = pickle.loads(done.stdout)  # from our own child, never from a file
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        return "the libcst parser gave an unreadable answer"
    return answer if isinstance(answer, FileFacts) or answer is None else "unreadable answer"


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"
