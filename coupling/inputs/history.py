"""Who changes each unit and what changes together: one `git log --numstat` call in PATH,
or the same output saved to a file (--history, as code-maat reads logs).

Per unit: commits, authors, the main developer by added lines and by commits, the fractal
value (1 - sum of squared commit shares), churn, and teams when [teams] maps authors.
Between units, change coupling as code-maat defines it: commits touching both / the average
of their commits, leaving out changesets over a size, pairs under minimum revisions.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING

from coupling.cache.codec import sealed, to_data, unsealed
from coupling.discover import ROOT_UNIT
from coupling.errors import InputError
from coupling.inputs.gitlog import LogReading, commits, git_head, git_refusal, log_file
from coupling.records import (
    CoChange,
    FileChurn,
    History,
    UnitHistory,
)

if TYPE_CHECKING:
    from coupling.cache import CacheSession
    from coupling.inputs.gitlog import Commit
    from coupling.records import (
        HistoryRules,
        Project,
        Settings,
    )


def _day(text: str) -> str:
    """YYYY-MM-DD from git's iso-strict or default date format; "" when neither."""
    for parse in (
        datetime.fromisoformat,
        lambda t: datetime.strptime(t, "%a %b %d %H:%M:%S %Y %z"),
    ):
        try:
            return parse(text).date().isoformat()
        except ValueError:
            continue
    return ""


_COMMIT = re.compile(r"[0-9a-f]{7,64}")  # a baseline's commit id: never options or paths
# A commit id as git rev-parse writes it (SHA-1, SHA-256).
_FULL_COMMIT = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


def read_history(
    settings: Settings, project: Project, cache: CacheSession, at: str = ""
) -> History:
    """The history of the units in `project`; History(source="") when there is none. With a
    commit `at` (the one a baseline's history started from) git's log starts there rather than
    at HEAD, so that commits made since do not move the figures a check compares."""
    return start_history(settings, project, cache, at).result()


def start_history(
    settings: Settings, project: Project, cache: CacheSession, at: str = ""
) -> PendingHistory:
    """read_history's answer, known at once or with git's log still being read: the caller
    parses meanwhile and asks for `result()` when it needs the history."""
    if settings.inputs.history is not None:
        lines: Iterable[str] = log_file(settings.inputs.history)
        source, relative_to_root = settings.inputs.history.name, True
        history = _read(lines, source, relative_to_root, settings, project)
        _refuse_empty(history, settings.inputs.history)
        return PendingHistory(history)
    elif not settings.git_history:
        return PendingHistory(History(source="", note="history not read (no history file given)"))
    elif any((folder / ".git").exists() for folder in (settings.path, *settings.path.parents)):
        return _from_git(settings, project, cache, at)
    else:
        return PendingHistory(History(source="", note="no git repository here, no --history file"))


class PendingHistory:
    """A history known at once (a file, none, recalled from the cache), or git's log being
    read (`reading`), then kept in the cache for its commit `head`."""

    def __init__(
        self,
        known: History | None = None,
        reading: LogReading[History] | None = None,
        keep: tuple[CacheSession, str, str] | None = None,  # the cache, the key, the head
    ) -> None:
        self._known = known
        self._reading = reading
        self._keep = keep

    def result(self) -> History:
        if self._known is not None:
            return self._known
        assert self._reading is not None
        history = self._reading.result()
        if self._keep is not None:
            cache, key, head = self._keep
            history = dataclasses.replace(history, head=head) if history.source else history
            cache.remember(key, sealed(history))
        self._known = history
        return history

    def cancel(self) -> None:
        if self._reading is not None and self._known is None:
            self._reading.cancel()


def _refuse_empty(history: History, file: Path) -> None:
    """A history file given on purpose that holds no commit, or commits without file changes,
    is a mistake (a wrong file, a log without --numstat): an error, not "no history"."""
    if not history.source:
        raise InputError(
            "holds no commit of `git log --numstat` output; write it with "
            "`git log --numstat > FILE` (or drop --history)",
            path=file,
        )
    if history.changes == 0:
        raise InputError(
            f"holds {history.commits} commit(s) but no file changes: it was written without "
            "--numstat; write it with `git log --numstat > FILE`",
            path=file,
        )


def _read(
    lines: Iterable[str],
    source: str,
    relative_to_root: bool,
    settings: Settings,
    project: Project,
    *,
    min_commits: int = 1,
) -> History:
    """The history in `lines`; none below `min_commits` (git's: a log file is given on
    purpose, and read whatever it holds)."""
    tally = _Tally(project, settings, relative_to_root)
    for commit in commits(lines):
        tally.add(commit)
    if not tally.seen:
        return History(source="", note=f"{source}: no commits found")
    if tally.seen < min_commits:
        return History(
            source="",
            note=(
                f"{source}: {tally.seen} commit(s), fewer than min_commits ({min_commits}): "
                "no history figures (in a shallow clone, `git fetch --unshallow`)"
            ),
        )
    return tally.history(source, settings.rules.history)


def _from_git(settings: Settings, project: Project, cache: CacheSession, at: str) -> PendingHistory:
    """git log once per commit: the history of a commit is kept in the cache (checks run
    often)."""
    if _FULL_COMMIT.fullmatch(at) and (known := _recalled(settings, project, cache, at)):
        return PendingHistory(known)  # stored for this very commit, git verified it then
    pinned = git_head(settings.path, at) if _COMMIT.fullmatch(at) else ""
    head = pinned or git_head(settings.path)
    if head and (known := _recalled(settings, project, cache, head)):
        return PendingHistory(known)
    if not head and (refusal := git_refusal(settings.path)):
        return PendingHistory(History(source="", note=refusal))

    def tally(lines: Iterable[str]) -> History:
        minimum = settings.rules.history.min_commits
        return _read(lines, "git log", False, settings, project, min_commits=minimum)

    reading = LogReading(settings.path, settings.since, head or "HEAD", tally)
    # The cache is this thread's: the history is stored once it is read (`result`).
    keep = (cache, _history_key(settings, project, head), head) if head else None
    return PendingHistory(reading=reading, keep=keep)


def _recalled(
    settings: Settings, project: Project, cache: CacheSession, head: str
) -> History | None:
    """The history stored for commit `head` (sealed: 50,000 files' churn on a big repository,
    read by every check); None when there is none, damaged or of another version."""
    stored = cache.recall(_history_key(settings, project, head))
    return None if stored is None else unsealed(History, stored)


def _history_key(settings: Settings, project: Project, head: str) -> str:
    return json.dumps(
        [
            "history",
            head,
            project.scan_path,
            project.units,
            project.depth,
            settings.since,
            settings.bots,
            settings.teams,
            to_data(settings.rules.history),
        ]
    )


@dataclass
class _Author:
    name: str
    commits: int = 0
    added: int = 0


@dataclass
class _Unit:
    commits: int = 0
    added: int = 0
    deleted: int = 0
    authors: dict[str, _Author] = field(default_factory=dict)


class _Tally:
    def __init__(self, project: Project, settings: Settings, relative_to_root: bool) -> None:
        self.project = project
        self.units = set(project.units)
        self.unit_of_file = {file.rel: file.unit for file in project.files if not file.is_test}
        self.prefix = (
            "" if project.scan_path == "." or not relative_to_root else project.scan_path + "/"
        )
        self.bots = tuple(pattern.lower() for pattern in settings.bots)
        self.teams = {
            member.lower(): team for team, members in settings.teams for member in members
        }
        self.limit = settings.rules.history.max_changeset_files
        self.renamed: dict[str, str] = {}  # an old path → the path it has now
        self.per_unit: dict[str, _Unit] = defaultdict(_Unit)
        self.per_file: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        self.revisions: Counter[str] = (
            Counter()
        )  # for change coupling: commits within the size limit
        self.shared: Counter[tuple[str, str]] = Counter()
        self.seen = self.bots_skipped = self.large = self.renames = self.changes = 0
        self.first = self.last = ""

    def add(self, commit: Commit) -> None:
        if commit.merge:
            return
        self.seen += 1
        self.changes += len(commit.changes)
        if when := _day(commit.date):
            self.first = min(self.first or when, when)
            self.last = max(self.last, when)
        paths = [self._current(change.path, change.renamed_from) for change in commit.changes]
        if self._is_bot(commit):
            self.bots_skipped += 1
            return
        key = (commit.email or commit.author).lower()
        touched: set[str] = set()
        for change, path in zip(commit.changes, paths, strict=True):
            unit = self._unit(path)
            if not unit:
                continue
            touched.add(unit)
            stats = self.per_unit[unit]
            stats.added += change.added
            stats.deleted += change.deleted
            author = stats.authors.setdefault(key, _Author(commit.author or commit.email))
            author.added += change.added
            churn = self.per_file[self.root_path(path)]
            churn[1] += change.added
            churn[2] += change.deleted
        for path in {self.root_path(p) for p in paths if self._unit(p)}:
            self.per_file[path][0] += 1
        for unit in touched:
            self.per_unit[unit].commits += 1
            self.per_unit[unit].authors[key].commits += 1
        # code-maat leaves out big changesets (formatting runs, vendoring) from coupling only.
        if len(commit.changes) > self.limit:
            self.large += 1
            return
        self.revisions.update(touched)
        self.shared.update(combinations(sorted(touched), 2))

    def _is_bot(self, commit: Commit) -> bool:
        who = f"{commit.author} {commit.email}".lower()
        return any(pattern in who for pattern in self.bots)

    def _current(self, path: str, renamed_from: str) -> str:
        """Newest first: a rename tells older commits what their path is called now."""
        current = self.renamed.get(path, path)
        if renamed_from:
            self.renames += 1
            self.renamed[renamed_from] = current
        return current

    def root_path(self, path: str) -> str:
        """The path relative to the project root, as the reports write paths."""
        if self.prefix:
            return path
        scan = self.project.scan_path
        return path if scan == "." else f"{scan}/{path}"

    def _unit(self, path: str) -> str:
        """The unit a changed file belongs to: the unit of the file today, else (a file since
        deleted or renamed away) the unit its folder would have at the scan's depth."""
        known = self.unit_of_file.get(self.root_path(path))
        if known is not None:
            return known
        if self.prefix:
            if not path.startswith(self.prefix):
                return ""  # outside PATH
            path = path[len(self.prefix) :]
        parts = path.split("/")
        if parts[-1].endswith(".py"):
            parts[-1] = parts[-1][:-3]
            if parts[-1] == "__init__":
                parts.pop()
        else:
            parts.pop()  # a data file belongs to its folder
        if not parts:
            return ROOT_UNIT if self.project.package and ROOT_UNIT in self.units else ""
        unit = ".".join(parts[: self.project.depth])
        return unit if unit in self.units else ""

    def history(self, source: str, rules: HistoryRules) -> History:
        units = tuple(
            self._unit_history(name, stats) for name, stats in sorted(self.per_unit.items())
        )
        return History(
            source=source,
            note="",
            commits=self.seen,
            bot_commits=self.bots_skipped,
            large_changesets=self.large,
            changeset_limit=self.limit,
            renames=self.renames,
            changes=self.changes,
            first_date=self.first,
            last_date=self.last,
            units=units,
            pairs=self._pairs(rules),
            files=tuple(
                FileChurn(path, counts[0], counts[1], counts[2])
                for path, counts in sorted(self.per_file.items())
            ),
        )

    def _unit_history(self, name: str, stats: _Unit) -> UnitHistory:
        authors = sorted(stats.authors.values(), key=lambda a: (-a.added, -a.commits, a.name))
        by_commits = sorted(stats.authors.values(), key=lambda a: (-a.commits, -a.added, a.name))
        total_added = sum(a.added for a in authors)
        fractal = (
            1 - sum((a.commits / stats.commits) ** 2 for a in authors) if stats.commits else 0.0
        )
        teams: Counter[str] = Counter()
        if self.teams:
            for key, author in stats.authors.items():
                teams[
                    self.teams.get(key) or self.teams.get(author.name.lower()) or "(not in [teams])"
                ] += author.commits
        return UnitHistory(
            unit=name,
            commits=stats.commits,
            authors=len(authors),
            main_developer=authors[0].name,
            main_developer_share=authors[0].added / total_added if total_added else 0.0,
            main_by_commits=by_commits[0].name,
            main_by_commits_share=by_commits[0].commits / stats.commits,
            fractal=fractal,
            added=stats.added,
            deleted=stats.deleted,
            teams=tuple(
                (team, n / stats.commits)
                for team, n in sorted(teams.items(), key=lambda item: (-item[1], item[0]))
            ),
        )

    def _pairs(self, rules: HistoryRules) -> tuple[CoChange, ...]:
        found = []
        for (first, second), shared in self.shared.items():
            a, b = self.revisions[first], self.revisions[second]
            degree = shared / ((a + b) / 2)
            if (
                shared >= rules.min_shared
                and min(a, b) >= rules.min_revisions
                and degree >= rules.min_degree
            ):
                found.append(CoChange(first, second, shared, degree, a, b))
        return tuple(sorted(found, key=lambda p: (-p.degree, -p.shared, p.first, p.second)))
