"""Facts for every file: from the SQLite cache when the file is unchanged, else parsed (in a
process pool when there are many). The cache is never trusted blindly: rows are keyed by path,
size and mtime, confirmed by a content hash when the stat could be racy, and the whole file is
rebuilt when it is corrupt, foreign or written by another version."""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing
from enum import Enum
from pathlib import Path

from coupling.cache import store
from coupling.cache.codec import from_trusted, to_data
from coupling.cache.store import CACHE_DIR, Row, Stamp
from coupling.facts import extract_facts
from coupling.records import CollectedFacts, FileFacts, Progress, Project, Settings, SourceFile

POOL_THRESHOLD = 64  # below this many cold files, worker start-up costs more than it saves
RACY_NS = 2_000_000_000  # mtimes this close to the cache write may hide a same-size edit


class _Verdict(Enum):
    MISS = 0  # parse the file
    TRUSTED = 1  # the stat matches and is old enough to believe
    CONFIRMED = 2  # the stat moved (or is racy) but the bytes hash the same


def collect_facts(
    project: Project, settings: Settings, progress: Progress | None = None
) -> CollectedFacts:
    """Facts for each of project.files and project.test_files, in the same order."""
    db, note = store.open_cache(settings.root / CACHE_DIR) if settings.cache else (None, "")
    known = store.rows(db) if db else {}
    files = project.files + project.test_files
    now = time.time_ns()
    usable, cold, confirmed = _triage(files, {rel: row.stamp for rel, row in known.items()}, now)
    found: dict[str, FileFacts] = {}
    for file in usable:
        facts = _decoded(known[file.rel])
        if facts is None:
            cold.append(file)
        else:
            found[file.rel] = facts
    reused = len(found)
    if progress:
        progress(reused, len(files))
    written = []
    for file, facts, stamp, encoded in _parsed(
        cold, settings.jobs, progress, done=reused, now=now, total=len(files)
    ):
        found[file.rel] = facts
        if stamp.digest:  # an unreadable file is tried again next time
            written.append((file.rel, stamp, encoded))
    if db:
        with closing(db):
            store.restamp(db, confirmed)
            # Rows of files outside this scan stay (another PATH may share the cache); rows
            # of files that no longer exist go.
            scanned = {file.rel for file in files}
            gone = [rel for rel in known.keys() - scanned if not (settings.root / rel).exists()]
            note = note or store.store(db, written, gone)
    return CollectedFacts(
        facts=tuple(found[file.rel] for file in project.files),
        test_facts=tuple(found[file.rel] for file in project.test_files),
        reused=reused,
        parsed=len(cold),
        cache_note=note,
    )


def fact_digests(
    project: Project, settings: Settings, progress: Progress | None = None
) -> dict[str, str] | None:
    """Each file's facts digest, parsing and storing only the files that changed and decoding
    none; None without a cache. Equal digests, equal facts: a whole result can be reused when
    an edit (a comment, a blank line at the end) left every file's facts as they were."""
    if not settings.cache:
        return None
    db, _note = store.open_cache(settings.root / CACHE_DIR)
    if db is None:
        return None
    with closing(db):
        known = store.stamps(db)
        files = project.files + project.test_files
        now = time.time_ns()
        usable, cold, confirmed = _triage(files, known, now)
        digests = {file.rel: known[file.rel].facts_digest for file in usable}
        written = []
        for file, _facts, stamp, encoded in _parsed(
            cold, settings.jobs, progress, done=len(digests), now=now, total=len(files)
        ):
            digests[file.rel] = stamp.facts_digest
            if stamp.digest:
                written.append((file.rel, stamp, encoded))
        store.restamp(db, confirmed)
        store.store(db, written)
    return digests


def _triage(
    files: tuple[SourceFile, ...], stamps: Mapping[str, Stamp], now: int
) -> tuple[list[SourceFile], list[SourceFile], list[tuple[str, Stamp]]]:
    """The files whose row can serve, the files to parse, and the new stamps of rows whose
    file moved but kept its bytes."""
    usable: list[SourceFile] = []
    cold: list[SourceFile] = []
    confirmed: list[tuple[str, Stamp]] = []
    for file in files:
        stamp = stamps.get(file.rel)
        verdict = _verdict(file, stamp)
        if stamp is None or verdict is _Verdict.MISS:
            cold.append(file)
            continue
        usable.append(file)
        if verdict is _Verdict.CONFIRMED:
            confirmed.append((file.rel, _restamped(file, stamp, now)))
    return usable, cold, confirmed


def _parsed(
    files: list[SourceFile],
    jobs: int,
    progress: Progress | None,
    *,
    done: int,
    now: int,
    total: int,
) -> Iterator[tuple[SourceFile, FileFacts, Stamp, str]]:
    """Each file parsed, with the stamp and JSON of its row (a stamp without a digest: the
    file could not be read)."""
    for file, (digest, facts) in zip(
        files, _parse(files, jobs, progress, done, total), strict=True
    ):
        yield file, facts, *_stamped(file, digest, facts, now)


def recall(settings: Settings, key: str) -> str | None:
    """A result stored under `key` (a whole analysis, a history), if the cache holds it."""
    db = store.existing(settings.root / CACHE_DIR) if settings.cache else None
    if db is None:
        return None
    with closing(db):
        return store.recall(db, key)


def remember(settings: Settings, key: str, value: str) -> None:
    """Store a result; only the most recent few are kept. A cache that fails is no error."""
    if not settings.cache:
        return
    db, _note = store.open_cache(settings.root / CACHE_DIR)
    if db is not None:
        with closing(db):
            store.remember(db, key, value)


def _verdict(file: SourceFile, stamp: Stamp | None) -> _Verdict:
    if stamp is None or bool(stamp.is_test) != file.is_test:
        return _Verdict.MISS
    same_stat = (stamp.size, stamp.mtime_ns, stamp.ctime_ns) == (
        file.size,
        file.mtime_ns,
        file.ctime_ns,
    )
    if same_stat and file.mtime_ns < stamp.written_ns - RACY_NS:
        return _Verdict.TRUSTED
    try:
        digest = _digest(file.path.read_bytes())
    except OSError:
        return _Verdict.MISS
    return _Verdict.CONFIRMED if digest == stamp.digest else _Verdict.MISS


def _decoded(row: Row) -> FileFacts | None:
    # The digest proves the text is what this version's encoder wrote: no need to check
    # each of its values again. A row that fails it (damaged, edited) is a miss.
    if _digest(row.facts.encode()) != row.stamp.facts_digest:
        return None
    try:
        return from_trusted(FileFacts, json.loads(row.facts))
    except (ValueError, KeyError, TypeError, RecursionError):
        return None


def _stamped(file: SourceFile, digest: str, facts: FileFacts, now: int) -> tuple[Stamp, str]:
    encoded = json.dumps(to_data(facts, compact=True), separators=(",", ":"))
    stamp = Stamp(
        file.size,
        file.mtime_ns,
        file.ctime_ns,
        int(file.is_test),
        digest,
        _digest(encoded.encode()),
        now,
    )
    return stamp, encoded


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


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _parse_file(job: tuple[Path, bool]) -> tuple[str, FileFacts]:
    path, is_test = job
    try:
        data = path.read_bytes()
    except OSError as exc:
        return "", FileFacts(parser="none", error=f"cannot read: {exc.strerror or exc}")
    return _digest(data), extract_facts(data, is_test)


def _parse(
    files: list[SourceFile], jobs: int, progress: Progress | None, done: int, total: int
) -> Iterator[tuple[str, FileFacts]]:
    workers = jobs or os.cpu_count() or 1
    paths = [(file.path, file.is_test) for file in files]
    if workers == 1 or len(paths) < POOL_THRESHOLD:
        yield from _reporting(map(_parse_file, paths), progress, done, total)
        return
    chunk = max(1, len(paths) // (workers * 8))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from _reporting(pool.map(_parse_file, paths, chunksize=chunk), progress, done, total)


def _reporting(
    results: Iterator[tuple[str, FileFacts]], progress: Progress | None, done: int, total: int
) -> Iterator[tuple[str, FileFacts]]:
    for result in results:
        done += 1
        if progress:
            progress(done, total)
        yield result
