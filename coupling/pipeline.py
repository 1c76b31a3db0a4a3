"""The stages in order (docs/architecture.md): what each command runs.

PATH ─discover→ Project ─facts (cached)→ FileFacts ─graph→ ModuleGraph ─measure→ Analysis
     ─score→ Assessment ─risks→ Assessment ─render→ reports;  drift compares Summaries.
"""

from __future__ import annotations

import dataclasses
import difflib
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from coupling import records
from coupling.cache import open_session
from coupling.cache.keys import known_shape, remember_shape, result_key
from coupling.cache.written import remember_written, written_up_to_date
from coupling.discover import discover
from coupling.drift.baseline import read_baseline, remember_baseline, same_scope
from coupling.drift.check import compare
from coupling.drift.plans import committed_plans, plan_units, stale_plans
from coupling.drift.snapshot import export_revision
from coupling.drift.summary import decoded, encoded, summary_of
from coupling.errors import ConfigError, InputError
from coupling.inputs import inputs_while
from coupling.records import CheckResult, CheckRule, InputFiles, Problem, Side
from coupling.render.coupling_json import SCHEMA

if TYPE_CHECKING:
    from coupling.cache import CacheSession
    from coupling.records import (
        Assessment,
        Crossing,
        Diagram,
        Inputs,
        MadePlan,
        ModuleGraph,
        PlanOutcome,
        PlanRequest,
        Progress,
        Project,
        ScanDone,
        ScanOutcome,
        SealPlan,
        SealRequest,
        Settings,
        Summary,
    )


def evaluate(settings: Settings, progress: Progress | None = None) -> ScanOutcome:
    """Every stage but writing: what `score` and `explain` show."""
    with open_session(settings) as cache:
        project = discover(settings)
        inputs, _ = inputs_while(
            settings, project, cache, lambda: cache.parse_cold(project, progress)
        )
        return _evaluate(settings, project, inputs, cache, progress)


def explain(settings: Settings, unit: str) -> tuple[Assessment, Crossing]:
    """What `coupling explain` shows: the assessment and every import crossing the unit's
    boundary, grouped; an unknown unit is an InputError naming the closest ones."""
    from coupling.plan.names import crossing

    assessment = evaluate(settings).assessment
    project = assessment.analysis.project
    if unit not in project.units:
        raise InputError(_unknown_unit(unit, project.units), path=project.scan_path)
    return assessment, crossing(assessment.analysis.imports, unit)


def scan(
    settings: Settings,
    progress: Progress | None = None,
    *,
    stage: bool = False,
    html: bool = False,
) -> ScanDone:
    """Analyse settings.path and write the reports to settings.out (and `git add` them);
    report.html too with `html`, or when one is there already (so that it never goes stale
    beside the markdown). When no file's facts, input or setting changed since this folder's
    reports were written, and they are on disk as written, nothing is analysed or written."""
    with open_session(settings) as cache:
        project = discover(settings)
        inputs, digests = inputs_while(
            settings, project, cache, lambda: cache.digests(project, progress)
        )
        key = result_key(settings, project, inputs, digests)
        html = html or (settings.out / "report.html").is_file()
        wanted = _wanted(settings, html)
        if key and not stage and (done := written_up_to_date(cache, key, settings.out, wanted)):
            return dataclasses.replace(done, cache_note=cache.note)
        # The renderers load only when there is something to write.
        from coupling.render.reports import render_reports
        from coupling.render.terminal import scan_view
        from coupling.render.write import write_reports

        outcome = _evaluate(settings, project, inputs, cache, progress)
        reports = render_reports(outcome.assessment, html=html)
        # Plans committed beside the reports are kept up to date like them.
        plans = _committed(settings, outcome.assessment)
        reports |= {f"{PLANS}/{unit}.md": made.text for unit, made in plans.items() if made}
        written = write_reports(settings.out, reports, stage=stage)
        view = scan_view(outcome.assessment, len(outcome.assessment.analysis.accounting.skipped))
        if key:
            # A check right after this scan finds its summary here rather than analysing
            # again, and a scan finds what it wrote.
            cache.remember(key, encoded(summary_of(outcome.assessment, _digests(plans))))
            remember_written(cache, key, settings.out, written, view)
        remember_baseline(cache, reports["coupling.json"], summary_of(outcome.assessment), SCHEMA)
    return records.ScanDone(view, written, cache_note=cache.note)


def _wanted(settings: Settings, html: bool) -> frozenset[str]:
    """The report names that are not always written: report.html, the committed plans."""
    plans = {f"{PLANS}/{unit}.md" for unit in plan_units(settings.out / PLANS)}
    return frozenset(plans | ({"report.html"} if html else set()))


PLANS = "plans"  # the folder of committed plans, in the report folder


def plan(settings: Settings, request: PlanRequest) -> PlanOutcome:
    """`coupling plan UNIT`: the plan written to <reports>/plans/UNIT.md (or `request.out`),
    with `request.specs` its specs too; with `request.as_json`, the plan as JSON (written only
    to `request.out`). An unknown unit is an InputError naming the closest ones."""
    from coupling.render.plan.made import made_plan, plan_files
    from coupling.render.write import write_reports

    with open_session(settings) as cache:
        project = discover(settings)
        inputs, _ = inputs_while(settings, project, cache, lambda: cache.parse_cold(project))
        assessment = _evaluate(settings, project, inputs, cache, None).assessment
        order = assessment.analysis.imports.order
        if request.unit not in order:
            raise InputError(_unknown_unit(request.unit, order), path=project.scan_path)
        made = made_plan(assessment, request.unit, settings.rules.plan, _reports(settings))
        text, files = plan_files(made, request, settings.out / PLANS)
        written = [path for folder, found in files for path in write_reports(folder, found)]
        # The committed plans' digests, this one's included: a check right after is warm.
        key = result_key(settings, project, inputs, cache.digests(project))
        if key:
            found = _digests(_committed(settings, assessment)) | {request.unit: made.facts}
            cache.remember(key, encoded(summary_of(assessment, found)))
    return records.PlanOutcome(made.plan, text, tuple(written))


def _committed(
    settings: Settings, assessment: Assessment, units: tuple[str, ...] | None = None
) -> dict[str, MadePlan | None]:
    """The plans of the units whose plans are committed (or of `units`), made afresh."""
    from coupling.render.plan.made import made_plans

    wanted = plan_units(settings.out / PLANS) if units is None else units
    return made_plans(assessment, wanted, settings.rules.plan, _reports(settings))


def _digests(plans: Mapping[str, MadePlan | None]) -> dict[str, str]:
    from coupling.render.plan.made import digests

    return digests(plans)


def _reports(settings: Settings) -> str:
    """The report folder as the specs cite it: relative to the config's folder."""
    return _shown(settings.out, settings.root)


def _shown(path: Path, root: Path) -> str:
    """`path` relative to `root` when below it, else as it is."""
    return (path.relative_to(root) if path.is_relative_to(root) else path).as_posix()


def fresh_summary(
    settings: Settings, history_at: str = "", *, plans: bool = True, cache_at: Path | None = None
) -> Summary:
    """What a scan would write now, summarised (with git history from commit `history_at`
    when given; with `plans`, the digests of the committed plans' facts); from the cache (the
    one in `cache_at`, else the project's) when no file's facts changed."""
    with open_session(settings, cache_at) as cache:
        return _fresh_summary(settings, cache, history_at, plans=plans)


def _fresh_summary(
    settings: Settings, cache: CacheSession, history_at: str, *, plans: bool
) -> Summary:
    units = plan_units(settings.out / PLANS) if plans else ()
    project = discover(settings)
    inputs, digests = inputs_while(
        settings, project, cache, lambda: cache.digests(project), history_at
    )
    key = result_key(settings, project, inputs, digests)
    if (
        key
        and (stored := cache.recall(key)) is not None
        and (known := decoded(stored))
        and set(units) <= set(known.plans)
    ):
        return known
    assessment = _evaluate(settings, project, inputs, cache, None).assessment
    summary = summary_of(assessment, _digests(_committed(settings, assessment, units)))
    if key:
        cache.remember(key, encoded(summary))
    return summary


def check(settings: Settings, *, missing_ok: bool = False) -> CheckResult:
    """The code now against the committed coupling.json beside the reports; with
    `missing_ok`, no reports yet is one stale problem rather than an error."""
    baseline = settings.out / "coupling.json"
    with open_session(settings) as cache:
        missing = missing_ok and not baseline.exists()
        stored = None if missing else read_baseline(baseline, SCHEMA, cache)
        # History as the baseline read it: commits made since change no figure a check compares.
        fresh = _fresh_summary(settings, cache, stored.history_head if stored else "", plans=True)
    _known_units(settings, list(fresh.fan_in))
    shown = (
        baseline.relative_to(settings.root) if baseline.is_relative_to(settings.root) else baseline
    ).as_posix()
    if stored is None:
        return CheckResult((Problem(CheckRule.STALE, "no reports yet"),), (), shown)
    same_scope(stored.scope, fresh.scope, baseline)
    result = compare(fresh, stored, settings.check, shown)
    plans = stale_plans(fresh.plans, committed_plans(settings.out / PLANS, settings.root))
    return dataclasses.replace(result, problems=(*result.problems, *plans))


def refresh(
    settings: Settings, progress: Progress | None = None
) -> tuple[CheckResult, ScanDone | None]:
    """For pre-commit: rewrite and stage the reports when they are stale, unless a ratchet
    breaks (refreshing then would write the breach into the baseline)."""
    result = check(settings, missing_ok=True)
    if not result.problems or any(p.rule is not CheckRule.STALE for p in result.problems):
        return result, None
    return result, scan(settings, progress, stage=True)


def seal(settings: Settings, request: SealRequest, *, write: bool = False) -> SealPlan:
    """What sealing a unit changes (coupling seal), from the graph a scan builds, without
    measuring anything; with `write`, the changes written (every file or none)."""
    from coupling.graph import build_graph
    from coupling.seal import apply_seal, plan_seal

    with open_session(settings) as cache:
        project = discover(settings)
        graph = build_graph(project, cache.facts(project))
    plan = plan_seal(graph, request, settings.rules.facade_modules)
    if write:
        apply_seal(plan)
    return plan


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
        # Both revisions share one cache: the files they have in common (by their bytes) are
        # parsed once.
        shared = Path(temp) / "cache"
        old = _side_at(plain, before, Path(temp) / "before", shared)
        new = (
            _side_at(plain, after, Path(temp) / "after", shared)
            if after is not None
            else Side("the working tree", fresh_summary(plain, plans=False))
        )
    return render_diff(compare_sides(old, new))


def _side_at(settings: Settings, revision: str, into: Path, cache_at: Path) -> Side:
    files = settings.inputs
    also = tuple(f for f in (files.codeowners, files.history, files.metrics) if f is not None)
    snapshot = export_revision(settings.path, revision, into, also)

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

    there = dataclasses.replace(
        settings,
        path=path,
        root=moved(settings.root),
        out=moved(settings.out),
        tests=None if settings.tests is None else tuple(map(moved, settings.tests)),
        # Coverage was measured on the working tree: it says nothing about a revision.
        inputs=InputFiles(
            as_then(files.codeowners), as_then(files.history), as_then(files.metrics)
        ),
    )
    return Side(snapshot.label, fresh_summary(there, plans=False, cache_at=cache_at))


def _known_units(settings: Settings, units: list[str]) -> None:
    """A ratchet on a unit that does not exist would hold nothing: a typo, or a rename."""
    rules = settings.check
    named = [*rules.frozen, *rules.sealed, *(unit for unit, _limit in rules.max_fan_in)]
    unknown = sorted(set(named) - set(units))
    if unknown:
        raise ConfigError(
            f"check names unknown unit(s) {', '.join(unknown)}; units here: {', '.join(sorted(units))}",
            path=settings.config_file,
        )


def diagram(
    settings: Settings,
    *,
    focus: str = "",
    hops: int = 1,
    modules: bool = False,
    max_edges: int = 0,
) -> Diagram:
    """The unit graph for `coupling graph`, around `focus` when given; with `modules`, the
    modules of those units and every import statement between them; with `max_edges`, the
    heaviest edges only."""
    from coupling.render.diagram import legible, module_diagram, unit_diagram

    with open_session(settings) as cache:
        project = discover(settings)
        inputs, _ = inputs_while(settings, project, cache, lambda: cache.parse_cold(project))
        graph, outcome = _analyse(settings, project, inputs, cache, None)
    imports = outcome.assessment.analysis.imports
    if focus and focus not in imports.order:
        raise InputError(_unknown_unit(focus, imports.order), path=project.scan_path)
    if modules:
        drawn = module_diagram(imports, graph, project.scan_path, focus=focus, hops=hops)
        return legible(drawn, max_edges)
    assessment = outcome.assessment
    roles = {c.unit: str(c.role) for c in (*assessment.candidates, *assessment.kernels)}
    return unit_diagram(
        imports, project.scan_path, roles, focus=focus, hops=hops, max_edges=max_edges
    )


def _unknown_unit(name: str, units: tuple[str, ...]) -> str:
    """No such unit, and the names closest to it (or the first units, when none is close)."""
    close = difflib.get_close_matches(name, units, n=3, cutoff=0.6)
    close += [u for u in units if name.lower() in u.lower() and u not in close][: 3 - len(close)]
    if close:
        return f"no unit {name!r} here; the closest: {', '.join(close)}"
    shown = ", ".join(units[:12]) + (f" and {len(units) - 12} more" if len(units) > 12 else "")
    return f"no unit {name!r} here; units: {shown}"


def _evaluate(
    settings: Settings,
    project: Project,
    inputs: Inputs,
    cache: CacheSession,
    progress: Progress | None,
) -> ScanOutcome:
    return _analyse(settings, project, inputs, cache, progress)[1]


def _analyse(
    settings: Settings,
    project: Project,
    inputs: Inputs,
    cache: CacheSession,
    progress: Progress | None,
) -> tuple[ModuleGraph, ScanOutcome]:
    """The module graph and what it measures, scores and risks."""
    # Imported here: `coupling check` answers from the cache without loading them.
    from coupling.graph import build_graph
    from coupling.measure import measure
    from coupling.risks import assess_risks
    from coupling.score import assess
    from coupling.score.context import gather

    known = known_shape(cache, project)
    graph = build_graph(project, cache.facts(project, progress))
    analysis = measure(graph, settings, inputs, known=known)
    shape = analysis.imports.shape
    if shape is not None and shape != known:
        remember_shape(cache, project, shape)
    rules = settings.rules
    assert rules.scoring is not None and rules.risks is not None
    context = gather(analysis, rules.scoring, inputs.metrics)
    assessment = assess_risks(assess(context), context, rules.risks)
    return graph, records.ScanOutcome(assessment, written=(), cache_note=cache.note)
