"""The mermaid text the reports and `coupling graph` write (browser tests have mermaid parse
every block: tests/browser/test_mermaid.py)."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from coupling.records import Analysis, Diagram, DiagramEdge, DiagramLevel, DiagramNode, Phase
from coupling.render.dependency_matrix import render_matrix
from coupling.render.diagram import module_diagram, unit_diagram
from coupling.render.mermaid import fenced, flowchart, label, node_ids, phases_flowchart
from coupling.render.reports import render_reports
from tests.support import EXAMPLE_SRC, analyse, assessment_of, graph_of, settings_for, write_tree

AWKWARD = ["__init__", "a.b", "a-b", "a_b", "end", "graph", "o", "x", 'say "hi"', "<b>", "über"]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Analysis:
    return analyse(EXAMPLE_SRC, tmp_path_factory.mktemp("out"))


def blocks(markdown: str) -> list[str]:
    return re.findall(r"^```mermaid\n(.*?)^```$", markdown, re.MULTILINE | re.DOTALL)


def test_node_ids_are_unique_plain_and_never_keywords() -> None:
    ids = node_ids(AWKWARD)
    assert len(set(ids.values())) == len(AWKWARD)
    assert all(re.fullmatch(r"u_\w+", i, re.ASCII) for i in ids.values())
    assert (ids["a.b"], ids["a-b"], ids["a_b"]) == ("u_a_b", "u_a_b_2", "u_a_b_3")
    assert node_ids(["a", "a"], "m_") == {"a": "m_a"}


def test_labels_cannot_end_their_quotes_or_carry_markup() -> None:
    text = label('say "hi" <b>#1</b>`x`\nnext')
    assert text == "say #quot;hi#quot; #lt;b#gt;#35;1#lt;/b#gt;#96;x#96; next"
    assert not set('"<>`\n') & set(text)


def test_the_unit_graph_of_the_example(example: Analysis) -> None:
    text = flowchart(unit_diagram(example.imports, "src"))
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    assert lines[1:7] == [f'    u_{u}["{u}"]' for u in example.imports.order]
    edges = [line for line in lines if "-->" in line]
    assert len(edges) == len(example.imports.dependencies)
    assert "    u_reporting -->|31| u_utils" in edges
    assert "    u_auth -->|3, cut 2| u_users" in edges
    assert "    class u_utils kernel" in lines
    assert "    class u_billing,u_notifications,u_users,u_auth cycle" in lines
    styled = [
        int(k)
        for line in lines
        if line.startswith("    linkStyle")
        for k in line.split()[1].split(",")
    ]
    assert sorted(styled) == sorted(set(styled)) and max(styled) < len(edges)
    assert fenced(text) == f"```mermaid\n{text.rstrip()}\n```"


def test_awkward_names_stay_in_labels() -> None:
    nodes = tuple(DiagramNode(name, name) for name in AWKWARD)
    edges = tuple(DiagramEdge(a, b, 1) for a, b in itertools.pairwise(AWKWARD))
    text = flowchart(Diagram(DiagramLevel.UNIT, "src", nodes, edges, len(nodes)))
    assert '    u_end["end"]' in text
    assert '["say #quot;hi#quot;"]' in text and '["#lt;b#gt;"]' in text
    assert "<b>" not in text


def test_the_module_graph_boxes_modules_by_unit(example: Analysis, tmp_path: Path) -> None:
    graph = graph_of(settings_for(EXAMPLE_SRC, tmp_path))
    text = flowchart(module_diagram(example.imports, graph, "src", focus="reporting", hops=0))
    lines = text.splitlines()
    assert lines[1] == '    subgraph g_reporting["reporting"]'
    assert '        m_reporting_models["reporting.models"]' in lines
    assert lines.count("    end") == 1
    assert all(line.startswith("    m_reporting") for line in lines if "-->" in line)


def test_phases_are_a_chain_with_kernels_in_amber() -> None:
    phases = [
        Phase("Publish shared kernels as libraries", ("utils",), ""),
        Phase('Extract "reporting" (8.4/10, leaf)', ("reporting",), ""),
        Phase(
            "Break the cycle between " + ", ".join(f"unit{k}" for k in range(20)),
            tuple(f"unit{k}" for k in range(20)),
            "",
        ),
    ]
    lines = phases_flowchart(phases, ["utils"]).splitlines()
    assert lines[1] == '    p1["1. Publish shared kernels as libraries<br/>utils"]'
    assert lines[2] == '    p2["2. Extract #quot;reporting#quot; (8.4/10, leaf)"]'
    assert lines[3].startswith('    p3["3. Break the cycle between unit0, unit1,')
    assert " …<br/>unit0, unit1," in lines[3] and lines[3].endswith(', unit7, +12 more"]')
    assert lines[4:] == [
        "    p1 --> p2",
        "    p2 --> p3",
        "    classDef kernel fill:#fbe7b5,stroke:#c98a00,color:#000",
        "    class p1 kernel",
    ]


def test_the_reports_carry_the_graph_and_the_phases(example: Analysis) -> None:
    reports = render_reports(assessment_of(example))
    matrix = reports["dependency-matrix.md"]
    assert blocks(matrix) == [flowchart(unit_diagram(example.imports, "src"))]
    assert matrix.index("## Unit graph") < matrix.index("## Coupling per unit")
    assert "The full graph" not in matrix  # six units: nothing is left out
    (phases,) = blocks(reports["extraction-candidates.md"])
    assert phases.startswith("flowchart TD\n    p1[")


def test_a_wide_project_says_where_the_full_graph_is(tmp_path: Path) -> None:
    files = {
        f"u{i:02d}/__init__.py": "".join(f"import u{j:02d}\n" for j in range(i)) for i in range(45)
    }
    markdown = render_matrix(analyse(write_tree(tmp_path / "src", files), tmp_path / "out"))
    section = markdown.split("## Unit graph")[1].split("\n## ")[0]
    (block,) = blocks(section)
    assert block.count('["') == 40 and '["6 other units"]' in block
    assert "class u_6_other_units folded" in block
    assert "The 39 most coupled of 45 units are drawn; the other 6 are one grey node." in section
    assert "lightest edges that carry no import to cut are left out" in section
    assert "`coupling graph . --format mermaid`" in section  # the scan path, here "."


def test_past_twenty_phases_the_rest_are_one_box() -> None:
    phases = [Phase(f"Extract u{k}", (f"u{k}",), "") for k in range(25)]
    lines = phases_flowchart(phases).splitlines()
    assert lines[20] == '    p20["20. Extract u19"]'
    assert lines[21] == '    p21["21–25. 5 more phases"]'
    assert lines[-1] == "    p20 --> p21"
    assert sum("-->" in line for line in lines) == 20
