"""The diagrams' content: the same units and counts as the matrix, around a unit or folded."""

from __future__ import annotations

from pathlib import Path

import pytest

from coupling.records import Analysis, DiagramLevel
from coupling.render.diagram import legible, module_diagram, neighbourhood, unit_diagram
from tests.support import EXAMPLE_SRC, analyse, graph_of, settings_for, write_tree


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Analysis:
    return analyse(EXAMPLE_SRC, tmp_path_factory.mktemp("out"))


def test_the_unit_diagram_is_the_matrix(example: Analysis) -> None:
    imports = example.imports
    diagram = unit_diagram(imports, "src")
    assert diagram.level is DiagramLevel.UNIT
    assert [n.name for n in diagram.nodes] == list(imports.order)
    cells = {(d.importer, d.imported): d.imports for d in imports.dependencies}
    assert {(e.source, e.target): e.imports for e in diagram.edges} == cells
    assert sum(e.imports for e in diagram.edges) == 137
    # Every module import to cut is on the unit edge it crosses.
    assert sum(e.cut for e in diagram.edges) == len(imports.breakers) == 6
    group = set(imports.groups[0])
    for edge in diagram.edges:
        assert edge.in_cycle == (edge.source in group and edge.target in group)
        against = imports.order.index(edge.target) < imports.order.index(edge.source)
        assert edge.closes_cycle == (edge.in_cycle and against)
        assert not edge.cut or edge.in_cycle
    kernels = [n.name for n in diagram.nodes if n.kernel]
    assert kernels == ["utils"]
    assert {n.name: n.group for n in diagram.nodes if n.group} == dict.fromkeys(group, 1)
    assert (diagram.edges_left_out, diagram.focus, diagram.hops) == (0, "", 0)


def test_a_focus_reaches_its_neighbours_both_ways(example: Analysis) -> None:
    imports = example.imports
    assert neighbourhood(imports, "reporting", 0) == ("reporting",)
    # reporting imports billing, users, auth and utils; nothing imports reporting.
    assert neighbourhood(imports, "reporting", 1) == (
        "reporting",
        "billing",
        "users",
        "auth",
        "utils",
    )
    assert neighbourhood(imports, "reporting", 2) == imports.order
    diagram = unit_diagram(imports, "src", focus="auth", hops=1)
    assert diagram.focus == "auth" and diagram.hops == 1
    assert {e.source for e in diagram.edges} | {e.target for e in diagram.edges} <= {
        n.name for n in diagram.nodes
    }
    assert "notifications" in {n.name for n in diagram.nodes}  # it imports auth


def test_past_the_limit_the_least_coupled_units_fold_into_one_node(tmp_path: Path) -> None:
    files = {
        f"u{i:02d}/__init__.py": ("import u00\n" if i else "") + ("import u01\n" if i < 5 else "")
        for i in range(45)
    }
    analysis = analyse(write_tree(tmp_path / "src", files), tmp_path / "out")
    diagram = unit_diagram(analysis.imports, "src", limit=40)
    assert len(diagram.nodes) == 40
    folded = diagram.nodes[-1]
    assert folded.name == "6 other units" and len(folded.folded) == 6
    assert not set(folded.folded) & {n.name for n in diagram.nodes[:-1]}
    assert {"u00", "u01"} <= {n.name for n in diagram.nodes[:-1]}
    # No statement is lost: those of folded units are on the folded node's edges.
    total = sum(d.imports for d in analysis.imports.dependencies)
    assert sum(e.imports for e in diagram.edges) == total
    assert sum(e.imports for e in diagram.edges if folded.name in (e.source, e.target)) == 6
    light = unit_diagram(analysis.imports, "src", max_edges=10)
    assert (
        len(light.edges) == 10 and light.edges_left_out == len(analysis.imports.dependencies) - 10
    )


def test_the_module_diagram_counts_statements_inside_units_too(
    example: Analysis, tmp_path: Path
) -> None:
    graph = graph_of(settings_for(EXAMPLE_SRC, tmp_path))
    diagram = module_diagram(example.imports, graph, "src")
    assert diagram.level is DiagramLevel.MODULE
    modules = {m.name for m in graph.modules if not m.is_test}
    assert {n.name for n in diagram.nodes} == modules
    units = [n.unit for n in diagram.nodes]
    assert units == sorted(units, key=example.imports.order.index)  # grouped in levelised order
    assert any(e.source.split(".")[0] == e.target.split(".")[0] for e in diagram.edges)
    assert sum(e.cut for e in diagram.edges) == len(example.imports.breakers)
    cut = next(e for e in diagram.edges if e.cut and e.source == "users.models")
    assert (cut.target, cut.in_cycle, cut.closes_cycle) == ("billing.models", True, True)
    around = module_diagram(example.imports, graph, "src", focus="reporting", hops=0)
    assert {n.unit for n in around.nodes} == {"reporting"}
    assert all(e.source.startswith("reporting") for e in around.edges)
    trimmed = legible(diagram, 8)
    assert len(trimmed.edges) == 8
    assert trimmed.edges_left_out == len(diagram.edges) - 8
    assert sum(e.cut for e in trimmed.edges) == 6  # the imports to cut stay, whatever they weigh
    assert legible(diagram, 0) == diagram
