"""The stages in order (DESIGN.md §3)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import tempfile
from contextlib import suppress
from pathlib import Path
from typing import Any

from coupling import __version__
from coupling.cache import collect_facts, fact_digests, recall, remember
from coupling.cache.codec import from_data, to_data
from coupling.discover import discover
from coupling.drift.check import compare
from coupling.drift.snapshot import export_revision
from coupling.drift.summary import summarise
from coupling.errors import ConfigError, InputError
from coupling.inputs.codeowners import read_owners
from coupling.inputs.coverage import read_coverage
from coupling.inputs.history import read_history
from coupling.inputs.metrics import read_metrics
from coupling.records import (
    CheckResult,
    CycleShape,
    Inputs,
    Problem,
    Progress,
    Project,
    ScanOutcome,
    Settings,
    Side,
    Summary,
)


def evaluate(settings: Settings, progress: Progress | None = None) -> ScanOutcome:
    """Every stage but writing: what `score` and `explain` show."""
    project = discover(settings)
    return _evaluate(settings, project, _inputs(settings, project), progress)


def scan(
    settings: Settings, progress: Progress | None = None, *, stage: bool = False
) -> ScanOutcome:
    """Analyse settings.path and write the reports to settings.out (and `git add` them)."""
    from coupling.render.reports import render_reports
    from coupling.render.write import write_reports

    project = discover(settings)
    inputs = _inputs(settings, project)
    outcome = _evaluate(settings, project, inputs, progress)
    reports = render_reports(outcome.assessment)
    written = write_reports(settings.out, reports, stage=stage)
    key = _key(settings, project, inputs, fact_digests(project, settings))
    if key:
        remember(settings, key, reports["coupling.json"])
    return dataclasses.replace(outcome, written=written)


def document(settings: Settings, history_at: str = "") -> dict[str, Any]:
    """coupling.json, as data, as a scan would write it now (with git history from commit
    `history_at` when given); from the cache when no file's facts changed."""
    project = discover(settings)
    inputs = _inputs(settings, project, history_at)
    key = _key(settings, project, inputs, fact_digests(project, settings))
    if key and (stored := recall(settings, key)) is not None:
        with suppress(ValueError):
            cached: dict[str, Any] = json.loads(stored)
            return cached
    from coupling.render.coupling_json import json_document

    data = json_document(_evaluate(settings, project, inputs, None).assessment)
    if key:
        remember(settings, key, json.dumps(data, separators=(",", ":")))
    return data


def check(settings: Settings, *, missing_ok: bool = False) -> CheckResult:
    """The code now against the committed coupling.json beside the reports; with
    `missing_ok`, no reports yet is one stale problem rather than an error."""
    baseline = settings.out / "coupling.json"
    stored = None if missing_ok and not baseline.exists() else _baseline(baseline)
    # History as the baseline read it: commits made since change no figure a check compares.
    fresh = summarise(document(settings, stored.history_head if stored else ""))
    _known_units(settings, list(fresh.fan_in))
    shown = (
        baseline.relative_to(settings.root) if baseline.is_relative_to(settings.root) else baseline
    ).as_posix()
    if stored is None:
        return CheckResult((Problem("stale", "no reports yet"),), (), shown)
    return compare(fresh, stored, settings.check, shown)


def refresh(
    settings: Settings, progress: Progress | None = None
) -> tuple[CheckResult, ScanOutcome | None]:
    """For pre-commit: rewrite and stage the reports when they are stale, unless a ratchet
    breaks (refreshing then would write the breach into the baseline)."""
    result = check(settings, missing_ok=True)
    if not result.problems or any(p.rule != "stale" for p in result.problems):
        return result, None
    return result, scan(settings, progress, stage=True)


def diff(settings: Settings, before: str, after: str | None = None) -> str:
    """The change in coupling from revision `before` to `after` (None: the working tree), as
    markdown. Both sides are analysed with today's settings and without git history, so
    that only the code differs; revisions are exported to a temporary folder."""
    from coupling.drift.diff import compare_sides
    from coupling.render.diff_markdown import render_diff

    plain = dataclasses.replace(
        settings,
        git_history=False,
        inputs=dataclasses.replace(settings.inputs, coverage=None),
    )
    with tempfile.TemporaryDirectory(prefix="coupling-diff-") as temp:
        old = _side_at(plain, before, Path(temp) / "before")
        new = (
            _side_at(plain, after, Path(temp) / "after")
            if after is not None
            else Side("the working tree", summarise(document(plain)))
        )
    return render_diff(compare_sides(old, new))


def _side_at(settings: Settings, revision: str, into: Path) -> Side:
    snapshot = export_revision(settings.path, revision, into)

    def moved(path: Path) -> Path:
        inside = path.is_relative_to(snapshot.top)
        return snapshot.root / path.relative_to(snapshot.top) if inside else path

    path = moved(settings.path)
    if not path.is_dir():
        raise InputError(
            f"is not a folder at {revision}; give a revision that has it",
            path=path.relative_to(snapshot.root) if path.is_relative_to(snapshot.root) else path,
        )

    def as_then(file: Path | None) -> Path | None:
        """An input file as it was at the revision; None when it did not exist there."""
        if file is None or not file.is_relative_to(snapshot.top):
            return file
        return moved(file) if moved(file).is_file() else None

    inputs = settings.inputs
    there = dataclasses.replace(
        settings,
        path=path,
        root=moved(settings.root),
        out=moved(settings.out),
        cache=False,
        tests=None if settings.tests is None else tuple(map(moved, settings.tests)),
        # Coverage was measured on the working tree: it says nothing about a revision.
        inputs=Inputs(as_then(inputs.codeowners), as_then(inputs.history), as_then(inputs.metrics)),
    )
    return Side(snapshot.label, summarise(document(there)))


def _known_units(settings: Settings, units: list[str]) -> None:
    """A ratchet on a unit that does not exist would hold nothing: a typo, or a rename."""
    named = [*settings.check.frozen, *(unit for unit, _limit in settings.check.max_fan_in)]
    unknown = sorted(set(named) - set(units))
    if unknown:
        raise ConfigError(
            f"check names unknown unit(s) {', '.join(unknown)}; units here: {', '.join(sorted(units))}",
            path=settings.config_file,
        )


def _inputs(settings: Settings, project: Project, history_at: str = "") -> dict[str, Any]:
    return {
        "coverage": read_coverage(settings.inputs.coverage, project),
        "history": read_history(settings, project, history_at),
        "ownership": read_owners(settings, project),
        "metrics": read_metrics(settings.inputs.metrics, project),
    }


def _evaluate(
    settings: Settings, project: Project, inputs: dict[str, Any], progress: Progress | None
) -> ScanOutcome:
    # Imported here: `coupling check` answers from the cache without loading them.
    from coupling.graph import build_graph
    from coupling.measure import measure
    from coupling.risks import assess_risks
    from coupling.score import assess

    collected = collect_facts(project, settings, progress)
    known = _known_shape(settings, project)
    analysis = measure(
        build_graph(project, collected),
        settings,
        inputs["coverage"],
        inputs["history"],
        inputs["ownership"],
        known=known,
    )
    if analysis.shape is not None and analysis.shape != known:
        remember(settings, _shape_key(project), json.dumps(to_data(analysis.shape)))
    assert settings.rules.scoring is not None and settings.rules.risks is not None
    assessment = assess(analysis, settings.rules.scoring, inputs["metrics"])
    assessment = assess_risks(assessment, settings.rules.risks, settings.rules.scoring)
    return ScanOutcome(
        assessment, written=(), reused=collected.reused, cache_note=collected.cache_note
    )


def _key(
    settings: Settings, project: Project, inputs: dict[str, Any], digests: dict[str, str] | None
) -> str | None:
    """What a result depends on: this version, the settings, the project's shape, every
    file's facts (not its bytes: an edit that changes no fact changes no result), the inputs."""
    if digests is None:
        return None
    neutral = dataclasses.replace(settings, out=Path(), jobs=0, cache=True)
    shape = dataclasses.replace(project, files=(), test_files=())
    files = [
        (f.rel, f.module, f.unit, f.is_package, f.is_test, digests[f.rel])
        for f in project.files + project.test_files
    ]
    parts = [
        __version__,
        to_data(neutral),
        to_data(shape),
        files,
        {k: to_data(v) for k, v in inputs.items()},
    ]
    return (
        "result:"
        + hashlib.blake2b(json.dumps(parts, sort_keys=True).encode(), digest_size=20).hexdigest()
    )


def _known_shape(settings: Settings, project: Project) -> CycleShape | None:
    """The cycle shape of this PATH's last run: measure reuses it when imports kept theirs."""
    stored = recall(settings, _shape_key(project))
    if stored is None:
        return None
    try:
        return from_data(CycleShape, json.loads(stored))
    except (ValueError, KeyError, TypeError, RecursionError):
        return None


def _shape_key(project: Project) -> str:
    return f"shape:{project.scan_path}:{project.depth}"


def _baseline(path: Path) -> Summary:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(
            "no baseline: run `coupling scan` and commit the reports", path=path
        ) from exc
    except (OSError, ValueError) as exc:
        raise InputError(
            f"not a coupling.json ({exc}); run `coupling scan` to rewrite it", path=path
        ) from exc
    if not isinstance(document, dict) or document.get("schema") != 1:
        raise InputError(
            "not a coupling.json of this version of coupling; run `coupling scan`", path=path
        )
    try:
        return summarise(document)
    except ValueError as exc:
        raise InputError(
            f"not a coupling.json ({exc}); run `coupling scan` to rewrite it", path=path
        ) from exc
