"""One run's use of the cache: opened once, each file triaged once, and every file's facts
digest known to whoever asks next (the result key, the facts, history)."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from coupling.cache import store
from coupling.cache.codec import from_trusted
from coupling.cache.store import CACHE_DIR, Stamp, digest
from coupling.discover.read import read_source
from coupling.records import SourceFile

if TYPE_CHECKING:
    from coupling.records import (
        CollectedFacts,
        FileFacts,
        Progress,
        Project,
        ReadLimits,
        Settings,
    )

# Rows are written as files are parsed, this many at a time, rather than all at the end: on
# Home Assistant the encoded rows of 8,800 files held 40 MiB until then.
ROWS_PER_WRITE = 500
RACY_NS = 2_000_000_000  # mtimes this close to the cache write may hide a same-size edit


class _Verdict(Enum):
    MISS = 0  # parse the file
    TRUSTED = 1  # the stat matches and is old enough to believe
    CONFIRMED = 2  # the stat moved (or is racy) but the bytes hash the same


@dataclass
class _Triage:
    """What the cache can do for each file of one project."""

    usable: list[SourceFile]  # a row serves
    cold: list[SourceFile]  # to parse
    confirmed: list[tuple[str, Stamp]]  # rows whose file moved but kept its bytes: new stamps


@contextmanager
def open_session(settings: Settings, folder: Path | None = None) -> Iterator[CacheSession]:
    """The cache of settings.root (or the one in `folder`) for one run (a session without a
    database when the cache is off or unusable: it parses everything and remembers nothing)."""
    where = folder or settings.root / CACHE_DIR
    db, note = store.open_cache(where) if settings.cache else (None, "")
    session = CacheSession(db, note, settings.root, settings.jobs, settings.limits)
    try:
        yield session
    finally:
        if db is not None:
            db.close()


class CacheSession:
    def __init__(
        self,
        db: sqlite3.Connection | None,
        note: str,
        root: Path,
        jobs: int,
        limits: ReadLimits,
    ) -> None:
        self.db = db
        self.note = note  # why the cache could not be used, if it could not
        self.root = root
        self.jobs = jobs
        self.limits = limits
        self._stamps: dict[str, Stamp] | None = None
        self._triage: _Triage | None = None
        self._digests: dict[str, str] = {}
        self._parsed: dict[str, FileFacts] = {}  # cold files parsed in this run
        self.reused = 0  # files whose facts came from the cache in this run
        self._now = time.time_ns()

    def digests(
        self, project: Project, progress: Progress | None = None
    ) -> Mapping[str, str] | None:
        """Each file's facts digest, parsing (and storing) only the files that changed and
        decoding none; None without a cache. Equal digests, equal facts: a whole result can be
        reused when an edit (a comment, a blank line at the end) left every file's facts as
        they were."""
        if self.db is None:
            return None
        self.parse_cold(project, progress)
        return self._digests

    def cold_files(self, project: Project) -> int:
        """How many files the cache holds no facts for: the ones a run will parse."""
        return len(self._triaged(project).cold)

    def parse_cold(self, project: Project, progress: Progress | None = None) -> None:
        """Parse now the files whose facts the cache lacks, as facts() would: a scan does it
        while git's log is read."""
        triage = self._triaged(project)
        self._parse_cold(triage, progress, total=len(triage.usable) + len(triage.cold))

    def facts(self, project: Project, progress: Progress | None = None) -> CollectedFacts:
        """Facts for each of project.files and project.test_files, in the same order."""
        from coupling.records import CollectedFacts  # here: a warm run never collects facts

        triage = self._triaged(project)
        found: dict[str, FileFacts] = {}
        texts = store.facts_texts(self.db) if self.db is not None and triage.usable else {}
        stamps = self._all_stamps()
        for file in triage.usable:
            facts = _decoded(texts.get(file.rel), stamps[file.rel])
            if facts is None:
                triage.cold.append(file)  # a damaged row: parse the file again
            else:
                found[file.rel] = facts
        self.reused = len(found)
        total = len(project.files) + len(project.test_files)
        if progress:
            progress(len(found), total)
        self._parse_cold(triage, progress, total=total, done=len(found))
        for file in triage.cold:
            found[file.rel] = self._parsed[file.rel]
        if self.db is not None:
            # Rows of files outside this scan stay (another PATH may share the cache); rows
            # of files that no longer exist go.
            scanned = {file.rel for file in (*project.files, *project.test_files)}
            gone = [
                rel for rel in self._all_stamps().keys() - scanned if not (self.root / rel).exists()
            ]
            self.note = self.note or store.store(self.db, [], gone)
        return CollectedFacts(
            facts=tuple(found[file.rel] for file in project.files),
            test_facts=tuple(found[file.rel] for file in project.test_files),
        )

    @property
    def parsed(self) -> int:
        """Files parsed in this run."""
        return len(self._parsed)

    def recall(self, key: str) -> str | None:
        """A result stored under `key` (a whole analysis, a history), if the cache holds it."""
        return store.recall(self.db, key) if self.db is not None else None

    def remember(self, key: str, value: str) -> None:
        """Store a result; only the most recent few are kept. A cache that fails is no error."""
        if self.db is not None:
            store.remember(self.db, key, value)

    def _all_stamps(self) -> dict[str, Stamp]:
        if self._stamps is None:
            self._stamps = store.stamps(self.db) if self.db is not None else {}
        return self._stamps

    def _triaged(self, project: Project) -> _Triage:
        if self._triage is None:
            self._triage = _triage(
                (*project.files, *project.test_files),
                self._all_stamps(),
                self._now,
                self.limits.max_file_size,
            )
            for file in self._triage.usable:
                self._digests[file.rel] = self._all_stamps()[file.rel].facts_digest
            if self.db is not None:
                store.restamp(self.db, self._triage.confirmed)
        return self._triage

    def _parse_cold(
        self, triage: _Triage, progress: Progress | None, *, total: int, done: int = 0
    ) -> None:
        """Parse the cold files not parsed yet in this run, and store their rows."""
        waiting = [file for file in triage.cold if file.rel not in self._parsed]
        if not waiting:
            return
        # The parsers load only when a file must be parsed: a warm run never does.
        from coupling.cache.parse import parsed

        written = []
        for file, (bytes_digest, facts, encoded) in zip(
            waiting,
            parsed(waiting, self.jobs, self.limits, progress, done=done, total=total),
            strict=True,
        ):
            self._parsed[file.rel] = facts
            stamp = _stamped(file, bytes_digest, encoded, self._now)
            self._digests[file.rel] = stamp.facts_digest
            if stamp.digest:  # an unreadable file is tried again next time
                written.append((file.rel, stamp, encoded))
            if len(written) >= ROWS_PER_WRITE:
                self._store(written)
                written = []
        self._store(written)

    def _store(self, written: list[tuple[str, Stamp, str]]) -> None:
        if self.db is not None and written:
            self.note = self.note or store.store(self.db, written)


def _triage(
    files: tuple[SourceFile, ...], stamps: Mapping[str, Stamp], now: int, limit: int
) -> _Triage:
    found = _Triage([], [], [])
    for file in files:
        stamp = stamps.get(file.rel)
        verdict = _verdict(file, stamp, limit)
        if stamp is None or verdict is _Verdict.MISS:
            found.cold.append(file)
            continue
        found.usable.append(file)
        if verdict is _Verdict.CONFIRMED:
            found.confirmed.append((file.rel, _restamped(file, stamp, now)))
    return found


def _verdict(file: SourceFile, stamp: Stamp | None, limit: int) -> _Verdict:
    if stamp is None or bool(stamp.is_test) != file.is_test:
        return _Verdict.MISS
    same_stat = (stamp.size, stamp.mtime_ns, stamp.ctime_ns) == (
        file.size,
        file.mtime_ns,
        file.ctime_ns,
    )
    if same_stat and file.mtime_ns < stamp.written_ns - RACY_NS:
        return _Verdict.TRUSTED
    data, _reason = read_source(file.path, limit)
    if data is None:
        return _Verdict.MISS
    return _Verdict.CONFIRMED if digest(data) == stamp.digest else _Verdict.MISS


def _decoded(facts: str | None, stamp: Stamp) -> FileFacts | None:
    # The digest proves the text is what this version's encoder wrote: no need to check each
    # of its values again. A row that fails it (damaged, edited) is a miss.
    if facts is None or digest(facts.encode()) != stamp.facts_digest:
        return None
    from coupling.records import FileFacts

    try:
        return from_trusted(FileFacts, json.loads(facts))
    except (ValueError, KeyError, TypeError, RecursionError):
        return None


def _stamped(file: SourceFile, bytes_digest: str, encoded: str, now: int) -> Stamp:
    return Stamp(
        file.size,
        file.mtime_ns,
        file.ctime_ns,
        int(file.is_test),
        bytes_digest,
        digest(encoded.encode()),
        now,
    )


def _restamped(file: SourceFile, stamp: Stamp, now: int) -> Stamp:
    return Stamp(
        file.size,
        file.mtime_ns,
        file.ctime_ns,
        stamp.is_test,
        stamp.digest,
        stamp.facts_digest,
        now,
    )
