"""The hooks of .pre-commit-hooks.yaml, driven by the real `pre-commit try-repo` against a
temporary git repository holding the example monolith (pre-commit installs this repository
into its own environment, as it would for a user).

Imports: pre_commit (the tool, run as a process); coupling's check and scan through the hooks.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import REPO, git

Repo = Callable[..., Path]


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One environment install for the module's runs."""
    return tmp_path_factory.mktemp("pre-commit-home")


def _try_repo(repo: Path, hook: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), hook, "--color", "never"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def _stage_append(repo: Path, rel: str, text: str) -> None:
    path = repo / rel
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    git(repo, "add", rel)


def test_a_commit_importing_into_a_frozen_unit_is_rejected_a_harmless_one_passes(
    techcorp: Repo, pre_commit_home: Path
) -> None:
    repo = techcorp('frozen = ["reporting"]')
    dates = repo / "src" / "utils" / "dates.py"
    dates.write_text(
        dates.read_text(encoding="utf-8").replace("expected a date like", "expected a day like"),
        encoding="utf-8",
    )
    git(repo, "add", "src/utils/dates.py")
    harmless = _try_repo(repo, "coupling-check", pre_commit_home)
    assert harmless.returncode == 0, harmless.stdout + harmless.stderr
    assert "coupling check" in harmless.stdout and "Passed" in harmless.stdout
    git(repo, "commit", "-q", "-m", "a clearer message")

    _stage_append(repo, "src/users/service.py", "from reporting.builders import Report\n")
    line = (repo / "src" / "users" / "service.py").read_text().count("\n")
    frozen = _try_repo(repo, "coupling-check", pre_commit_home)
    assert frozen.returncode == 1
    assert "coupling check" in frozen.stdout and "Failed" in frozen.stdout
    assert (
        "frozen: reporting is frozen: users now imports Report from reporting.builders "
        f"(src/users/service.py:{line})"
    ) in frozen.stdout


def test_the_scan_hook_fails_once_and_stages_the_refreshed_reports(
    techcorp: Repo, pre_commit_home: Path
) -> None:
    repo = techcorp()
    _stage_append(repo, "src/billing/tasks.py", "from users.preferences import get_preferences\n")
    first = _try_repo(repo, "coupling-scan", pre_commit_home)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "coupling: the reports were stale (new import: billing imports get_preferences" in (
        first.stdout
    )
    staged = git(repo, "diff", "--cached", "--name-only").split()
    assert "analysis/coupling/coupling.json" in staged
    assert "analysis/coupling/dependency-matrix.md" in staged
    again = _try_repo(repo, "coupling-scan", pre_commit_home)
    assert again.returncode == 0, again.stdout + again.stderr
    assert _try_repo(repo, "coupling-check", pre_commit_home).returncode == 0


def test_the_scan_hook_does_not_write_a_broken_ratchet_into_the_reports(
    techcorp: Repo, pre_commit_home: Path
) -> None:
    repo = techcorp('frozen = ["reporting"]')
    _stage_append(repo, "src/users/service.py", "from reporting.builders import Report\n")
    refused = _try_repo(repo, "coupling-scan", pre_commit_home)
    assert refused.returncode == 1
    assert "frozen: reporting is frozen" in refused.stdout
    assert git(repo, "diff", "--cached", "--name-only").split() == ["src/users/service.py"]
