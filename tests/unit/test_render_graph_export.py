"""`coupling graph`'s dot and JSON: folded units, awkward names, the same order as mermaid."""

from __future__ import annotations

import json
from pathlib import Path

from coupling.records import Diagram, DiagramEdge, DiagramLevel, DiagramNode
from coupling.render.diagram import unit_diagram
from coupling.render.graph_export import graph_notes, render_graph
from tests.support import analyse, write_tree


def test_folded_units_are_one_dashed_node_listing_them(tmp_path: Path) -> None:
    files = {f"u{i}/__init__.py": ("import u0\n" if i else "") for i in range(5)}
    imports = analyse(write_tree(tmp_path / "src", files), tmp_path / "out").imports
    diagram = unit_diagram(imports, "src", limit=3)
    document = json.loads(render_graph(diagram, "json"))
    folded = document["nodes"][-1]
    assert folded == {
        "name": "3 other units",
        "unit": None,
        "cycle_group": None,
        "shared_kernel": False,
        "role": None,
        "folded": ["u2", "u3", "u4"],
    }
    assert {"from": "3 other units", "to": "u0", "imports": 3}.items() <= document["edges"][
        -1
    ].items()
    dot = render_graph(diagram, "dot")
    assert (
        '  "3 other units" [fillcolor="#eeeeee", style="rounded,filled,dashed", tooltip="u2, u3, u4"];'
        in dot
    )
    assert render_graph(diagram, "mermaid").startswith("flowchart LR\n")


def test_dot_quotes_what_would_end_an_id() -> None:
    nodes = (DiagramNode('say "hi"', "a"), DiagramNode("back\\slash", "b"))
    edges = (DiagramEdge('say "hi"', "back\\slash", 2, in_cycle=True, closes_cycle=True, cut=1),)
    dot = render_graph(Diagram(DiagramLevel.UNIT, "src", nodes, edges, 2), "dot")
    assert '  "say \\"hi\\"";' in dot
    assert (
        '  "say \\"hi\\"" -> "back\\\\slash" [label="2, cut 1", color="#c8372d", penwidth=2, style=dashed];'
        in dot
    )
    assert 'label="src: 2 units"' in dot


def test_notes_say_what_mermaid_cannot_draw() -> None:
    nodes = (DiagramNode("a", "a"), DiagramNode("b", "b"))
    whole = Diagram(DiagramLevel.MODULE, "src", nodes, (DiagramEdge("a", "b", 1),), 2)
    assert graph_notes(whole, "flowchart LR\n", "mermaid") == []
    trimmed = Diagram(DiagramLevel.MODULE, "src", nodes, (), 2, edges_left_out=1_200)
    long = "x" * 60_000
    assert graph_notes(trimmed, long, "mermaid") == [
        "mermaid draws fewer than 500 edges: the 1,200 lightest are left out "
        "(--format dot or json has them all, or use --focus)",
        "60,000 characters: mermaid draws at most 50,000 (use --focus, or --format dot)",
    ]
    assert graph_notes(whole, long, "dot") == []
