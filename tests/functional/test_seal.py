"""`coupling seal` through the CLI: on a copy of the example monolith (its own test suite and
every one of its modules run in a subprocess before and after), on a copy of a real package
(grimp, a dependency of coupling), and on bad input.

Imports: coupling.cli (seal, scan) through the CLI runner; the example monolith.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import grimp
import pytest

from tests.functional.conftest import Run
from tests.seal_support import read_files, write_files
from tests.support import EXAMPLE

Example = Callable[[], Path]

PATCH = 'mock.patch("notifications.sender.send_notification")'


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Example:
    """A copy of the example monolith, made the working folder (its coupling.toml says
    `path = "src"`)."""

    def copy() -> Path:
        root = Path(shutil.copytree(EXAMPLE, tmp_path / "techcorp", ignore=_ignored))
        monkeypatch.chdir(root)
        return root

    return copy


_ignored = shutil.ignore_patterns(".coupling", "__pycache__")


def _quiet_env(root: Path) -> dict[str, str]:
    """The environment of a subprocess running the example: its src/ first, and none of
    pytest-cov's variables (they would measure the example as if it were coupling)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COV_CORE")}
    return {**env, "PYTHONPATH": str(root / "src"), "PYTHONDONTWRITEBYTECODE": "1"}


# No cache or plugin of ours in the example's run; its test folders have no __init__.py and
# share basenames, so pytest must import them as files.
_QUIET = [
    *("-q", "-p", "no:cacheprovider", "-p", "no:hypothesispytest", "-p", "no:cov"),
    *("--import-mode=importlib", "-c", os.devnull),
]


def _passing_tests(root: Path) -> set[str]:
    """The example's own tests that pass. Not all of them do, sealed or not (it is a
    made-up monolith written to be read, and a few of its tests fail on their own): the
    seal must keep exactly the same ones passing."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests",
            "-rA",
            "--tb=no",
            "--rootdir",
            str(root),
            *_QUIET,
        ],
        cwd=root,
        env=_quiet_env(root),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    passed = {line.split()[1] for line in done.stdout.splitlines() if line.startswith("PASSED ")}
    assert len(passed) >= 80, done.stdout[-3000:] + done.stderr[-3000:]
    return passed


IMPORT_EACH = """\
import importlib, json, pathlib, sys
src = pathlib.Path("src")
names = sorted(
    ".".join(p.relative_to(src).with_suffix("").parts).removesuffix(".__init__")
    for p in src.rglob("*.py")
)
tops = {name.split(".")[0] for name in names}
failed = {}
for name in names:
    for loaded in [m for m in sys.modules if m.split(".")[0] in tops]:
        del sys.modules[loaded]  # each module imported as if first: order cannot hide a cycle
    try:
        importlib.import_module(name)
    except Exception as error:
        failed[name] = repr(error)
print(json.dumps({"modules": len(names), "failed": failed}))
"""


def _import_each_module(root: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_EACH],
        cwd=root,
        env=_quiet_env(root),
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def _refused(summary: str) -> list[str]:
    """The refusals a summary lists, one `file:line: why` each."""
    lines = summary.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("  refused: "))
    return [line.strip() for line in lines[start + 1 :] if line.startswith("    ")]


def _past_the_facade(root: Path, unit: str) -> set[tuple[str, int]]:
    """(file, line) of each import statement the scan's coupling.json lists into `unit`
    through a module that is not one of its facade modules."""
    document = json.loads((root / "analysis/coupling/coupling.json").read_text(encoding="utf-8"))
    (surface,) = [s for s in document["public_surface"] if s["unit"] == unit]
    found = {
        (item["file"], item["line"])
        for dependency in document["dependencies"]
        if dependency["imported"] == unit
        for item in dependency["evidence"]
        if item["imported"] not in surface["facade"]
    }
    assert len(found) == surface["incoming"] - surface["through_facade"]
    return found


def test_sealing_the_example_keeps_its_tests_and_modules_and_empties_its_boundary(
    example: Example, run: Run
) -> None:
    root = example()
    passing = _passing_tests(root)
    source = read_files(root / "src")
    assert len(_past_the_facade(root, "notifications")) == 5  # as the committed reports say

    shown = run("seal", "notifications")
    assert shown.exit_code == 1  # refusals: the patch target in the example's tests
    assert shown.stdout.startswith(
        "--- a/src/billing/subscriptions.py\n+++ b/src/billing/subscriptions.py\n"
    )
    assert "-from notifications.models import Notification\n" in shown.stdout
    assert "+from notifications import Notification\n" in shown.stdout
    assert read_files(root / "src") == source  # a dry run changes nothing

    applied = run("seal", "notifications", "--apply")
    assert applied.exit_code == 1
    assert "--- a/" not in applied.stdout
    assert applied.stdout.startswith(
        "coupling seal: sealed notifications behind notifications (src/notifications/__init__.py)\n"
        "  imports rewritten: 2 (2 at module level, 0 inside functions, 0 under TYPE_CHECKING)\n"
    )
    assert [line.split(": ")[0] for line in _refused(applied.stdout)] == [
        "src/billing/invoices.py:245",
        "src/billing/payments.py:92",
        "src/users/service.py:94",
        "tests/users/test_service.py:15",
    ]
    changed = {rel for rel, text in read_files(root / "src").items() if source[rel] != text}
    assert changed == {"billing/subscriptions.py", "billing/tasks.py", "notifications/__init__.py"}
    for rel in changed:
        compile((root / "src" / rel).read_text(encoding="utf-8"), rel, "exec")
    again = run("seal", "notifications", "--apply")
    assert "  files touched: 0\n" in again.stdout
    assert _refused(again.stdout) == _refused(applied.stdout)

    # What is left past the facade is what the seal refused: the lookups the patch reaches.
    assert run("scan", "--quiet").exit_code == 0
    assert _past_the_facade(root, "notifications") == {
        ("src/billing/invoices.py", 245),
        ("src/billing/payments.py", 16),  # used at line 92, inside a function
        ("src/users/service.py", 94),
    }
    assert _passing_tests(root) == passing

    # The fix the refusal asks for: patch the name where it is now looked up, and seal again.
    test_service = root / "tests/users/test_service.py"
    patched = PATCH.replace("notifications.sender.", "notifications.")
    test_service.write_text(test_service.read_text().replace(PATCH, patched))
    finished = run("seal", "notifications", "--apply")
    assert finished.exit_code == 0, finished.stdout
    assert run("scan", "--quiet").exit_code == 0
    assert _past_the_facade(root, "notifications") == set()
    assert _passing_tests(root) == passing
    assert _import_each_module(root) == {"modules": 44, "failed": {}}


def test_an_unknown_unit_is_a_one_line_error_with_the_closest_names(
    example: Example, run: Run
) -> None:
    example()
    done = run("seal", "notifcations")
    assert done.exit_code == 2
    assert done.stderr == (
        "coupling: error: src: no unit 'notifcations' here; closest: notifications; "
        "units: auth, billing, notifications, reporting, users, utils\n"
    )


def test_a_facade_that_is_no_module_of_the_unit_is_a_one_line_error(
    example: Example, run: Run
) -> None:
    example()
    done = run("seal", "notifications", "--facade", "notifications.apy")
    assert done.exit_code == 2
    assert done.stderr == (
        "coupling: error: --facade notifications.apy: no such module in notifications; "
        "its modules include notifications, notifications.handlers, notifications.channels\n"
    )


def test_a_clean_seal_exits_0_and_a_second_run_changes_nothing(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(
        tmp_path,
        {
            "billing/__init__.py": "",
            "billing/models.py": "class Invoice:\n    pass\n",
            "users/__init__.py": "",
            "users/views.py": "from billing.models import Invoice\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    first = run("seal", "billing", "--apply")
    assert (first.exit_code, first.stderr) == (0, "")
    assert first.stdout.endswith(
        'To keep it sealed: sealed = ["billing"] in [check] makes `coupling check` fail on a '
        "new import past the facade.\n"
    )
    assert (tmp_path / "users/views.py").read_text() == "from billing import Invoice\n"
    second = run("seal", "billing")
    assert second.exit_code == 0
    assert second.stdout.endswith("Nothing to change: no import past billing can move.\n")


GRIMP = Path(grimp.__file__).parent
DEEP_IMPORTS = """\
import grimp, json, sys
assert grimp.__file__.startswith(sys.argv[1]), grimp.__file__
graph = grimp.build_graph("grimp")  # the smoke call: the sealed copy builds its own graph
unit = "grimp.application"
deep = sorted(
    (detail["importer"], detail["imported"], detail["line_number"])
    for module in graph.modules
    if module.startswith(unit + ".")
    for importer in graph.find_modules_that_directly_import(module)
    if not importer.startswith(unit)
    for detail in graph.get_import_details(importer=importer, imported=module)
)
print(json.dumps({"modules": len(graph.modules), "deep": deep}))
"""


def test_a_sealed_copy_of_a_real_package_imports_and_runs(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = Path(shutil.copytree(GRIMP, tmp_path / "grimp", ignore=_ignored))
    monkeypatch.chdir(tmp_path)

    def deep_imports() -> dict[str, object]:
        done = subprocess.run(
            [sys.executable, "-c", DEEP_IMPORTS, str(copy)],
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(tmp_path), "PYTHONDONTWRITEBYTECODE": "1"},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        result: dict[str, object] = json.loads(done.stdout)
        return result

    before = deep_imports()
    assert len(before["deep"]) >= 10  # type: ignore[arg-type]  # the copy reaches past first
    done = run("seal", "application", "grimp", "--apply")
    assert done.exit_code == 0, done.output
    assert "  refused: 0\n" in done.stdout
    after = deep_imports()
    assert after == {"modules": before["modules"], "deep": []}
    assert run("seal", "application", "grimp").stdout.endswith(
        "no import past grimp.application can move.\n"
    )
