"""dependency-matrix.md, the unit graph: a mermaid flowchart of the matrix (GitHub, GitLab and
most editors draw it), trimmed to stay legible, with a note saying where the full graph is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coupling.render.diagram import unit_diagram
from coupling.render.format import plural
from coupling.render.mermaid import fenced, flowchart

if TYPE_CHECKING:
    from coupling.records import Analysis

MAX_NODES = 40  # past ~40 boxes a flowchart is a hairball; the rest fold into one node
MAX_EDGES = 150  # mermaid (and GitHub) stop drawing at 500 edges; legibility stops sooner


def graph_section(analysis: Analysis) -> str:
    imports = analysis.imports
    if not imports.order:
        return ""
    project = analysis.project
    diagram = unit_diagram(imports, project.scan_path, limit=MAX_NODES, max_edges=MAX_EDGES)
    notes = []
    folded = next((n.folded for n in diagram.nodes if n.folded), ())
    if folded:
        notes.append(
            f"The {len(diagram.nodes) - 1} most coupled of {plural(diagram.units, 'unit')} are "
            f"drawn; the other {len(folded)} are one grey node."
        )
    if diagram.edges_left_out:
        notes.append(
            f"The {plural(diagram.edges_left_out, 'lightest edge')} that carry no import to cut "
            "are left out."
        )
    if notes:
        flag = f" --depth {project.depth}" if project.depth > 1 else ""
        notes.append(
            f"The full graph: `coupling graph {project.scan_path}{flag} --format mermaid` "
            "(`--format dot` for Graphviz, `--format json` for other tools), or the graph of "
            "report.html (`coupling scan --html`)."
        )
    return "\n\n".join(
        [
            "## Unit graph",
            "Arrows run from importer to imported, labelled with import statements. Red: inside "
            "a cycle group (its units outlined in red); thick dashed: carries module imports to "
            "cut (`cut N`, see *Imports to cut*); amber: shared kernels.",
            fenced(flowchart(diagram)),
            *([" ".join(notes)] if notes else []),
        ]
    )
