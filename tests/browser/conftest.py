"""The browser tests' fixtures: Debian's Chromium driven by Playwright, fully offline, and the
reports of real scans (the example, Django, a synthetic 500-unit monolith).

`make test-browser` installs what they need (Chromium with apt-get, mermaid with npm, the
Python packages with pip); Playwright's own browser builds are never downloaded.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route, sync_playwright

from tests.browser.synthetic import write_monolith
from tests.support import EXAMPLE_SRC

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"  # pages, rendered diagrams and screenshots, for people to look at
SCREENSHOTS = OUT / "screenshots"
CASES = ("example", "django", "synthetic-500")


def chromium_path() -> str:
    """$CHROMIUM, else Debian's launcher (/usr/bin/chromium execs /usr/lib/chromium/chromium)."""
    for candidate in (os.environ.get("CHROMIUM", ""), "chromium", "/usr/lib/chromium/chromium"):
        if candidate and (found := shutil.which(candidate)):
            return found
    pytest.skip("no Chromium: `make test-browser` installs Debian's (apt-get install chromium)")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        # /dev/shm is small in containers: Chromium crashes on big canvases without this.
        launched = playwright.chromium.launch(
            executable_path=chromium_path(), args=["--disable-dev-shm-usage"]
        )
        yield launched
        launched.close()


@dataclass
class Offline:
    """A page that may load file: URLs only, and what it asked for and logged."""

    page: Page
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def open(self, path: Path) -> None:
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function("window.__report && window.__report.ready === true")

    def assert_clean(self) -> None:
        assert self.blocked == [], f"network requests were attempted: {self.blocked}"
        assert all(url.startswith(("file:", "data:", "about:")) for url in self.requests)
        assert self.console_errors == []
        assert self.page_errors == []


@contextmanager
def offline_page(browser: Browser) -> Iterator[Offline]:
    """A fresh context whose every request but file: and data: is aborted and recorded."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, device_scale_factor=1)
    page = context.new_page()
    watch = Offline(page)

    def only_files(route: Route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            watch.blocked.append(url)
            route.abort()

    context.route("**/*", only_files)
    page.on("request", lambda request: watch.requests.append(request.url))
    page.on("console", lambda m: watch.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: watch.page_errors.append(str(error)))
    try:
        yield watch
    finally:
        context.close()


@pytest.fixture
def offline(browser: Browser) -> Iterator[Offline]:
    with offline_page(browser) as watch:
        yield watch


@dataclass(frozen=True)
class Scanned:
    """The reports `coupling scan --html` wrote for one case, and where."""

    name: str
    source: Path  # the PATH scanned
    out: Path

    @property
    def page(self) -> Path:
        return self.out / "report.html"

    def document(self) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads((self.out / "coupling.json").read_text())
        return loaded


def coupling(*args: str, cwd: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "coupling", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _source(name: str, work: Path) -> Path:
    if name == "example":
        return EXAMPLE_SRC
    if name == "django":
        spec = find_spec("django")  # installed with the dev tools; read, never imported
        assert spec and spec.origin
        return Path(shutil.copytree(Path(spec.origin).parent, work / "django"))
    return write_monolith(work, units=int(name.split("-")[1]))


@pytest.fixture(scope="session")
def scans(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Scanned]]:
    """Each case scanned once per session, on first use."""

    class Lazy(dict[str, Scanned]):
        def __missing__(self, name: str) -> Scanned:
            work = tmp_path_factory.mktemp(name)
            source = _source(name, work)
            out = work / "reports"
            # From the folder above PATH, as a user would: no config, tests or history of ours.
            scan = ("scan", source.name, "--html", "--out", str(out), "--no-cache", "-q")
            coupling(*scan, cwd=source.parent)
            OUT.mkdir(exist_ok=True)
            shutil.copy(out / "report.html", OUT / f"{name}.html")
            self[name] = Scanned(name, source, out)
            return self[name]

    yield Lazy()


def matrix_rows(document: dict[str, Any]) -> list[list[int]]:
    return [[count or 0 for count in row] for row in document["matrix"]["rows"]]
