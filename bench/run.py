"""`make bench`: one table of coupling's figures beside their peers, for Django and Home Assistant,
the time of `coupling diff` across a Django release, and how a scan grows with the monolith.

Printed and written to bench/results.md. Nothing here is asserted. Environment:
    BENCH_RUNS    runs per median (default 3)
    BENCH_TREES   which real trees: django, ha (default "django,ha"); the diff runs with django
    BENCH_GROWTH  synthetic sizes in modules (default "5000,10000,20000,50000"; empty: none)
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import growth
import report
import section
import trees
from timing import runs

BENCH = Path(__file__).resolve().parent


def main() -> None:
    # Timings as a user sees them: bytecode cached, as after any pip install.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    rounds = runs()
    wanted = {t.strip() for t in os.environ.get("BENCH_TREES", "django,ha").split(",")}
    lines = report.machine(rounds)
    with tempfile.TemporaryDirectory(prefix="coupling-bench-") as scratch:
        work = Path(scratch)
        measured = []
        if "django" in wanted:
            source, origin = trees.django_source()
            package = trees.git_copy(source, work / "django")
            measured.append(_tree(f"Django {trees.DJANGO}", origin, package, rounds))
        if "ha" in wanted:
            package = trees.git_copy(trees.home_assistant_source(), work / "ha")
            name = f"Home Assistant {trees.HOME_ASSISTANT}"
            measured.append(_tree(name, "its wheel, the newest release here", package, rounds))
        lines += report.trees_table(measured)
        if "django" in wanted:
            _progress("coupling diff across two Django releases")
            diff, cold = section.diff_seconds(trees.diff_repo(work / "diff"), rounds)
            lines += report.diff_line(diff, cold)
        sizes = growth.sizes()
        grown = []
        for size in sizes:
            _progress(f"synthetic monolith of {size:,} modules")
            grown.append(growth.measure(work / f"synthetic{size}", size, rounds))
        lines += report.growth_table(grown)
    text = "\n".join(lines) + "\n"
    print(text, end="")
    (BENCH / "results.md").write_text(text, encoding="utf-8")


def _tree(name: str, origin: str, package: Path, rounds: int) -> section.Tree:
    _progress(f"{name}: {rounds} round(s)")
    return section.measure(name, origin, package, rounds)


def _progress(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
