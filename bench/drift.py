"""`coupling check` on a Django tree (a git repository) beside `tach check` on the same tree,
as pre-commit runs them: nothing changed, one function added to a file, and one new import between units
(which also changes the import structure, so the cycle shapes are computed again).

tach is given one module per Django sub-package, its dependencies written by `tach sync`.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

# New imports between units, one per run: each adds a module edge the last run did not have.
NEW_IMPORTS = [
    "from django.db.models.fields import Field as _BenchField",
    "from django.forms.fields import CharField as _BenchCharField",
    "from django.http.request import HttpRequest as _BenchRequest",
    "from django.urls.base import reverse as _bench_reverse",
    "from django.core.mail import send_mail as _bench_send_mail",
    "from django.template.loader import render_to_string as _bench_render",
    "from django.views.generic.base import View as _BenchView",
    "from django.middleware.csrf import get_token as _bench_get_token",
    "from django.apps.registry import apps as _bench_apps",
]
EDITED = "django/utils/text.py"


def measure_check(tree: Path) -> str:
    """A markdown table of median wall-clock times; `tree` holds a copy of the django package."""
    _tach_config(tree)
    subprocess.run(["tach", "sync"], cwd=tree, check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "coupling", "scan", "django", "-q"], cwd=tree, check=True)
    time.sleep(2.1)  # past the cache's racy window, as between real commits

    def coupling() -> float:
        return _timed([sys.executable, "-m", "coupling", "check", "django"], tree)

    def tach() -> float:
        return _timed(["tach", "check"], tree)

    coupling()  # the first run after a scan writes the result cache
    rows = [
        ("nothing changed", _median(9, coupling), _median(9, tach)),
        (
            "one function added to a file",
            *_after_edits(
                tree,
                [f"\n\ndef _bench_{i}(x):\n    return x + {i}\n" for i in range(len(NEW_IMPORTS))],
                coupling,
                tach,
            ),
        ),
        (
            "one new import between units",
            *_after_edits(tree, [f"\n{line}\n" for line in NEW_IMPORTS], coupling, tach),
        ),
    ]
    files = sum(1 for _ in (tree / "django").rglob("*.py"))
    lines = [
        f"coupling check beside tach check, Django ({files:,} files), wall clock incl. interpreter "
        "start, median of 9 runs",
        "",
        "| change since the last run | coupling check | tach check |",
        "|---|---|---|",
        *(f"| {name} | {ours:.2f} s | {theirs:.2f} s |" for name, ours, theirs in rows),
    ]
    return "\n".join(lines)


def _after_edits(
    tree: Path, edits: list[str], coupling: Callable[[], float], tach: Callable[[], float]
) -> tuple[float, float]:
    """Each edit appended to one file, then one run of each tool: the first run to see it."""
    ours, theirs = [], []
    target = tree / EDITED
    for edit in edits:
        target.write_text(target.read_text(encoding="utf-8") + edit, encoding="utf-8")
        ours.append(coupling())
        theirs.append(tach())
    return statistics.median(ours), statistics.median(theirs)


def _tach_config(tree: Path) -> None:
    package = tree / "django"
    modules = sorted(
        [f"django.{p.name}" for p in package.iterdir() if (p / "__init__.py").is_file()]
        + [f"django.{p.stem}" for p in package.glob("*.py") if p.name != "__init__.py"]
    )
    blocks = [f'[[modules]]\npath = "{name}"\ndepends_on = []\n' for name in ["django", *modules]]
    (tree / "tach.toml").write_text(
        'exclude = ["**/__pycache__"]\nsource_roots = ["."]\n\n' + "\n".join(blocks),
        encoding="utf-8",
    )


def _timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, capture_output=True, check=False)
    return time.perf_counter() - started


def _median(runs: int, action: Callable[[], float]) -> float:
    return statistics.median(action() for _ in range(runs))


def copy_django(django_source: Path, tree: Path) -> Path:
    tree.mkdir(parents=True)
    shutil.copytree(django_source, tree / "django")
    return tree
