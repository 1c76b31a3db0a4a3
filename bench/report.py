"""The markdown `make bench` prints: the machine, the trees' table, the diff line, the growth table."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import peers
import trees
from growth import PER_UNIT, Growth
from section import Tree
from timing import SAMPLE_EVERY, median

from coupling import __version__

PYTHON = ".".join(map(str, sys.version_info[:2]))


def machine(rounds: int) -> list[str]:
    versions = f"coupling {__version__}, grimp {trees.installed_version('grimp') or '?'}, {peers.tach_version()}"
    return [
        f"Machine: {os.cpu_count()} cores, {_ram_gib():.1f} GiB RAM, Python {sys.version.split()[0]}; "
        f"median of {rounds} run(s) per figure (BENCH_RUNS), the tools taking turns run by run; "
        "PYTHONDONTWRITEBYTECODE unset for every timed process (bytecode cached, as after pip install).",
        "",
        f"{versions}. Wall clock including interpreter start, except where timed inside the process.",
        "",
    ]


def trees_table(measured: list[Tree]) -> list[str]:
    if not measured:
        return []
    header = [
        "tree (.py files)",
        "single-thread ast.parse of all",
        "coupling scan, cold",
        "ratio",
        "grimp",
        "tach check",
        "warm scan (×tach)",
        "warm check (×tach)",
        "+1 changed file (scan/check)",
        "peak RSS cold/warm",
    ]
    rows = [_row(tree) for tree in measured]
    return [*_table(header, rows), "", *_notes(measured), ""]


def _row(tree: Tree) -> list[str]:
    parsed = median([p.seconds for p in tree.parsed])
    failed = max(p.failed for p in tree.parsed)
    cold = median([r.seconds for r in tree.cold])
    warm = median([r.seconds for r in tree.warm])
    tach, check = median(tree.tach), median(tree.check)
    scan_edited, check_edited = median(tree.scan_edited), median(tree.check_edited)
    return [
        f"{tree.name} ({tree.files:,})",
        f"{parsed:.2f} s" + (f" ({failed:,} fail on {PYTHON})" if failed else ""),
        f"{cold:.2f} s",
        f"{cold / parsed:.1f}×",
        f"{median(tree.grimp):.2f} s",
        f"{tach:.2f} s",
        f"{warm:.2f} s ({warm / tach:.2f}×)",  # two decimals: the targets are 1.0× and 0.5×
        f"{check:.2f} s ({check / tach:.2f}×)",
        f"{scan_edited:.2f} s ({scan_edited - warm:+.2f}) / {check_edited:.2f} s ({check_edited - check:+.2f})",
        f"{median([r.peak_mib for r in tree.cold]):.0f} / {median([r.peak_mib for r in tree.warm]):.0f} MiB",
    ]


def _notes(measured: list[Tree]) -> list[str]:
    failing = [t for t in measured if any(p.failed for p in t.parsed)]
    sources = "; ".join(f"{t.name} from {t.origin}" for t in measured)
    return [
        f"- {sources}. Wheels are fetched with `pip download` into ~/.cache/coupling-bench/ and "
        "unzipped once; each tree is a copy committed to a fresh git repository.",
        "- ast.parse: every file read and parsed in one process, timed inside it"
        + (
            f"; files using syntax newer than Python {PYTHON} fail to parse, and their attempts "
            "count (coupling hands each of them to libcst in a child process of its own)"
            if failing
            else ""
        )
        + ". grimp: `grimp.build_graph(package, cache_dir=None)`, timed inside its process.",
        f"- {peers.TACH_NOTE}"
        + (" (all of homeassistant.components is one module)" if _has_ha(measured) else "")
        + "; tach check has no cache.",
        "- coupling with default settings (one parser process per core). Cold: `.coupling/` removed "
        "first. Warm: nothing changed since the last scan; the check runs after a scan. "
        "+1 changed file: a function appended to one file, then a scan (its difference to a warm "
        "scan in brackets); another appended, then a check (difference to a warm check). "
        "Ratio: cold scan over ast.parse; ×tach: over tach check.",
        "- Peak RSS: the largest sum of VmRSS over the scan's process and all its descendants, "
        f"sampled every {SAMPLE_EVERY * 1000:.0f} ms during the timed runs.",
    ]


def _has_ha(measured: list[Tree]) -> bool:
    return any(t.package.name == "homeassistant" for t in measured)


def diff_line(diff: float, cold: float) -> list[str]:
    return [
        f"`coupling diff HEAD~1 HEAD -p django` (two commits: Django {trees.DJANGO_BEFORE}, then "
        f"{trees.DJANGO}; `.coupling/` removed before each run): {diff:.2f} s, "
        f"{diff / cold:.2f}× one cold scan of {trees.DJANGO} ({cold:.2f} s, in turn with it; "
        "target ≤ 2×).",
        "",
    ]


def growth_table(grown: list[Growth]) -> list[str]:
    if not grown:
        return []
    first = grown[0]
    base_cold, base_warm = first.cold / first.files, first.warm / first.files
    header = [
        "modules",
        ".py files",
        "cold scan",
        "ms/file",
        "× first",
        "warm scan",
        "ms/file",
        "× first",
    ]
    rows = [
        [
            f"{g.modules:,}",
            f"{g.files:,}",
            f"{g.cold:.2f} s",
            f"{g.cold / g.files * 1000:.2f}",
            f"{g.cold / g.files / base_cold:.2f}",
            f"{g.warm:.2f} s",
            f"{g.warm / g.files * 1000:.2f}",
            f"{g.warm / g.files / base_warm:.2f}",
        ]
        for g in grown
    ]
    return [
        f"Growth: a synthetic monolith, ~{PER_UNIT} modules per unit, files drawn from a fixed-seed "
        f"model (bench/growth.py); sizes from BENCH_GROWTH. Target: each size's time per file "
        f"within ±20% of the {first.modules:,}-module tree's.",
        "",
        *_table(header, rows),
    ]


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return [
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(row) + " |" for row in rows),
    ]


def _ram_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024**2
    return 0.0
