"""The real trees timed: Django and Home Assistant, each copied into a fresh git repository.

Releases come from the package index as wheels (`pip download`), unpacked once into
~/.cache/coupling-bench/ and reused; the installed Django is used when it is the wanted release.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

CACHE = Path.home() / ".cache" / "coupling-bench"
DJANGO = "6.1.3"
DJANGO_BEFORE = "6.1.2"  # the older side of `coupling diff`
HOME_ASSISTANT = "2026.2.3"  # the newest release this package index has
WHEEL_PYTHON = "3.14"  # both need a newer Python than 3.11: the wheels are fetched for 3.14
_GIT = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com"]


def django_source(version: str = DJANGO) -> tuple[Path, str]:
    """The django package folder of `version`, and where it came from."""
    spec = importlib.util.find_spec("django")
    if spec and spec.submodule_search_locations and installed_version("django") == version:
        return Path(spec.submodule_search_locations[0]), "the installed package"
    installed = (
        f"the installed Django is {installed_version('django')}" if spec else "none is installed"
    )
    return unpacked("django", version, f"django{version}") / "django", f"its wheel ({installed})"


def home_assistant_source() -> Path:
    return unpacked("homeassistant", HOME_ASSISTANT, f"ha{HOME_ASSISTANT}") / "homeassistant"


def unpacked(project: str, version: str, folder: str) -> Path:
    """CACHE/folder holding the wheel of project==version, downloaded and unzipped when missing."""
    target = CACHE / folder
    if (target / project).is_dir():
        return target
    wheels = list(CACHE.glob(f"{project}-{version}-*.whl"))
    if not wheels:
        _download(project, version)
        wheels = list(CACHE.glob(f"{project}-{version}-*.whl"))
    with zipfile.ZipFile(wheels[0]) as wheel:
        wheel.extractall(target)
    return target


def _download(project: str, version: str) -> None:
    CACHE.mkdir(parents=True, exist_ok=True)
    log = CACHE / f"pip-{project}-{version}.log"
    command = [
        *(sys.executable, "-m", "pip", "download", f"{project}=={version}", "--no-deps"),
        *("--only-binary=:all:", "--python-version", WHEEL_PYTHON, "-d", str(CACHE)),
    ]
    with log.open("w") as stream:  # pip lists every version it knows when it fails: not printed
        failed = subprocess.run(command, stdout=stream, stderr=subprocess.STDOUT, check=False)
    if failed.returncode:
        raise SystemExit(f"pip download {project}=={version} failed; see {log}")


def installed_version(project: str) -> str | None:
    try:
        return importlib.metadata.version(project)
    except importlib.metadata.PackageNotFoundError:
        return None


def git_copy(package: Path, repo: Path) -> Path:
    """A git repository `repo` with one commit holding a copy of `package`; returns the copy."""
    copy = _copy(package, repo / package.name)
    commit(repo, "tree", init=True)
    return copy


def _copy(package: Path, into: Path) -> Path:
    return Path(shutil.copytree(package, into, ignore=shutil.ignore_patterns("__pycache__")))


def commit(repo: Path, message: str, init: bool = False) -> None:
    if init:
        subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    subprocess.run([*_GIT, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*_GIT, "commit", "-q", "-m", message], cwd=repo, check=True)


def diff_repo(repo: Path) -> Path:
    """A git repository whose two commits hold Django DJANGO_BEFORE, then DJANGO."""
    git_copy(django_source(DJANGO_BEFORE)[0], repo)
    shutil.rmtree(repo / "django")
    _copy(django_source(DJANGO)[0], repo / "django")
    commit(repo, DJANGO)
    return repo


def python_files(package: Path) -> list[Path]:
    return sorted(package.rglob("*.py"))
