"""What history and ownership say: who changes each unit, what changes together, who owns it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class UnitHistory:
    unit: str
    commits: int
    authors: int
    main_developer: str  # by added lines
    main_developer_share: float
    main_by_commits: str
    main_by_commits_share: float
    fractal: float  # 1 - sum of squared commit shares: 0 one author, towards 1 many equal ones
    added: int
    deleted: int
    teams: tuple[tuple[str, float], ...]  # share of commits per team, when [teams] maps authors


@dataclass(frozen=True)
class CoChange:
    """Two units changed in the same commits (code-maat's change coupling)."""

    first: str
    second: str
    shared: int  # commits touching both
    degree: float  # shared / average commits of the two
    first_commits: int
    second_commits: int


@dataclass(frozen=True)
class FileChurn:
    file: str  # relative to the project root
    commits: int
    added: int
    deleted: int


@dataclass(frozen=True)
class History:
    source: str  # "git log" or the history file's name; "" when there is no history
    note: str = ""  # why there is none
    head: str = ""  # the commit `git log` started from; "" for a history file
    commits: int = 0
    bot_commits: int = 0
    large_changesets: int = 0  # left out of change coupling
    changeset_limit: int = 0  # files a changeset may touch and still count for change coupling
    renames: int = 0
    changes: int = 0  # file changes read (a line of --numstat each)
    first_date: str = ""
    last_date: str = ""
    units: tuple[UnitHistory, ...] = ()
    pairs: tuple[CoChange, ...] = ()
    files: tuple[FileChurn, ...] = ()


@dataclass(frozen=True)
class Ownership:
    """Owners of each scanned file by CODEOWNERS."""

    source: str  # the CODEOWNERS file, relative to the root; "" when there is none
    files: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (SourceFile.rel, owners)
