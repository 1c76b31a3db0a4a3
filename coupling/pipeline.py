"""The stages in order (DESIGN.md §3)."""

from __future__ import annotations

import dataclasses

from coupling.cache import collect_facts
from coupling.discover import discover
from coupling.graph import build_graph
from coupling.history import read_history
from coupling.linecov import read_coverage
from coupling.metrics import measure
from coupling.model import Progress, ScanOutcome, Settings
from coupling.output import write_reports
from coupling.owners import read_owners
from coupling.prodmetrics import read_metrics
from coupling.render import render_reports
from coupling.risks import assess_risks
from coupling.score import assess


def evaluate(settings: Settings, progress: Progress | None = None) -> ScanOutcome:
    """Every stage but writing: what `score` and `explain` show."""
    project = discover(settings)
    line_coverage = read_coverage(settings.inputs.coverage, project)
    history = read_history(settings, project)
    ownership = read_owners(settings, project)
    metrics = read_metrics(settings.inputs.metrics, project)
    collected = collect_facts(project, settings, progress)
    analysis = measure(build_graph(project, collected), settings, line_coverage, history, ownership)
    assert settings.rules.scoring is not None and settings.rules.risks is not None
    assessment = assess(analysis, settings.rules.scoring, metrics)
    assessment = assess_risks(assessment, settings.rules.risks, settings.rules.scoring)
    return ScanOutcome(
        assessment, written=(), reused=collected.reused, cache_note=collected.cache_note
    )


def scan(settings: Settings, progress: Progress | None = None) -> ScanOutcome:
    """Analyse settings.path and write the reports to settings.out."""
    outcome = evaluate(settings, progress)
    written = write_reports(settings.out, render_reports(outcome.assessment))
    return dataclasses.replace(outcome, written=written)
