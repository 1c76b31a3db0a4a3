"""Mermaid flowcharts: the unit graph (or module graph) of a Diagram, and the extraction phases.

Only long-standing flowchart syntax is used (quoted node labels, `-->|n|` edge labels,
`classDef`/`class`, `linkStyle`, `subgraph`), so the blocks render on GitHub and GitLab, whose
mermaid lags behind npm's. Node ids are generated, never names: a unit may be called `end` (a
keyword), `__init__`, `a.b` or `billing-core`; the name goes in the quoted label.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING

from coupling.records import DiagramLevel
from coupling.records.words import plural

if TYPE_CHECKING:
    from coupling.records import Diagram, DiagramEdge, DiagramNode, Phase

FENCE = "```"
MAX_EDGES = 499  # mermaid refuses a diagram of 500 edges or more (its maxEdges)
MAX_TEXT = 50_000  # nor draws one longer than this (its maxTextSize)
MAX_PHASES = 20  # the phases past these are one box: the list above the chart names them
MAX_UNITS_PER_PHASE = 8
MAX_TITLE = 60

# The colours every drawing of the unit graph shares: mermaid, dot and report.html.
KERNEL_FILL = "#fbe7b5"
KERNEL_STROKE = "#c98a00"
CYCLE_EDGE_COLOUR = "#c8372d"
FOLDED_FILL = "#eeeeee"

KERNEL_STYLE = f"fill:{KERNEL_FILL},stroke:{KERNEL_STROKE},color:#000"
CYCLE_STYLE = f"stroke:{CYCLE_EDGE_COLOUR},stroke-width:2px"
FOLDED_STYLE = f"fill:{FOLDED_FILL},stroke:#888888,stroke-dasharray:3 3,color:#000"
CYCLE_EDGE_STYLE = f"stroke:{CYCLE_EDGE_COLOUR},stroke-width:2px"
CUT_EDGE_STYLE = f"stroke:{CYCLE_EDGE_COLOUR},stroke-width:3px,stroke-dasharray:6 4"


def node_ids(names: Iterable[str], prefix: str = "u_") -> dict[str, str]:
    """A mermaid-safe, unique id per name: the prefix, then the name with every character but
    letters, digits and `_` as `_`. The prefix keeps ids off keywords (`end`, `graph`) and off
    the `o`/`x` edge heads (`a--ob`); a number separates names that map alike (`a.b`, `a-b`)."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        if name in ids:
            continue
        base = prefix + re.sub(r"[^A-Za-z0-9_]", "_", name)
        candidate, k = base, 2
        while candidate in taken:
            candidate, k = f"{base}_{k}", k + 1
        ids[name] = candidate
        taken.add(candidate)
    return ids


def label(text: str) -> str:
    """Text for inside a quoted label, with mermaid's entity codes for what would end the label
    or be read as markup."""
    return (
        text.replace("#", "#35;")
        .replace('"', "#quot;")
        .replace("<", "#lt;")
        .replace(">", "#gt;")
        .replace("`", "#96;")
        .replace("\n", " ")
    )


def fenced(diagram: str) -> str:
    """The diagram as a markdown code block that GitHub and GitLab render."""
    return f"{FENCE}mermaid\n{diagram.rstrip()}\n{FENCE}"


def flowchart(diagram: Diagram) -> str:
    """`flowchart LR` of a diagram: edges labelled with import statements, those inside a
    cycle group in red, those carrying an import to cut dashed; shared kernels in amber, units
    in a cycle group outlined in red, folded units grey. Modules sit in a box per unit."""
    ids = node_ids((n.name for n in diagram.nodes), "m_" if _modules(diagram) else "u_")
    lines = ["flowchart LR"]
    if diagram.edges_left_out:
        lines.append(f"    %% {plural(diagram.edges_left_out, 'lighter edge')} left out")
    if _modules(diagram):
        lines += _unit_boxes(diagram.nodes, ids)
    else:
        lines += [f'    {ids[n.name]}["{label(n.name)}"]' for n in diagram.nodes]
    lines += [f"    {ids[e.source]} -->|{edge_text(e)}| {ids[e.target]}" for e in diagram.edges]
    lines += _styles(diagram, ids)
    return "\n".join(lines) + "\n"


def _modules(diagram: Diagram) -> bool:
    return diagram.level is DiagramLevel.MODULE


def _unit_boxes(nodes: Sequence[DiagramNode], ids: dict[str, str]) -> list[str]:
    boxes = node_ids(dict.fromkeys(n.unit for n in nodes), "g_")
    lines: list[str] = []
    for unit, box in boxes.items():
        lines.append(f'    subgraph {box}["{label(unit)}"]')
        lines += [f'        {ids[n.name]}["{label(n.name)}"]' for n in nodes if n.unit == unit]
        lines.append("    end")
    return lines


def edge_text(edge: DiagramEdge) -> str:
    """An edge's label: its import statements, and the module imports to cut it carries."""
    return f"{edge.imports}, cut {edge.cut}" if edge.cut else str(edge.imports)


def _styles(diagram: Diagram, ids: dict[str, str]) -> list[str]:
    lines = []
    for kind, style, members in (
        ("kernel", KERNEL_STYLE, [n for n in diagram.nodes if n.kernel]),
        ("cycle", CYCLE_STYLE, [n for n in diagram.nodes if n.group and not n.kernel]),
        ("folded", FOLDED_STYLE, [n for n in diagram.nodes if n.folded]),
    ):
        if members:
            lines.append(f"    classDef {kind} {style}")
            lines.append(f"    class {','.join(ids[n.name] for n in members)} {kind}")
    for style, chosen in (
        (CYCLE_EDGE_STYLE, [k for k, e in enumerate(diagram.edges) if e.in_cycle and not e.cut]),
        (CUT_EDGE_STYLE, [k for k, e in enumerate(diagram.edges) if e.cut]),
    ):
        if chosen:
            lines.append(f"    linkStyle {','.join(map(str, chosen))} {style}")
    return lines


def _short(text: str, limit: int = MAX_TITLE) -> str:
    """A phase title cut at a word before `limit` characters: a cycle of 30 units names them
    all in its title, and the box lists them anyway."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",") + " …"


def phases_flowchart(phases: Sequence[Phase], kernels: Collection[str] = ()) -> str:
    """`flowchart TD` of the extraction order: one box per phase, in order, naming its units
    when its title does not; the phase publishing shared kernels in amber. Past MAX_PHASES,
    the rest are one box."""
    lines = ["flowchart TD"]
    shown = phases[:MAX_PHASES]
    for number, phase in enumerate(shown, 1):
        lines.append(f'    p{number}["{number}. {_phase_text(phase)}"]')
    rest = len(phases) - len(shown)
    if rest:
        first = len(shown) + 1
        lines.append(f'    p{first}["{first}–{len(phases)}. {plural(rest, "more phase")}"]')
    boxes = len(shown) + (1 if rest else 0)
    lines += [f"    p{k} --> p{k + 1}" for k in range(1, boxes)]
    published = [
        f"p{k}" for k, p in enumerate(shown, 1) if p.units and set(p.units) <= set(kernels)
    ]
    if published:
        lines.append(f"    classDef kernel {KERNEL_STYLE}")
        lines.append(f"    class {','.join(published)} kernel")
    return "\n".join(lines) + "\n"


def _phase_text(phase: Phase) -> str:
    """The phase's title, and its units when the title does not name them all."""
    title = _short(phase.title)
    names = [label(u) for u in phase.units[:MAX_UNITS_PER_PHASE]]
    if len(phase.units) > len(names):
        names.append(f"+{len(phase.units) - len(names)} more")
    named = all(re.search(rf"(?<![\w.]){re.escape(u)}(?![\w.])", title) for u in phase.units)
    return label(title) + (f"<br/>{', '.join(names)}" if names and not named else "")
