"""How scan time grows with the monolith: synthetic trees of `BENCH_GROWTH` modules
(default 5,000, 10,000, 20,000 and 50,000), ~100 modules per unit, in a git repository.

Every file is drawn from a fixed-seed model: a few imports, most inside its unit, the rest from
the units it depends on (lower-numbered ones, as layers) and now and then from anywhere (cycles);
functions with branches and loops, and a class now and then. A module's text depends only on
its unit, its index and the tree's size, so the trees differ in size, not in kind.
"""

from __future__ import annotations

import os
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from section import scan
from timing import median
from trees import commit, python_files

PER_UNIT = 100
SEED = 15


def sizes() -> list[int]:
    wanted = os.environ.get("BENCH_GROWTH", "5000,10000,20000,50000")
    return [int(n) for n in wanted.split(",") if n.strip()]


@dataclass(frozen=True)
class Growth:
    modules: int
    files: int
    cold: float
    warm: float


def measure(root: Path, modules: int, rounds: int) -> Growth:
    src = synthetic(root, modules)
    files = len(python_files(src))
    cold, warm = [], []
    for _ in range(rounds):
        shutil.rmtree(root / ".coupling", ignore_errors=True)
        cold.append(scan(src).seconds)
        warm.append(scan(src).seconds)
    return Growth(modules, files, median(cold), median(warm))


def synthetic(root: Path, modules: int) -> Path:
    """root/src: `modules` modules in units of PER_UNIT, committed to a git repository at root."""
    units = max(1, modules // PER_UNIT)
    src = root / "src"
    for u in range(units):
        package = src / f"unit{u:03d}"
        package.mkdir(parents=True)
        count = _count(u, units, modules)
        (package / "__init__.py").write_text(f'"""Unit {u}."""\n\nfrom .mod000 import f0\n')
        depends = _depends(u)
        for m in range(count):
            (package / f"mod{m:03d}.py").write_text(_module(u, m, units, modules, depends))
    commit(root, "synthetic", init=True)
    return src


def _count(unit: int, units: int, modules: int) -> int:
    """Modules in `unit`: PER_UNIT, the last unit taking the remainder."""
    return PER_UNIT if unit < units - 1 else modules - PER_UNIT * (units - 1)


def _depends(unit: int) -> list[int]:
    """The lower units `unit` uses: up to five, mostly its near neighbours."""
    rng = random.Random(f"{SEED}:{unit}")
    lower = range(max(0, unit - 12), unit)
    return rng.sample(lower, min(len(lower), rng.randint(2, 5))) if unit else []


def _module(unit: int, index: int, units: int, modules: int, depends: list[int]) -> str:
    rng = random.Random(f"{SEED}:{unit}:{index}")
    lines = ['"""Synthetic module."""', "from __future__ import annotations", ""]
    lines += [f"import {name}" for name in rng.sample(["json", "os", "re", "logging", "typing"], 2)]
    for number in range(rng.randint(2, 7)):
        draw = rng.random()
        if draw < 0.6 or not depends:
            target = unit
        elif draw < 0.98:
            target = rng.choice(depends)
        else:
            target = rng.randrange(units)  # now and then upwards: a cycle
        name = f"mod{rng.randrange(_count(target, units, modules)):03d}"
        lines.append(f"from unit{target:03d}.{name} import f{rng.randrange(3)} as used{number}")
    lines.append("")
    for k in range(rng.randint(3, 9)):
        lines += _function(rng, k)
    if rng.random() < 0.3:
        lines += [f"class Thing{index}:", "    def run(self, x: int) -> int:"]
        lines += ["        return f0(x) if x else 0", ""]
    return "\n".join(lines) + "\n"


def _function(rng: random.Random, k: int) -> list[str]:
    limit = rng.randint(1, 50)
    return [
        f"def f{k}(x: int) -> int:",
        f"    if x > {limit}:",
        f"        return used0(x) * {k + 1}",
        "    total = 0",
        f"    for i in range({limit}):",
        "        if i % 3 == 0:",
        "            total += i",
        "        elif i % 5 == 0:",
        "            continue",
        "        else:",
        "            total -= 1",
        "    return total",
        "",
    ]
