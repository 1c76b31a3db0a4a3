"""What the terminal shows of a scan: small, kept in the cache, and read without loading the
records of an analysis (a warm scan shows it without analysing anything)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class UnitLine:
    """One row of the table a scan prints, already in words."""

    unit: str
    modules: str
    lines: str
    fan_in: str
    fan_out: str
    instability: str
    in_cycle: bool
    role: str


@dataclass(frozen=True)
class ScanView:
    """What the terminal shows after a scan: small enough to keep in the cache, so that a
    scan finding its reports already written for these facts shows it without analysing."""

    headline: str
    units: tuple[UnitLine, ...]  # in levelised order
    best: str  # the best candidate's line ("" when none is ranked)
    left_out: int  # files or folders listed under What was read


@dataclass(frozen=True)
class ScanDone:
    """What `coupling scan` did: the reports written (or found up to date) and its view."""

    view: ScanView
    written: tuple[Path, ...]
    cache_note: str = ""
    up_to_date: bool = False  # the reports were already what this scan would write
