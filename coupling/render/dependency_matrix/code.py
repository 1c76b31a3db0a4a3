"""dependency-matrix.md, the code itself: cyclomatic complexity per unit, the most complex
functions, tests per unit and the complex functions nothing tests."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coupling.render.format import bold, count, plural, ratio, table, where

if TYPE_CHECKING:
    from coupling.records import CodeQuality, FunctionStats


def complexity_section(code: CodeQuality) -> str:
    rows = [
        [
            bold(q.unit),
            count(q.functions),
            *(count(n) for n in q.ranks),
            f"{q.mean_complexity:.1f}",
            count(q.max_complexity),
        ]
        for q in code.units
    ]
    parts = [
        "## Complexity",
        "Cyclomatic complexity per function (radon): rank A is 1–5, B 6–10, C 11–20, D 21–30, E 31–40, F 41 and more.",
        table(
            ["unit", "functions", "A", "B", "C", "D", "E", "F", "mean", "max"],
            rows,
            ["left", *["right"] * 9],
        ),
    ]
    if code.hotspots:
        parts.append(
            "### Most complex functions\n\n" + _functions(code.hotspots, code.line_coverage)
        )
    return "\n\n".join(parts)


def _functions(functions: tuple[FunctionStats, ...], measured: str) -> str:
    rows = [
        [
            f"`{f.name}`",
            f.unit,
            count(f.complexity),
            f.rank,
            where(f.file, f.line),
            _tested(f, measured),
        ]
        for f in functions
    ]
    return table(
        ["function", "unit", "complexity", "rank", "where", "tests"],
        rows,
        ["left", "left", "right", "left", "left", "left"],
    )


def _tested(function: FunctionStats, measured: str) -> str:
    if measured:
        return (
            "no lines measured"
            if function.coverage is None
            else f"{function.coverage:.0%} of lines run"
        )
    return "named in a test" if function.tested else "no test names it"


def tests_section(code: CodeQuality, test_files: int) -> str:
    measured = code.line_coverage
    rows = [
        [
            bold(q.unit),
            count(q.test_files),
            count(q.test_lines),
            ratio(q.test_ratio),
            "–" if q.coverage is None else f"{q.coverage:.0%}",
        ]
        for q in code.units
    ]
    source = (
        f"line coverage from `{measured}`"
        if measured
        else "no coverage file given (`--coverage coverage.xml` adds measured line coverage)"
    )
    parts = [
        "## Tests",
        f"{plural(test_files, 'test file')}; a test file counts for the unit its path names, "
        f"else for the units it imports. {source[0].upper() + source[1:]}.",
        table(
            ["unit", "test files", "test lines", "test/code", "coverage"],
            rows,
            ["left", "right", "right", "right", "right"],
        ),
    ]
    if code.shared_tests:
        listed = ", ".join(
            f"{where(file)} ({plural(lines, 'line')})" for file, lines in code.shared_tests
        )
        parts.append(
            f"Shared test support, credited to no unit (fixtures several units use): {listed}."
        )
    if code.untested:
        parts.append(
            "### Complex and untested\n\nComplex functions (see `rules/analysis.toml`) "
            + ("with little of them run by the tests" if measured else "that no test names")
            + ":\n\n"
            + _functions(code.untested, measured)
        )
    return "\n\n".join(parts)
