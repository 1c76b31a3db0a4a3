"""Wall-clock times of commands, and the peak memory of a whole process tree while it runs."""

from __future__ import annotations

import os
import statistics
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

SAMPLE_EVERY = 0.02  # seconds between two samples of the process tree's memory


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mib: float  # the largest sum of VmRSS over the process and all its descendants


def runs() -> int:
    """Runs per median: `BENCH_RUNS`, else 3."""
    return max(1, int(os.environ.get("BENCH_RUNS", "3")))


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def timed(command: Sequence[str], cwd: Path, ok: Sequence[int] = (0,)) -> float:
    """Wall-clock seconds of `command`, interpreter start included; an exit code not in `ok` is an error."""
    return sampled(command, cwd, ok, sample=False).seconds


def sampled(
    command: Sequence[str], cwd: Path, ok: Sequence[int] = (0,), sample: bool = True
) -> Run:
    """Runs `command`, sampling the memory of its process tree every 20 ms when `sample`."""
    peak = [0]
    done = threading.Event()
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    sampler = threading.Thread(target=_sample, args=(process.pid, peak, done), daemon=True)
    if sample:
        sampler.start()
    _, errors = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    if sample:
        sampler.join()
    if process.returncode not in ok:
        raise SystemExit(
            f"{' '.join(command)} exited {process.returncode} in {cwd}:\n{errors[-2000:]}"
        )
    return Run(seconds, peak[0] / 1024)


def _sample(pid: int, peak: list[int], done: threading.Event) -> None:
    while not done.is_set():
        peak[0] = max(peak[0], sum(_rss_kib(p) for p in _tree(pid)))
        done.wait(SAMPLE_EVERY)


def _tree(pid: int) -> list[int]:
    """`pid` and its descendants, from /proc/<pid>/task/<tid>/children."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            tasks = list(Path(f"/proc/{current}/task").iterdir())
        except OSError:
            continue  # exited meanwhile
        for task in tasks:
            try:
                pending += [int(child) for child in (task / "children").read_text().split()]
            except OSError:
                continue
    return found


def _rss_kib(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0  # a zombie has no VmRSS line
