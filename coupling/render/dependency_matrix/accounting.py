"""dependency-matrix.md, what the scan read: files parsed, left out and why, partial facts,
imports it could not resolve."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coupling.render.format import count, plural, table, where

if TYPE_CHECKING:
    from coupling.records import Accounting


def accounting_section(cov: Accounting) -> str:
    lines = [
        "## What was read",
        "",
        f"- {plural(cov.files, 'file')} scanned: {count(cov.parsed_ast)} parsed with Python's own parser, "
        + _newer(cov)
        + f"{count(cov.parsed_libcst)} with libcst (syntax newer than the running Python; partial facts, listed below), "
        f"{count(cov.files - cov.parsed_ast - cov.parsed_libcst - len(cov.newer))} could not be parsed.",
        f"- {plural(len(cov.skipped), 'file or folder', 'files or folders')} left out; "
        f"{plural(cov.ignored, 'Python file')} ignored by git (.gitignore, submodules); "
        f"{plural(len(cov.unresolved), 'import')} could not be resolved.",
        *(f"- **Check the scan**: {note}." for note in cov.notes),
        "- Static analysis only: modules named in strings count in the matrix when they resolve "
        "to another unit's module (by name), and are listed under Dynamic imports; a computed "
        "name cannot be followed. Test files are not counted as coupling.",
    ]
    if cov.skipped:
        rows = [[where(s.file, s.line), s.reason] for s in cov.skipped]
        lines += ["", "Left out:", "", table(["file", "why"], rows)]
    if cov.newer:
        listed = "\n".join(f"- {file}" for file in cov.newer)
        lines += [
            "",
            f"<details><summary>Read by a newer Python's parser ({len(cov.newer)})</summary>",
            "",
            listed,
            "",
            "</details>",
        ]
    if cov.partial:
        rows = [[file, ", ".join(facts)] for file, facts in cov.partial]
        lines += ["", "Read with partial facts:", "", table(["file", "facts missing"], rows)]
    if cov.unresolved:
        rows = [[where(u.file, u.line), f"`{u.name}`", u.reason] for u in cov.unresolved]
        lines += ["", "Unresolved imports:", "", table(["where", "import", "why"], rows)]
    return "\n".join(lines)


def _newer(cov: Accounting) -> str:
    """The files a newer Python read, when there are some (`newer_python`)."""
    if not cov.newer:
        return ""
    return (
        f"{count(len(cov.newer))} with a newer Python's own parser (syntax newer than the "
        "running Python, every fact; `newer_python`, listed below), "
    )
