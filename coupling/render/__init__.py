"""Analysis → the report files (markdown, JSON) and the terminal summary."""

from __future__ import annotations

from coupling.model import Analysis
from coupling.render.as_json import render_json
from coupling.render.matrix_md import render_matrix
from coupling.render.terminal import render_summary

__all__ = ["render_reports", "render_summary"]


def render_reports(analysis: Analysis) -> dict[str, str]:
    """File name → content, for every report this version writes."""
    return {
        "dependency-matrix.md": render_matrix(analysis),
        "coupling.json": render_json(analysis),
    }
