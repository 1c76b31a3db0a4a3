"""Timed inside one Python process, interpreter start and imports excluded; prints JSON.

python bench/inner.py ast PACKAGE    every .py file read and given to ast.parse, one thread
python bench/inner.py grimp PACKAGE  grimp.build_graph(name, cache_dir=None), PACKAGE's parent on sys.path
"""

from __future__ import annotations

import ast
import json
import sys
import time
import warnings
from pathlib import Path


def parse_all(package: Path) -> dict[str, float]:
    """Files that this Python cannot parse (newer syntax) still count: their attempt is timed."""
    files = sorted(package.rglob("*.py"))
    failed = 0
    warnings.simplefilter("ignore")  # invalid escape sequences and the like: not timed noise
    started = time.perf_counter()
    for path in files:
        try:
            ast.parse(path.read_bytes(), str(path))
        except (SyntaxError, ValueError):
            failed += 1
    return {"seconds": time.perf_counter() - started, "files": len(files), "failed": failed}


def build_graph(package: Path) -> dict[str, float]:
    sys.path.insert(0, str(package.parent))  # before any installed copy of the same package
    import grimp

    started = time.perf_counter()
    graph = grimp.build_graph(package.name, cache_dir=None)
    return {"seconds": time.perf_counter() - started, "modules": len(graph.modules)}


if __name__ == "__main__":
    what, folder = sys.argv[1], Path(sys.argv[2]).resolve()
    print(json.dumps(parse_all(folder) if what == "ast" else build_graph(folder)))
