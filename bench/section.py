"""One real tree, timed: each coupling figure beside its peer (ast.parse, grimp, tach check).

Every round runs each measurement once, in turn, so that a slow spell of the machine spreads
over all of them; the figures are medians over the rounds.
"""

from __future__ import annotations

import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import peers
from timing import Run, median, sampled, timed
from trees import python_files

COUPLING = [sys.executable, "-m", "coupling"]


@dataclass
class Tree:
    """The medians' inputs for one tree; `package` sits at the top of a git repository."""

    name: str
    origin: str  # where the tree came from, for the notes
    package: Path
    files: int = 0
    parsed: list[peers.Parsed] = field(default_factory=list)
    grimp: list[float] = field(default_factory=list)
    tach: list[float] = field(default_factory=list)
    cold: list[Run] = field(default_factory=list)
    warm: list[Run] = field(default_factory=list)
    check: list[float] = field(default_factory=list)
    scan_edited: list[float] = field(default_factory=list)
    check_edited: list[float] = field(default_factory=list)


def measure(name: str, origin: str, package: Path, rounds: int) -> Tree:
    files = python_files(package)
    tree = Tree(name, origin, package, files=len(files))
    peers.tach_setup(package)
    victim = files[len(files) // 2]
    time.sleep(2.1)  # the copied files' mtimes past the cache's racy window, as between commits
    for number in range(rounds):
        _round(tree, victim, number)
    return tree


def _round(tree: Tree, victim: Path, number: int) -> None:
    package, repo = tree.package, tree.package.parent
    tree.parsed.append(peers.parse_all(package))
    tree.grimp.append(peers.grimp_graph(package))
    tree.tach.append(peers.tach_check(package))
    shutil.rmtree(repo / ".coupling", ignore_errors=True)
    tree.cold.append(scan(package))
    tree.warm.append(scan(package))
    tree.check.append(check(package))
    _append_function(victim, f"scan_{number}")
    tree.scan_edited.append(scan(package).seconds)
    _append_function(victim, f"check_{number}")
    tree.check_edited.append(check(package))


def scan(package: Path) -> Run:
    return sampled([*COUPLING, "scan", package.name, "-q"], package.parent)


def check(package: Path) -> float:
    # Exit 1 (the reports no longer match the code) is an answer, timed like a pass.
    return timed([*COUPLING, "check", package.name], package.parent, ok=(0, 1))


def _append_function(path: Path, name: str) -> None:
    with path.open("a", encoding="utf-8") as stream:
        stream.write(f"\n\ndef _bench_{name}(x):\n    if x:\n        return x + 1\n    return 0\n")


def diff_seconds(repo: Path, rounds: int) -> tuple[float, float]:
    """`coupling diff HEAD~1 HEAD -p django` and a cold scan of HEAD's django, in turn, the cache
    removed before each run: medians of both."""
    diffs, colds = [], []
    for _ in range(rounds):
        shutil.rmtree(repo / ".coupling", ignore_errors=True)
        diffs.append(timed([*COUPLING, "diff", "HEAD~1", "HEAD", "-p", "django"], repo))
        shutil.rmtree(repo / ".coupling", ignore_errors=True)
        colds.append(scan(repo / "django").seconds)
    return median(diffs), median(colds)
