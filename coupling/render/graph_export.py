"""`coupling graph`: a Diagram as mermaid (a wiki, a PR), Graphviz dot, or JSON (a notebook).

All three carry the same nodes and edges, in the same order, as the reports draw them: the
matrix's unit names and import-statement counts, cycle groups, imports to cut, shared kernels.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from coupling.records import DiagramLevel
from coupling.records.words import plural
from coupling.render.mermaid import (
    CYCLE_EDGE_COLOUR,
    FOLDED_FILL,
    KERNEL_FILL,
    KERNEL_STROKE,
    MAX_TEXT,
    edge_text,
    flowchart,
)

if TYPE_CHECKING:
    from coupling.records import Diagram, DiagramEdge, DiagramNode

SCHEMA = 1


def render_graph(diagram: Diagram, style: str) -> str:
    """The diagram as text in `style` (mermaid, dot or json), ending with a newline."""
    if style == "json":
        return json.dumps(graph_json(diagram), indent=2, ensure_ascii=False) + "\n"
    if style == "dot":
        return dot(diagram)
    return flowchart(diagram)


def graph_notes(diagram: Diagram, text: str, style: str) -> list[str]:
    """What the user should know about a diagram mermaid cannot draw whole."""
    notes = []
    if diagram.edges_left_out:
        notes.append(
            f"mermaid draws fewer than 500 edges: the {diagram.edges_left_out:,} lightest are "
            "left out (--format dot or json has them all, or use --focus)"
        )
    if style == "mermaid" and len(text) > MAX_TEXT:
        notes.append(
            f"{len(text):,} characters: mermaid draws at most {MAX_TEXT:,} "
            "(use --focus, or --format dot)"
        )
    return notes


def graph_json(diagram: Diagram) -> dict[str, object]:
    return {
        "schema": SCHEMA,
        "level": str(diagram.level),
        "path": diagram.scan_path,
        "units": diagram.units,
        "focus": diagram.focus or None,
        "hops": diagram.hops if diagram.focus else None,
        "nodes": [
            {
                "name": n.name,
                "unit": n.unit or None,
                "cycle_group": n.group or None,
                "shared_kernel": n.kernel,
                "role": n.role or None,
                **({"folded": list(n.folded)} if n.folded else {}),
            }
            for n in diagram.nodes
        ],
        "edges": [
            {
                "from": e.source,
                "to": e.target,
                "imports": e.imports,
                "in_cycle": e.in_cycle,
                "closes_cycle": e.closes_cycle,
                "cut": e.cut,
            }
            for e in diagram.edges
        ],
        "edges_left_out": diagram.edges_left_out,
    }


def dot(diagram: Diagram) -> str:
    """Graphviz: `coupling graph --format dot | dot -Tsvg > graph.svg`."""
    lines = [
        "digraph coupling {",
        f"  graph [rankdir=LR, fontname=Helvetica, labelloc=t, label={_quoted(_title(diagram))}];",
        '  node [shape=box, style="rounded,filled", fillcolor="#dbe8f6", color="#7d8aa0", '
        "fontname=Helvetica];",
        '  edge [color="#5d6b82", fontname=Helvetica, fontsize=10];',
    ]
    if diagram.level is DiagramLevel.MODULE:
        for number, unit in enumerate(dict.fromkeys(n.unit for n in diagram.nodes)):
            lines.append(f"  subgraph cluster_{number} {{")
            lines.append(f"    label={_quoted(unit)};")
            lines += [f"    {_node(n)}" for n in diagram.nodes if n.unit == unit]
            lines.append("  }")
    else:
        lines += [f"  {_node(n)}" for n in diagram.nodes]
    lines += [f"  {_edge(e)}" for e in diagram.edges]
    lines.append("}")
    return "\n".join(lines) + "\n"


def _title(diagram: Diagram) -> str:
    around = f" around {diagram.focus} ({plural(diagram.hops, 'hop')})" if diagram.focus else ""
    level = "module" if diagram.level is DiagramLevel.MODULE else "unit"
    return f"{diagram.scan_path}: {plural(len(diagram.nodes), level)}{around}"


def _node(node: DiagramNode) -> str:
    attributes = []
    if node.kernel:
        attributes += [f"fillcolor={_quoted(KERNEL_FILL)}", f"color={_quoted(KERNEL_STROKE)}"]
    elif node.group:
        attributes += [f"color={_quoted(CYCLE_EDGE_COLOUR)}", "penwidth=2"]
    if node.folded:
        attributes += [f"fillcolor={_quoted(FOLDED_FILL)}", 'style="rounded,filled,dashed"']
        attributes.append(f"tooltip={_quoted(', '.join(node.folded))}")
    return _quoted(node.name) + (f" [{', '.join(attributes)}]" if attributes else "") + ";"


def _edge(edge: DiagramEdge) -> str:
    attributes = [f"label={_quoted(edge_text(edge))}"]
    if edge.in_cycle:
        attributes += [f"color={_quoted(CYCLE_EDGE_COLOUR)}", "penwidth=2"]
    if edge.cut:
        attributes.append("style=dashed")
    return f"{_quoted(edge.source)} -> {_quoted(edge.target)} [{', '.join(attributes)}];"


def _quoted(text: str) -> str:
    """A dot ID in double quotes: only the quote and the backslash need escaping."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'
