"""`coupling explain UNIT`: the cut report, everything that crosses the unit's boundary.

It opens with a summary (score, risk, blockers, first move, what crosses); then the imports
each way, each name once with its count and the places that import it, shared kernels folded
into one line (`--all` lists them); the models and tables shared; endpoints, owners and the
units it changes with. `--json` gives the same as one document.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text

from coupling.records import Access
from coupling.records.words import plural

if TYPE_CHECKING:
    from coupling.records import Assessment, Crossing, DataEdge, ImportSite, UnitNames

SHOWN_PLACES = 4  # places listed per model before "and N more"


def render_cut(assessment: Assessment, crossing: Crossing, *, show_all: bool = False) -> Group:
    unit = crossing.unit
    parts: list[RenderableType] = [*_summary(assessment, crossing)]
    flags = _flags(assessment, unit)
    parts.append(
        _imports(
            f"Imports out of {unit}: what it needs from others",
            crossing.outgoing,
            flags,
            show_all,
        )
    )
    parts.append(
        _imports(f"Imports into {unit}: its would-be API", crossing.incoming, flags, show_all)
    )
    parts.append(_data(_links(assessment, unit)))
    parts += [Text(line) for line in _closing(assessment, unit)]
    return Group(*parts)


def _summary(assessment: Assessment, crossing: Crossing) -> list[Text]:
    unit = crossing.unit
    candidate = next(
        (c for c in (*assessment.candidates, *assessment.kernels) if c.unit == unit), None
    )
    verdict = assessment.verdict(unit)
    lines: list[Text] = []
    if candidate and verdict:
        lines.append(
            Text(
                f"{unit}: {candidate.score:.1f}/10, {candidate.role} · overall risk "
                f"{verdict.risks.level}",
                style="bold",
            )
        )
        lines.append(Text(f"What matters most: {verdict.reason}"))
        lines += [
            Text(
                f"Blocker {k}: {f.title}: {f.evidence}"
                + (f" ({f.samples[0]})" if f.samples else "")
            )
            for k, f in enumerate(verdict.blockers, 1)
        ]
        lines.append(Text(f"First move: {verdict.first_move}"))
    else:
        role = next((u.role for u in assessment.analysis.imports.units if u.name == unit), "")
        lines.append(Text(f"{unit}: {role}, not ranked", style="bold"))
    lines.append(Text(f"Crossing its boundary: {_crossing_line(assessment, crossing)}"))
    return lines


def _crossing_line(assessment: Assessment, crossing: Crossing) -> str:
    out_services = [u for u in crossing.outgoing if not u.kernel]
    out_kernels = [u for u in crossing.outgoing if u.kernel]
    parts = []
    if crossing.outgoing:
        detail = "; ".join(
            text
            for text in (
                _statements(out_services, "to"),
                _statements(out_kernels, "to the shared kernel"),
            )
            if text
        )
        parts.append(
            f"{plural(sum(u.statements for u in crossing.outgoing), 'import statement')} out ({detail})"
        )
    else:
        parts.append("no import out")
    incoming = sum(u.statements for u in crossing.incoming)
    parts.append(
        f"{plural(incoming, 'import statement')} in from {', '.join(u.unit for u in crossing.incoming)}"
        if incoming
        else "none in"
    )
    links = _links(assessment, crossing.unit)
    read = {link.model for link in links if link.uses and Access.READ in link.access}
    written = {link.model for link in links if link.uses and Access.WRITE in link.access}
    parts.append(
        f"{plural(len(read), 'model')} of other units read, {len(written) or 'none'} written"
    )
    endpoints = sum(1 for e in assessment.analysis.interfaces.endpoints if e.unit == crossing.unit)
    parts.append(plural(endpoints, "endpoint"))
    return "; ".join(parts)


def _statements(units: list[UnitNames], to: str) -> str:
    if not units:
        return ""
    total = sum(u.statements for u in units)
    return f"{total} {to} {', '.join(u.unit for u in units)}"


def _flags(assessment: Assessment, unit: str) -> dict[tuple[str, int], str]:
    """(file, line) → how the import statement there runs, when not at module level."""
    found: dict[tuple[str, int], str] = {}
    for dep in assessment.analysis.imports.dependencies:
        if unit in (dep.importer, dep.imported):
            for site in dep.sites:
                if text := _flag(site):
                    found[site.file, site.line] = text
    return found


def _flag(site: ImportSite) -> str:
    if site.by_name:
        return "by name"
    if site.type_checking:
        return "TYPE_CHECKING"
    return "in a function" if site.in_function else ""


def _imports(
    title: str, units: tuple[UnitNames, ...], flags: dict[tuple[str, int], str], show_all: bool
) -> RenderableType:
    """Unit by unit, module by module: its names (each once, × the import statements taking
    it) and, indented below, where each statement is. Lines wrap at spaces at any width."""
    if not units:
        return Text(f"{title}: none")
    shown = [u for u in units if show_all or not u.kernel]
    folder = _common_folder([file for u in shown for m in u.modules for file, _ in m.places])
    below = f" · files below {folder}/" if folder else ""
    lines = [Text(f"{title}{below}", style="bold")]
    for other in sorted(units, key=lambda u: u.kernel):
        kernel = " (shared kernel)" if other.kernel else ""
        lines.append(
            Text(f"  {other.unit}{kernel}: {plural(other.statements, 'import statement')}")
        )
        if other.kernel and not show_all:
            names = sum(len(m.names) for m in other.modules)
            lines.append(
                Text(
                    f"    {plural(names, 'name')} from {plural(len(other.modules), 'module')}"
                    " (--all lists them)"
                )
            )
            continue
        for module in other.modules:
            taken = ", ".join(
                f"{n.name} ×{n.count}" if n.count > 1 else n.name for n in module.names
            )
            lines.append(Text(f"    {module.module}: {taken}"))
            lines.append(
                Text(
                    "      at "
                    + ", ".join(
                        f"{_below(file, folder)}:{line}"
                        + (f" ({flags[file, line]})" if (file, line) in flags else "")
                        for file, line in module.places
                    ),
                    style="dim",
                )
            )
    return Group(*lines)


def _common_folder(files: list[str]) -> str:
    """The folder every file lies below ("" for none): printed once, not on every line."""
    folders = [PurePosixPath(file).parent.parts for file in files]
    if not folders:
        return ""
    common = folders[0]
    for parts in folders[1:]:
        k = 0
        while k < min(len(common), len(parts)) and common[k] == parts[k]:
            k += 1
        common = common[:k]
    return "/".join(common)


def _below(file: str, folder: str) -> str:
    return file[len(folder) + 1 :] if folder else file


@dataclass(frozen=True)
class _Link:
    """One model shared across the boundary, with every way it is used."""

    other: str  # the unit on the other side
    uses: bool  # the explained unit uses the other's model (else the other uses its model)
    model: str
    ways: tuple[tuple[str, int], ...]  # ("query select", count)
    access: frozenset[Access]
    places: tuple[tuple[str, int], ...]


def _links(assessment: Assessment, unit: str) -> list[_Link]:
    grouped: dict[tuple[str, bool, str], list[DataEdge]] = defaultdict(list)
    for cell in assessment.analysis.data.cells:
        if unit not in (cell.source, cell.target):
            continue
        for edge in cell.edges:
            uses = edge.source_unit == unit
            other = edge.target_unit if uses else edge.source_unit
            grouped[other, uses, edge.target].append(edge)
    links = []
    for (other, uses, model), edges in sorted(grouped.items()):
        ways: dict[str, int] = defaultdict(int)
        for edge in edges:
            way = edge.kind if edge.detail in ("", edge.kind) else f"{edge.kind} {edge.detail}"
            ways[way] += 1
        links.append(
            _Link(
                other,
                uses,
                model,
                tuple(sorted(ways.items())),
                frozenset(e.access for e in edges),
                tuple(sorted({(e.file, e.line) for e in edges})),
            )
        )
    return links


def _data(links: list[_Link]) -> RenderableType:
    if not links:
        return Text("Models and tables shared with other units: none")
    lines = [Text("Models and tables shared with other units", style="bold")]
    previous = ""
    for link in links:
        if link.other != previous:
            lines.append(Text(f"  {link.other}"))
            previous = link.other
        ways = ", ".join(f"{way} ×{n}" if n > 1 else way for way, n in link.ways)
        whose = "uses" if link.uses else f"{link.other} uses its"
        lines.append(Text(f"    {whose} {link.model}: {ways}"))
        shown = [f"{file}:{line}" for file, line in link.places[:SHOWN_PLACES]]
        more = len(link.places) - SHOWN_PLACES
        lines.append(
            Text(
                "      at " + ", ".join(shown) + (f" and {more} more" if more > 0 else ""),
                style="dim",
            )
        )
    return Group(*lines)


def _closing(assessment: Assessment, unit: str) -> list[str]:
    endpoints = [e for e in assessment.analysis.interfaces.endpoints if e.unit == unit]
    owners, teams = _owners(assessment, unit)
    return [
        f"Endpoints ({len(endpoints)}): "
        + (", ".join(f"{e.endpoint.method} {e.endpoint.path}" for e in endpoints) or "none"),
        f"Owners: {owners}; commits by team: {teams}",
        f"Changes together with: {_partners(assessment, unit)}",
    ]


def _owners(assessment: Assessment, unit: str) -> tuple[str, str]:
    evolution = assessment.analysis.evolution
    owners = next((o for o in evolution.owners if o.unit == unit), None)
    history = next((h for h in evolution.history.units if h.unit == unit), None)
    return (
        ", ".join(f"{o.owner} {o.files:.0%}" for o in owners.owners) if owners else "no CODEOWNERS",
        ", ".join(f"{t} {s:.0%}" for t, s in history.teams)
        if history and history.teams
        else "no [teams] map",
    )


def _partners(assessment: Assessment, unit: str) -> str:
    evolution = assessment.analysis.evolution
    pairs = [p for p in evolution.pairs if unit in (p.first, p.second) and p.degree is not None]
    partners = ", ".join(
        f"{p.second if p.first == unit else p.first} ({p.shared_commits} commits, {p.label})"
        for p in pairs
    )
    return partners or ("none" if evolution.history.source else "history not available")


def render_cut_json(assessment: Assessment, crossing: Crossing) -> str:
    """The cut report as one JSON document, kernels listed in full."""
    unit = crossing.unit
    candidate = next(
        (c for c in (*assessment.candidates, *assessment.kernels) if c.unit == unit), None
    )
    verdict = assessment.verdict(unit)
    document = {
        "unit": unit,
        "score": candidate.score if candidate else None,
        "role": str(candidate.role) if candidate else None,
        "overall_risk": str(verdict.risks.level) if verdict else None,
        "reason": verdict.reason if verdict else None,
        "blockers": [
            {"id": f.id, "title": f.title, "evidence": f.evidence, "samples": list(f.samples)}
            for f in (verdict.blockers if verdict else ())
        ],
        "first_move": verdict.first_move if verdict else None,
        "imports_out": [_unit_json(u) for u in crossing.outgoing],
        "imports_in": [_unit_json(u) for u in crossing.incoming],
        "data": [
            {
                "unit": link.other,
                "direction": "uses" if link.uses else "used by",
                "model": link.model,
                "ways": [{"way": way, "count": n} for way, n in link.ways],
                "places": [f"{file}:{line}" for file, line in link.places],
            }
            for link in _links(assessment, unit)
        ],
        "endpoints": [
            {
                "method": e.endpoint.method,
                "path": e.endpoint.path,
                "handler": e.endpoint.handler,
                "where": f"{e.file}:{e.endpoint.line}",
            }
            for e in assessment.analysis.interfaces.endpoints
            if e.unit == unit
        ],
        "owners": _owners(assessment, unit)[0],
        "teams": _owners(assessment, unit)[1],
        "changes_with": _partners(assessment, unit),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _unit_json(other: UnitNames) -> dict[str, object]:
    return {
        "unit": other.unit,
        "shared_kernel": other.kernel,
        "statements": other.statements,
        "modules": [
            {
                "module": m.module,
                "names": [{"name": n.name, "count": n.count} for n in m.names],
                "places": [f"{file}:{line}" for file, line in m.places],
            }
            for m in other.modules
        ],
    }
