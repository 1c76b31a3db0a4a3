"""Helpers for the `coupling seal` tests: real projects in temp folders, sealed through the
pipeline (discover, the cached facts, the graph) exactly as the command does."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

from coupling.pipeline import seal as run_seal
from coupling.records import RefusalKind, SealPlan, SealRequest
from tests.support import settings_for

# A small unit most tests seal: a facade with only a docstring, two modules behind it.
BILLING = {
    "billing/__init__.py": '"""Billing."""\n',
    "billing/models.py": textwrap.dedent(
        """\
        class Invoice:
            def __init__(self, amount: int = 0) -> None:
                self.amount = amount


        class Status:
            OPEN = "open"


        def _secret() -> int:
            return 42
        """
    ),
    "billing/services.py": textwrap.dedent(
        """\
        from billing.models import Invoice


        def charge(amount: int) -> Invoice:
            return Invoice(amount)
        """
    ),
    "users/__init__.py": "",
}


@dataclass(frozen=True)
class Sealed:
    root: Path
    plan: SealPlan
    before: dict[str, str]
    after: dict[str, str]

    def kinds(self) -> list[RefusalKind]:
        return [r.kind for r in self.plan.refusals]

    def messages(self) -> list[str]:
        return [str(r) for r in self.plan.refusals]


def write_files(root: Path, files: dict[str, str]) -> None:
    """Each file byte for byte (no dedent, newlines as given)."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as out:
            out.write(text)


def read_files(root: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*.py")):
        with path.open(encoding="utf-8", newline="") as handle:
            found[path.relative_to(root).as_posix()] = handle.read()
    return found


def plan_for(
    root: Path,
    unit: str = "billing",
    *,
    facade: str | None = None,
    tests: bool = False,
    depth: int | None = None,
    write: bool = False,
    cwd: Path | None = None,
) -> SealPlan:
    """`coupling seal UNIT ROOT` run from `cwd` (default: root), with --apply when `write`,
    as the pipeline runs it."""
    settings = settings_for(root, root / ".out", depth=depth, cwd=cwd)
    return run_seal(settings, SealRequest(unit, facade, tests), write=write)


def seal(
    root: Path,
    files: dict[str, str],
    unit: str = "billing",
    *,
    facade: str | None = None,
    tests: bool = False,
    depth: int | None = None,
) -> Sealed:
    """Write `files` under root (beside the billing unit above), seal, apply, read back."""
    write_files(root, {**BILLING, **files} if unit == "billing" else files)
    return seal_existing(root, unit, facade=facade, tests=tests, depth=depth)


def seal_existing(
    root: Path,
    unit: str = "billing",
    *,
    facade: str | None = None,
    tests: bool = False,
    depth: int | None = None,
) -> Sealed:
    before = read_files(root)
    plan = plan_for(root, unit, facade=facade, tests=tests, depth=depth, write=True)
    return Sealed(root, plan, before, read_files(root))


def run_python(root: Path, code: str, *, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run code in a fresh interpreter that imports from root first."""
    env = {**os.environ, "PYTHONPATH": str(root), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def dedent(text: str) -> str:
    return textwrap.dedent(text)
