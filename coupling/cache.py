"""Facts for every file: from the SQLite cache when the file is unchanged, else parsed (in a
process pool when there are many). The cache is never trusted blindly: rows are keyed by path,
size and mtime, confirmed by a content hash when the stat could be racy, and the whole file is
rebuilt when it is corrupt, foreign or written by another version."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path

from coupling import __version__
from coupling.facts import extract_facts
from coupling.model import CollectedFacts, FileFacts, Progress, Project, Settings, SourceFile
from coupling.serial import from_data, to_data

FACTS_SCHEMA = 4  # bump whenever FileFacts, what fills it or the table changes
CACHE_DIR = ".coupling"
POOL_THRESHOLD = 64  # below this many cold files, worker start-up costs more than it saves
RACY_NS = 2_000_000_000  # mtimes this close to the cache write may hide a same-size edit

_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by coupling.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


@dataclass(frozen=True)
class _Row:
    size: int
    mtime_ns: int
    ctime_ns: int
    is_test: int
    digest: str
    facts: str
    written_ns: int


def collect_facts(
    project: Project, settings: Settings, progress: Progress | None = None
) -> CollectedFacts:
    """Facts for each of project.files and project.test_files, in the same order."""
    db, note = _open(settings.root / CACHE_DIR) if settings.cache else (None, "")
    rows = _rows(db) if db else {}
    files = project.files + project.test_files
    total = len(files)
    found: dict[str, tuple[str, FileFacts]] = {}
    cold: list[SourceFile] = []
    for file in files:
        reused = _reuse(file, rows.get(file.rel))
        if reused is None:
            cold.append(file)
        else:
            found[file.rel] = reused
    if progress:
        progress(len(found), total)
    reused_count = len(found)
    for file, (digest, facts) in zip(
        cold, _parse(cold, settings.jobs, progress, len(found), total), strict=True
    ):
        found[file.rel] = (digest, facts)
    if db:
        note = note or _save(db, settings.root, files, found, rows)
        db.close()
    return CollectedFacts(
        facts=tuple(found[file.rel][1] for file in project.files),
        test_facts=tuple(found[file.rel][1] for file in project.test_files),
        reused=reused_count,
        parsed=len(cold),
        cache_note=note,
    )


def _reuse(file: SourceFile, row: _Row | None) -> tuple[str, FileFacts] | None:
    if row is None or bool(row.is_test) != file.is_test:
        return None
    same_stat = (row.size, row.mtime_ns, row.ctime_ns) == (file.size, file.mtime_ns, file.ctime_ns)
    if not same_stat or file.mtime_ns >= row.written_ns - RACY_NS:
        try:
            digest = _digest(file.path.read_bytes())
        except OSError:
            return None
        if digest != row.digest:
            return None
    try:
        return row.digest, from_data(FileFacts, json.loads(row.facts))
    except (ValueError, KeyError, TypeError, RecursionError):
        return None  # a row of the wrong shape is a miss, not an error


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
        results: Iterator[tuple[str, FileFacts]] = map(_parse_file, paths)
        yield from _reporting(results, progress, done, total)
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


# --- the SQLite file ------------------------------------------------------------------------


def _open(folder: Path) -> tuple[sqlite3.Connection | None, str]:
    """A connection to a cache of this version, rebuilt when unusable; or why there is none."""
    try:
        _prepare(folder)
    except OSError as exc:
        return None, f"cache disabled: cannot write {folder} ({exc.strerror or exc})"
    path = folder / "cache.db"
    if _current(path):
        return sqlite3.connect(path, timeout=5, isolation_level=None), ""
    # Corrupt, foreign or from another version: start over.
    with suppress(OSError):
        path.unlink()
    try:
        db = sqlite3.connect(path, timeout=5, isolation_level=None)
        _create(db)
    except sqlite3.Error as exc:
        return None, f"cache disabled: {path} is unusable ({exc})"
    return db, ""


def _current(path: Path) -> bool:
    """Whether `path` is a readable cache written by this version, tables and all."""
    if not path.is_file():
        return False
    try:
        with closing(sqlite3.connect(path, timeout=5)) as db:
            db.execute("SELECT path FROM facts LIMIT 1").fetchall()
            return _version(db) == _expected_version()
    except sqlite3.Error:
        return False


def _prepare(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    tag = folder / "CACHEDIR.TAG"
    if not tag.exists():
        tag.write_text(_CACHEDIR_TAG, encoding="utf-8")
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text(
            "# Created by coupling: everything here is a cache.\n*\n", encoding="utf-8"
        )


def _expected_version() -> str:
    return f"coupling {__version__} facts {FACTS_SCHEMA}"


def _version(db: sqlite3.Connection) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
    return str(row[0]) if row else None


def _create(db: sqlite3.Connection) -> None:
    db.executescript(
        """
        DROP TABLE IF EXISTS meta;
        DROP TABLE IF EXISTS facts;
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE facts (
            path BLOB PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
            ctime_ns INTEGER NOT NULL, is_test INTEGER NOT NULL, digest TEXT NOT NULL,
            facts TEXT NOT NULL, written_ns INTEGER NOT NULL
        );
        """
    )
    db.execute("INSERT INTO meta VALUES ('version', ?)", (_expected_version(),))


def _rows(db: sqlite3.Connection) -> dict[str, _Row]:
    try:
        with closing(
            db.execute(
                "SELECT path, size, mtime_ns, ctime_ns, is_test, digest, facts, written_ns FROM facts"
            )
        ) as cur:
            return {_path(path): _Row(*rest) for path, *rest in cur}
    except sqlite3.Error:
        return {}


def _save(
    db: sqlite3.Connection,
    root: Path,
    files: tuple[SourceFile, ...],
    found: dict[str, tuple[str, FileFacts]],
    rows: dict[str, _Row],
) -> str:
    now = time.time_ns()
    changed = []
    for file in files:
        digest, facts = found[file.rel]
        old = rows.get(file.rel)
        if not digest:
            continue  # unreadable: try again next time
        key = (file.size, file.mtime_ns, file.ctime_ns, file.is_test, digest)
        same = old and (old.size, old.mtime_ns, old.ctime_ns, bool(old.is_test), old.digest) == key
        if same and old and file.mtime_ns < old.written_ns - RACY_NS:
            continue  # unchanged and already trusted
        reusable = old is not None and old.digest == digest and bool(old.is_test) == file.is_test
        encoded = old.facts if old is not None and reusable else json.dumps(to_data(facts))
        changed.append((_key(file.rel), *key[:3], int(file.is_test), digest, encoded, now))
    # Rows of files outside this scan stay (another PATH may share the cache); rows of files
    # that no longer exist go.
    scanned = {file.rel for file in files}
    gone = [(_key(rel),) for rel in rows.keys() - scanned if not (root / rel).exists()]
    try:
        db.execute("BEGIN")
        db.executemany("INSERT OR REPLACE INTO facts VALUES (?, ?, ?, ?, ?, ?, ?, ?)", changed)
        db.executemany("DELETE FROM facts WHERE path = ?", gone)
        db.execute("COMMIT")
    except sqlite3.Error as exc:
        with suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        return f"cache not updated: {exc}"
    return ""


def _key(rel: str) -> bytes:
    # Bytes, not text: a file name that is not UTF-8 arrives as surrogate escapes.
    return rel.encode("utf-8", "surrogateescape")


def _path(key: bytes | str) -> str:
    return key.decode("utf-8", "surrogateescape") if isinstance(key, bytes) else key
