"""report.html: the assessment as one self-contained page, opened from disk with no network.

The style, the script and the data are inline (a Content-Security-Policy of `default-src
'none'` forbids any fetch). The heatmap is drawn on a <canvas>, so 500 units cost their
non-empty cells, not 250,000 DOM elements; the unit graph is SVG laid out in Python
(`layout.py`), so the same analysis gives the same bytes. No JavaScript library: the page's
own script (report.js) is a few hundred lines, where a graph-layout or charting library would
weigh more than the whole report and lay graphs out differently from run to run.
"""

from __future__ import annotations

import html
from importlib.resources import files
from typing import TYPE_CHECKING

from coupling.render.html.model import json_for_script, page_model

if TYPE_CHECKING:
    from coupling.records import Assessment

# Inline script and style only; nothing from anywhere else, not even images.
CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)


def render_html(assessment: Assessment) -> str:
    model = page_model(assessment)
    title = html.escape(str(model["title"]))
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{html.escape(str(model["generator"]))}">
<title>{title}</title>
<style>
{_asset("report.css")}</style>
</head>
<body>
<header><h1>{title}</h1><p id="summary"></p>
<nav><a href="#matrix">Matrix</a> <a href="#graph">Graph</a> <a href="#ranking">Ranking</a>
<a href="#risks">Risks</a> <a href="#cycles">Cycles</a> <a href="#units">Units</a></nav></header>
<main>
<section id="matrix"><h2>Dependency structure matrix</h2>
<p class="note">Levelised order: a row imports its columns; a cell counts import statements.
Blue cells follow the order; red cells, below the diagonal, close a cycle. Outlined blocks are
cycle groups. Click a cell (or use the arrow keys) for its imports.</p>
<div class="toolbar"><button type="button" id="zoom-out" title="Smaller cells">−</button>
<button type="button" id="zoom-fit">Fit</button>
<button type="button" id="zoom-in" title="Larger cells">+</button>
<span id="dsm-hover" aria-live="polite"></span></div>
<div class="dsm-wrap"><div id="dsm-scroll"><canvas id="dsm" tabindex="0"
aria-label="Dependency structure matrix; click a cell for its imports"></canvas></div>
<aside id="cell-panel" aria-live="polite"><p class="note">No cell selected.</p></aside></div>
</section>
<section id="graph"><h2>Unit graph</h2><p class="note" id="graph-note"></p>
<div id="graph-scroll"></div></section>
<section id="ranking"><h2>Extraction ranking</h2>
<p class="note">Score out of 10: the sum of each factor's value (bar) times its weight.</p>
<div class="table-scroll"><table id="ranking-table"></table></div></section>
<section id="risks"><h2>Risks</h2><p class="note">The best candidates' findings, the most
severe first (risk-assessment.md).</p><div class="table-scroll"><table id="risk-table"></table>
</div></section>
<section id="cycles"><h2>Cycles</h2><div id="cycle-list"></div></section>
<section id="units"><h2>Units</h2><div id="unit-panels"></div></section>
</main>
<script type="application/json" id="report-data">{json_for_script(model)}</script>
<script>
{_asset("report.js")}</script>
</body>
</html>
"""


def _asset(name: str) -> str:
    return files(__name__).joinpath(name).read_text(encoding="utf-8")
