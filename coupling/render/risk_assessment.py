"""risk-assessment.md: what can go wrong when each of the top candidates leaves."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coupling.render.evidence import evidence_section
from coupling.render.format import bold, name, plural, table

if TYPE_CHECKING:
    from coupling.records import Assessment, UnitRisks


def render_risks(assessment: Assessment) -> str:
    risks = assessment.risks
    project = assessment.analysis.project
    parts = [
        "# Risk assessment\n\n"
        f"`{project.scan_path}` · the {plural(len(risks), 'best extraction candidate')} "
        "(`--risks N` for more): what can go wrong when each one leaves.\n\n"
        "Risks, their thresholds, likelihood, impact and mitigations are defined in "
        "`rules/risks.toml`; each finding cites the evidence that triggered it. A risk that needs "
        "evidence this scan did not have is listed as *not assessed*, never as absent.",
        evidence_section(assessment.analysis.sources),
    ]
    if not risks:
        return "\n\n".join(parts) + "\n\nNo unit to assess.\n"
    rows = [
        [
            str(rank),
            bold(r.unit),
            f"{r.score:.1f}",
            f"**{r.level}**",
            name(", ".join(f.title for f in r.findings[:3]) or "–"),
        ]
        for rank, r in enumerate(risks, 1)
    ]
    parts.append(
        "## Summary\n\n" + table(["rank", "unit", "score /10", "overall risk", "main risks"], rows)
    )
    parts.extend(_unit(rank, r) for rank, r in enumerate(risks, 1))
    parts.append(_recommendations(risks))
    parts.append(
        "## Levels\n\n"
        "A finding's severity is likelihood × impact (Low 1, Medium 2, High 3). Overall: CRITICAL "
        "with two findings of severity 9, HIGH with one, MEDIUM-HIGH with two of severity 6, MEDIUM "
        "with any of 4 or more, else LOW (`[overall]` in `rules/risks.toml`)."
    )
    return "\n\n".join(parts) + "\n"


def _unit(rank: int, risks: UnitRisks) -> str:
    parts = [f"## {rank}. {name(risks.unit)}: {risks.level}"]
    if not risks.findings:
        assessed = "among those assessed" if risks.not_assessed else "by any detector"
        parts.append(f"No risk found {assessed}.")
    else:
        rows = [[f.title, f.likelihood, f.impact, name(f.mitigation)] for f in risks.findings]
        parts.append(table(["Risk", "Likelihood", "Impact", "Mitigation"], rows))
        evidence = [
            f"- **{f.id} {f.title}**: {name(f.evidence)}"
            + (f" ({name(', '.join(f.samples))})" if f.samples else "")
            for f in risks.findings
        ]
        parts.append("Evidence:\n\n" + "\n".join(evidence))
        todo = [f"{name(f.recommendation)} ({f.id})" for f in risks.findings if f.severity >= 4][:4]
        if todo:
            parts.append("Recommendations:\n\n" + "\n".join(f"- {text}" for text in todo))
    if risks.not_assessed:
        lacking: dict[str, list[str]] = {}
        for item in risks.not_assessed:
            lacking.setdefault(item.lacking, []).append(f"{item.title} ({item.id})")
        parts.append(
            "Not assessed: "
            + "; ".join(f"{', '.join(titles)}: no {what}" for what, titles in lacking.items())
            + "."
        )
    if risks.silenced:
        parts.append(
            "Silenced in the configuration:\n\n"
            + "\n".join(f"- {f.id} {f.title}: {name(f.silenced)}" for f in risks.silenced)
        )
    return "\n\n".join(parts)


def _recommendations(risks: tuple[UnitRisks, ...]) -> str:
    """What to do before starting: the serious findings (severity 6 and more), then the risks
    several candidates share, which are groundwork for the whole programme."""
    lines: list[str] = []
    for r in risks:
        lines += [f"{name(f.recommendation)} ({f.id})" for f in r.findings if f.severity >= 6]
    shared: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    for r in risks:
        for f in r.findings:
            shared.setdefault(f.id, []).append(r.unit)
            titles[f.id] = f"{f.title}: {f.mitigation.rstrip('.')}"
    lines += [
        f"{name(titles[risk])}, for {name(', '.join(units))} ({risk})"
        for risk, units in sorted(shared.items())
        if len(units) > 1 and not any(risk in line for line in lines)
    ]
    if not lines:
        return ""
    return "## Recommendations\n\n" + "\n".join(
        f"{n}. {text}" for n, text in enumerate(dict.fromkeys(lines), 1)
    )
