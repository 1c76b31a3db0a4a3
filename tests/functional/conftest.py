from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from coupling.cli import main
from tests.support import ASSETS

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
