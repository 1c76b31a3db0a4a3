"""The unit graph as drawn: the nodes and edges a diagram shows, chosen from the analysis.

The mermaid blocks of the reports, `coupling graph` (mermaid, dot, json) and report.html all
draw from these, so they show the same unit names and the same counts as the matrix.
"""

from __future__ import annotations

from dataclasses import dataclass

from coupling.records.kinds import DiagramLevel


@dataclass(frozen=True)
class DiagramNode:
    name: str  # a unit, a module, or "N other units" for the units folded into one node
    unit: str  # the unit it belongs to (itself at unit level; "" for folded units)
    group: int = 0  # its cycle group, numbered from 1 as in dependency-matrix.md; 0 for none
    kernel: bool = False  # a shared kernel (or a module of one)
    role: str = ""  # leaf, hub, core, isolated, shared kernel; "" when not scored
    folded: tuple[str, ...] = ()  # the units this node stands for, when it stands for several


@dataclass(frozen=True)
class DiagramEdge:
    source: str  # node names
    target: str
    imports: int  # import statements, as the matrix counts them
    in_cycle: bool = False  # both ends in one cycle group
    closes_cycle: bool = False  # against the levelised order: it closes a cycle
    cut: int = 0  # module imports to cut (dependency-matrix.md, *Imports to cut*) it carries


@dataclass(frozen=True)
class Diagram:
    level: DiagramLevel
    scan_path: str
    nodes: tuple[DiagramNode, ...]  # in levelised order
    edges: tuple[DiagramEdge, ...]  # in the order of their ends
    units: int  # units in the analysis, shown or not
    focus: str = ""  # the unit the diagram is centred on, if any
    hops: int = 0  # how far from `focus` it reaches
    edges_left_out: int = 0  # lighter edges not drawn, to keep the diagram legible
