"""The figures coupling is compared with: ast.parse of every file, grimp's graph, `tach check`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from timing import timed

INNER = Path(__file__).resolve().parent / "inner.py"
TACH_NOTE = (
    "tach: one module per top-level sub-package and module of the package, and the package "
    "itself; their dependencies written by `tach sync`"
)


@dataclass(frozen=True)
class Parsed:
    seconds: float
    failed: int  # files this Python cannot parse: attempted and timed all the same


def parse_all(package: Path) -> Parsed:
    """Single-thread ast.parse of every file, timed inside one process."""
    found = _inner("ast", package)
    return Parsed(found["seconds"], int(found["failed"]))


def grimp_graph(package: Path) -> float:
    """grimp.build_graph without its cache, timed inside its process (grimp imports no code)."""
    return _inner("grimp", package)["seconds"]


def _inner(what: str, package: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, str(INNER), what, str(package)], capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def tach() -> str:
    """The tach executable beside this Python (the bench install), else on PATH."""
    beside = Path(sys.executable).parent / "tach"
    found = str(beside) if beside.is_file() else shutil.which("tach")
    if found is None:
        raise SystemExit("tach is not installed: run `make bench`, which installs it")
    return found


def tach_version() -> str:
    done = subprocess.run([tach(), "--version"], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def tach_setup(package: Path) -> None:
    """tach.toml in the package's parent (the repository), then `tach sync` fills depends_on."""
    modules = sorted(
        [f"{package.name}.{p.name}" for p in package.iterdir() if (p / "__init__.py").is_file()]
        + [f"{package.name}.{p.stem}" for p in package.glob("*.py") if p.name != "__init__.py"]
    )
    blocks = [
        f'[[modules]]\npath = "{name}"\ndepends_on = []\n' for name in [package.name, *modules]
    ]
    (package.parent / "tach.toml").write_text(
        'exclude = ["**/__pycache__"]\nsource_roots = ["."]\n\n' + "\n".join(blocks),
        encoding="utf-8",
    )
    subprocess.run([tach(), "sync"], cwd=package.parent, check=True, capture_output=True)


def tach_check(package: Path) -> float:
    return timed([tach(), "check"], package.parent)
