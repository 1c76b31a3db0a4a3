"""Helpers shared by the tests: real files in temp folders, real parses, no stubs."""

from __future__ import annotations

import os
import subprocess
import textwrap
from pathlib import Path

from coupling.cache import open_session
from coupling.config import Flags, load_settings
from coupling.config.rules import load_rules
from coupling.discover import discover
from coupling.facts import extract_facts
from coupling.graph import build_graph
from coupling.measure import measure
from coupling.pipeline import evaluate
from coupling.records import (
    Analysis,
    Assessment,
    FileFacts,
    History,
    Inputs,
    ModuleGraph,
    Ownership,
    ProductionMetrics,
    Settings,
)
from coupling.score import assess
from coupling.score.context import gather

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "techcorp"
EXAMPLE_SRC = EXAMPLE / "src"
ASSETS = Path(__file__).resolve().parent / "functional" / "assets"


def facts_of(source: str) -> FileFacts:
    """Source in, facts out: the extractor tests' one-liner."""
    return extract_facts(textwrap.dedent(source).encode())


def targets_of(source: str) -> list[tuple[str, ...]]:
    return [fact.targets for fact in facts_of(source).imports]


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Create `files` (path → dedented source) under root; return root."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def settings_for(
    path: Path,
    out: Path,
    *,
    cwd: Path | None = None,
    cache: bool = False,
    depth: int | None = None,
    jobs: int | None = None,
) -> Settings:
    return load_settings(path, cwd or path, Flags(out=out, cache=cache, depth=depth, jobs=jobs))


# What a scan reads besides the code, when it reads nothing.
NO_INPUTS = Inputs(
    coverage=None,
    history=History(source="", note="history not read"),
    ownership=Ownership(source=""),
    metrics=ProductionMetrics(source=""),
)


def graph_of(settings: Settings) -> ModuleGraph:
    project = discover(settings)
    with open_session(settings) as cache:
        return build_graph(project, cache.facts(project))


def analyse(
    path: Path, out: Path, *, cwd: Path | None = None, depth: int | None = None
) -> Analysis:
    settings = settings_for(path, out, cwd=cwd, depth=depth)
    return measure(graph_of(settings), settings, NO_INPUTS)


def assessment_of(analysis: Analysis) -> Assessment:
    """Score an analysis with the shipped rules and no production metrics."""
    rules = load_rules()
    assert rules.scoring is not None
    return assess(gather(analysis, rules.scoring, ProductionMetrics(source="")))


def evaluated(root: Path, *, risks: int | None = None) -> Assessment:
    """The whole pipeline up to the assessment, as `coupling score` runs it on `root`, with no
    cache and the reports folder beside it."""
    flags = Flags(out=root.parent / "out", cache=False, risks=risks)
    return evaluate(load_settings(root, root.parent, flags)).assessment


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    done = subprocess.run(
        ["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout
