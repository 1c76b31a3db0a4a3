"""Assessment → the report files: three markdown reports, coupling.json, and report.html when
asked for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coupling.render.coupling_json import render_json
from coupling.render.dependency_matrix import render_matrix
from coupling.render.extraction_candidates import render_candidates
from coupling.render.risk_assessment import render_risks

if TYPE_CHECKING:
    from coupling.records import Assessment


def render_reports(assessment: Assessment, *, html: bool = False) -> dict[str, str]:
    """File name → content, for every report this version writes (report.html with `html`)."""
    reports = {
        "dependency-matrix.md": render_matrix(assessment.analysis),
        "extraction-candidates.md": render_candidates(assessment),
        "risk-assessment.md": render_risks(assessment),
        "coupling.json": render_json(assessment),
    }
    if html:
        from coupling.render.html import render_html

        reports["report.html"] = render_html(assessment)
    return reports
