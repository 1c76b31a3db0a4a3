"""The first page of extraction-candidates.md, the one that decides: the top five with score,
role, overall risk and the one reason that matters most; the best candidate's three blockers;
the first move. And each candidate's pros and cons, the cons from the evidence the risk
assessment cites."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coupling.render.format import bold, name, table
from coupling.render.plan.words import prose

if TYPE_CHECKING:
    from coupling.records import Assessment, Candidate, Finding, Verdict

TOP = 5


def decision_section(assessment: Assessment) -> str:
    if not assessment.candidates:
        return ""
    rows = [
        [
            str(rank),
            bold(c.unit),
            f"{c.score:.1f}",
            c.role.value,
            _level(assessment.verdict(c.unit)),
            prose(v.reason) if (v := assessment.verdict(c.unit)) else name(c.rationale),
        ]
        for rank, c in enumerate(assessment.candidates[:TOP], 1)
    ]
    parts = [
        "## Decision",
        table(
            ["rank", "unit", "score /10", "role", "overall risk", "what matters most"],
            rows,
            ["right", "left", "right", "left", "left", "left"],
        ),
        *_best(assessment, assessment.candidates[0]),
    ]
    if assessment.kernels:
        kernels = ", ".join(bold(k.unit) for k in assessment.kernels)
        what = "a versioned library" if len(assessment.kernels) == 1 else "versioned libraries"
        parts.append(
            f"**Before any service**: publish {kernels} as {what} every service depends on "
            f"(`coupling plan {assessment.kernels[0].unit}` says how)."
        )
    parts.append(
        "The rest of this report is the detail behind this page: the ranking with every "
        "factor, the extraction order, and each candidate's pros and cons."
    )
    return "\n\n".join(parts)


def _level(verdict: Verdict | None) -> str:
    return f"**{verdict.risks.level.value}**" if verdict else "not assessed"


def _best(assessment: Assessment, best: Candidate) -> list[str]:
    verdict = assessment.verdict(best.unit)
    head = (
        f"**Extract {name(best.unit)} first** ({best.score:.1f}/10, {best.role.value}, "
        f"overall risk {_level(verdict)})."
    )
    if verdict is None:
        return [head]
    blockers = [
        f"{k}. {finding_text(f)} To do: {prose(f.recommendation)}."
        for k, f in enumerate(verdict.blockers, 1)
    ]
    return [
        head + (f" Its {len(blockers)} biggest blockers:" if len(blockers) > 1 else " Its blocker:")
        if blockers
        else head + " No blocker found.",
        *(["\n".join(blockers)] if blockers else []),
        f"**First move**: {prose(verdict.first_move)}. Then `coupling plan {best.unit}` writes "
        "the extraction brief, step by step.",
    ]


def finding_text(finding: Finding) -> str:
    sample = f" ({name(finding.samples[0])})" if finding.samples else ""
    return (
        f"**{name(finding.title)}** ({finding.likelihood.value} × {finding.impact.value}): "
        f"{prose(finding.evidence)}{sample}."
    )


def pros(candidate: Candidate, verdict: Verdict | None) -> list[str]:
    """The score's pros, and the risks checked and not found."""
    found = [name(p) for p in candidate.pros]
    if verdict and verdict.cleared:
        found.append("Checked and not found: " + ", ".join(t.lower() for t in verdict.cleared))
    return found or ["Nothing stands out in its favour"]


def cons(candidate: Candidate, verdict: Verdict | None) -> list[str]:
    """The score's cons, then every risk finding with its evidence (risk-assessment.md's)."""
    found = [name(c) for c in candidate.cons]
    if verdict:
        found += [finding_text(f).rstrip(".") for f in verdict.risks.findings]
    return found or ["No risk found"]
