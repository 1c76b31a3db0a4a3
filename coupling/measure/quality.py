"""Complexity and tests per unit: which code is complex, and whether anything exercises it.

A test file exercises the unit its path names (tests/billing/…, test_billing.py), else the
units it imports (a shared kernel only when it imports nothing else). Without a coverage file,
a function counts as tested when some test names it; with one, by the share of its lines run.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING

from coupling.records import (
    CodeQuality,
    FunctionStats,
    UnitQuality,
)

if TYPE_CHECKING:
    from coupling.records import (
        FileFacts,
        FileLines,
        FunctionComplexity,
        LineCoverage,
        ModuleGraph,
        Rules,
        SourceFile,
        UnitStats,
    )

RANKS = "ABCDEF"
# radon's ranks (its `cc_rank`, which the tests hold this to): A is 1–5, B 6–10, C 11–20,
# D 21–30, E 31–40, F 41 and more.
_RANKS_FROM = (6, 11, 21, 31, 41)


def quality(
    graph: ModuleGraph, stats: dict[str, UnitStats], rules: Rules, coverage: LineCoverage | None
) -> CodeQuality:
    production = [
        (f, facts)
        for f, facts in zip(graph.project.files, graph.facts, strict=True)
        if not f.is_test
    ]
    lines = dict(coverage.files) if coverage else {}
    named = _named_in_tests(graph)
    functions = [
        _function(
            file=file,
            facts=facts,
            function=function,
            named=named,
            lines=lines.get(file.rel) if coverage else None,
            measured=coverage is not None,
        )
        for file, facts in production
        for function in facts.functions
    ]
    tests, shared = _tests_per_unit(graph, stats)
    relied = _support_per_unit(graph, tests, [file for file, _lines in shared])
    per_unit: dict[str, list[FunctionStats]] = defaultdict(list)
    for function in functions:
        per_unit[function.unit].append(function)
    units = tuple(
        _unit_quality(
            unit=unit,
            functions=per_unit[unit],
            tests=tests.get(unit, []),
            support=relied.get(unit, ()),
            stats=stats[unit],
            production=production,
            lines=lines,
            coverage=coverage,
        )
        for unit in sorted(stats)
    )
    by_complexity = sorted(functions, key=lambda f: (-f.complexity, f.file, f.line))
    complex_ones = [f for f in by_complexity if f.complexity >= rules.complex_from]
    untested = [
        f
        for f in complex_ones
        if (f.coverage < rules.untested_below if f.coverage is not None else f.tested is False)
    ]
    return CodeQuality(
        units=units,
        hotspots=tuple(by_complexity[: rules.hotspots]),
        untested=tuple(untested),
        line_coverage=coverage.source if coverage else "",
        shared_tests=shared,
    )


def _function(
    *,
    file: SourceFile,
    facts: FileFacts,
    function: FunctionComplexity,
    named: set[str],
    lines: FileLines | None,
    measured: bool,
) -> FunctionStats:
    coverage = None
    if measured:
        body = _measured(facts, lines, range(function.line, function.end_line + 1))
        run = set(lines.covered) if lines else set()
        coverage = len(body & run) / len(body) if body else None
    return FunctionStats(
        unit=file.unit,
        file=file.rel,
        name=function.name,
        line=function.line,
        complexity=function.complexity,
        rank=rank_of(function.complexity),
        tested=None if measured else function.name.rsplit(".", 1)[-1] in named,
        coverage=coverage,
    )


def rank_of(complexity: int) -> str:
    """radon's A-F rank of a cyclomatic complexity."""
    return RANKS[bisect_right(_RANKS_FROM, complexity)]


def _measured(facts: FileFacts, lines: FileLines | None, span: range) -> set[int]:
    measured = lines.measured if lines and lines.measured is not None else facts.statement_lines
    return {line for line in measured if line in span}


def _named_in_tests(graph: ModuleGraph) -> set[str]:
    inside = [
        facts for file, facts in zip(graph.project.files, graph.facts, strict=True) if file.is_test
    ]
    return {name for facts in (*inside, *graph.test_facts) for name in facts.identifiers}


@dataclass(frozen=True)
class _TestFile:
    file: str
    code_lines: int


_SUPPORT = {"conftest", "fixtures", "factories"}  # test support files, by stem


def _tests_per_unit(
    graph: ModuleGraph, stats: dict[str, UnitStats]
) -> tuple[dict[str, list[_TestFile]], tuple[tuple[str, int], ...]]:
    """Test files per unit, and the shared support (a conftest.py, fixtures, factories) that
    serves several units: credited to none of them."""
    unit_of = {module.name: module.unit for module in graph.modules if not module.is_test}
    kernels = {name for name, s in stats.items() if s.shared_kernel}
    imported: dict[str, set[str]] = defaultdict(set)
    inside = [
        (f, facts) for f, facts in zip(graph.project.files, graph.facts, strict=True) if f.is_test
    ]
    for imp in (*graph.imports, *graph.test_imports):
        for target in imp.targets:
            if target in unit_of:
                imported[imp.file].add(unit_of[target])
    found: dict[str, list[_TestFile]] = defaultdict(list)
    shared: list[tuple[str, int]] = []
    for file, facts in (*inside, *zip(graph.project.test_files, graph.test_facts, strict=True)):
        units = _exercised(file, imported[file.rel], set(stats), kernels)
        if _is_support(file) and len(_named_units(file, set(stats))) != 1:
            shared.append((file.rel, facts.code_lines))
            continue
        for unit in units:
            found[unit].append(_TestFile(file.rel, facts.code_lines))
    return found, tuple(sorted(shared))


def _support_per_unit(
    graph: ModuleGraph, tests: dict[str, list[_TestFile]], shared: list[str]
) -> dict[str, tuple[str, ...]]:
    """The shared test support each unit's tests rely on: a conftest.py in a folder above
    one of its test files, or a support module one of them imports."""
    module_of = {f.rel: f.module for f in (*graph.project.files, *graph.project.test_files)}
    imported: dict[str, set[str]] = defaultdict(set)
    for imp in (*graph.imports, *graph.test_imports):
        imported[imp.file].update(imp.targets)
    found: dict[str, tuple[str, ...]] = {}
    for unit, files in tests.items():
        relied = {
            support
            for support in shared
            for test in files
            if _applies(support, test.file) or module_of.get(support) in imported[test.file]
        }
        found[unit] = tuple(sorted(relied))
    return found


def _applies(support: str, test: str) -> bool:
    """A conftest.py serves every test file below its folder."""
    path = PurePath(support)
    return path.name == "conftest.py" and PurePath(test).is_relative_to(path.parent)


def _is_support(file: SourceFile) -> bool:
    parts = PurePath(file.rel).parts
    return PurePath(parts[-1]).stem in _SUPPORT or "fixtures" in parts[:-1]


def _named_units(file: SourceFile, units: set[str]) -> set[str]:
    """The units a test file's path names: tests/billing/…, test_billing.py."""
    parts = PurePath(file.rel).parts
    stem = parts[-1].removesuffix(".py").removeprefix("test_").removesuffix("_test")
    return {part for part in parts[:-1] if part in units} | {
        u for u in units if stem == u or stem.startswith(u + "_")
    }


def _exercised(
    file: SourceFile, imported: set[str], units: set[str], kernels: set[str]
) -> set[str]:
    named = _named_units(file, units)
    if file.unit and not named:
        named = {file.unit}  # a test module inside a unit tests that unit
    return named or (imported - kernels) or imported


def _unit_quality(
    *,
    unit: str,
    functions: list[FunctionStats],
    tests: list[_TestFile],
    support: tuple[str, ...],
    stats: UnitStats,
    production: list[tuple[SourceFile, FileFacts]],
    lines: dict[str, FileLines],
    coverage: LineCoverage | None,
) -> UnitQuality:
    ranks = tuple(sum(1 for f in functions if f.rank == rank) for rank in RANKS)
    complexities = [f.complexity for f in functions]
    test_lines = sum(t.code_lines for t in tests)
    return UnitQuality(
        unit=unit,
        functions=len(functions),
        ranks=ranks,
        mean_complexity=sum(complexities) / len(complexities) if complexities else 0.0,
        max_complexity=max(complexities, default=0),
        test_files=len(tests),
        test_lines=test_lines,
        test_ratio=test_lines / stats.code_lines if stats.code_lines else 0.0,
        coverage=_unit_coverage(unit, production, lines) if coverage else None,
        tests=tuple(sorted({t.file for t in tests})),
        support=support,
    )


def _unit_coverage(
    unit: str, production: list[tuple[SourceFile, FileFacts]], lines: dict[str, FileLines]
) -> float | None:
    measured = run = 0
    for file, facts in production:
        if file.unit != unit:
            continue
        recorded = lines.get(file.rel)
        counted = set(
            recorded.measured
            if recorded and recorded.measured is not None
            else facts.statement_lines
        )
        measured += len(counted)
        run += len(counted & set(recorded.covered)) if recorded else 0
    return run / measured if measured else None
