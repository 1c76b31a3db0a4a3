"""A synthetic monolith of any size, written to disk for `coupling scan` to read: the browser
tests' 500-unit case.

Units come in chains: each imports a few of the next units and the shared kernels (the last
few units, which import nothing). A few runs of neighbouring units also import back to the
first of their run inside a function, which makes each run one cycle group. Same seed, same
files.
"""

from __future__ import annotations

import random
from pathlib import Path

STEMS = ("billing", "users", "orders", "catalog", "search", "payments", "reports", "notify")


def write_monolith(root: Path, units: int = 500, seed: int = 7, kernels: int = 4) -> Path:
    """Write `units` packages under root/src; return root/src."""
    rng = random.Random(seed)
    names = [f"{STEMS[k % len(STEMS)]}_{k:03d}" for k in range(units)]
    imports: list[list[str]] = [[] for _ in names]
    first_kernel = units - kernels
    for i in range(first_kernel):
        for _ in range(rng.randint(0, 4)):
            j = min(first_kernel - 1, i + 1 + int(rng.expovariate(1 / 10)))
            if j != i:
                imports[i].append(names[j])
        imports[i] += [names[k] for k in range(first_kernel, units) if rng.random() < 0.6]
    cyclic = []
    for start in range(20, first_kernel - 10, max(1, first_kernel // 8)):
        size = rng.randint(2, 5)
        for k in range(start, start + size - 1):
            imports[k].append(names[k + 1])
        cyclic.append((start + size - 1, names[start]))
    src = root / "src"
    for i, name in enumerate(names):
        package = src / name
        package.mkdir(parents=True)
        (package / "__init__.py").write_text(f'"""Unit {name}."""\n', encoding="utf-8")
        (package / "api.py").write_text(
            "".join(f"def call_{k}(x):\n    return x + {k}\n\n\n" for k in range(3)),
            encoding="utf-8",
        )
        lines = [f"from {target}.api import call_{k % 3}\n" for k, target in enumerate(imports[i])]
        lines += [
            f"\n\ndef back_{k}():\n    from {target} import api\n\n    return api\n"
            for k, (last, target) in enumerate(cyclic)
            if last == i
        ]
        (package / "core.py").write_text("".join(lines) or "VALUE = 1\n", encoding="utf-8")
    return src
