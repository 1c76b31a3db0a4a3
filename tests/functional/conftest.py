from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from coupling.cli import main
from tests.support import ASSETS, EXAMPLE, git

Run = Callable[..., Result]


@pytest.fixture
def asset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Path]:
    """Copy tests/functional/assets/NAME to a temp folder and work from there."""

    def copy(name: str) -> Path:
        target = Path(shutil.copytree(ASSETS / name, tmp_path / name))
        monkeypatch.chdir(target)
        return target

    return copy


@pytest.fixture
def run() -> Run:
    """Invoke the CLI in-process; stdout and stderr kept apart."""

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return invoke


@pytest.fixture
def techcorp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """The example monolith with its committed reports, in a fresh git repository made the
    working folder; `check` is appended to its coupling.toml as a [check] table."""

    def make(check: str = "") -> Path:
        repo = Path(
            shutil.copytree(
                EXAMPLE, tmp_path / "techcorp", ignore=shutil.ignore_patterns(".coupling")
            )
        )
        if check:
            with (repo / "coupling.toml").open("a", encoding="utf-8") as config:
                config.write(f"\n[check]\n{check}\n")
        git(repo, "init", "-q", "-b", "main")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "the monolith and its reports")
        monkeypatch.chdir(repo)
        return repo

    return make
