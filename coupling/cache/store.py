"""The SQLite file behind the cache: one row of facts per file, a few whole results, and a
version stamp. Anything unreadable, foreign or from another version is rebuilt."""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Iterable
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path

from coupling import __version__

FACTS_SCHEMA = 17  # bump whenever FileFacts, what fills it or the table changes
CACHE_DIR = ".coupling"
KEPT_RESULTS = 16  # whole results kept: a few PATHs and settings, each with its history

_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by coupling.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


@dataclass(frozen=True)
class Stamp:
    """What a row knows of its file without its facts."""

    size: int
    mtime_ns: int
    ctime_ns: int
    is_test: int
    digest: str  # of the file's bytes
    facts_digest: str  # of the facts' JSON: equal facts, equal digest
    written_ns: int


def digest(data: bytes) -> str:
    """The digest a row keeps of a file's bytes and of its facts' JSON."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def open_cache(folder: Path) -> tuple[sqlite3.Connection | None, str]:
    """A connection to a cache of this version, rebuilt when unusable; or why there is none."""
    try:
        _prepare(folder)
    except OSError as exc:
        return None, f"cache disabled: cannot write {folder} ({exc.strerror or exc})"
    path = folder / "cache.db"
    if (db := _current(path)) is not None:
        return db, ""
    # Corrupt, foreign or from another version: start over.
    with suppress(OSError):
        path.unlink()
    try:
        db = _connect(path)
        _create(db)
    except sqlite3.Error as exc:
        return None, f"cache disabled: {path} is unusable ({exc})"
    return db, ""


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=5, isolation_level=None)
    # A cache need not survive a power cut (a damaged file is rebuilt), so no fsync per
    # write: that is most of what storing a result costs.
    db.execute("PRAGMA synchronous = OFF")
    return db


_STAMP = "size, mtime_ns, ctime_ns, is_test, digest, facts_digest, written_ns"


def stamps(db: sqlite3.Connection) -> dict[str, Stamp]:
    try:
        return {
            _path(path): Stamp(*rest)
            for path, *rest in db.execute(f"SELECT path, {_STAMP} FROM facts")
        }
    except sqlite3.Error:
        return {}


def facts_texts(db: sqlite3.Connection) -> dict[str, str]:
    """Each row's facts, as the JSON text stored (decoded only once its digest is checked)."""
    try:
        with closing(db.execute("SELECT path, facts FROM facts")) as cursor:
            return {_path(path): facts for path, facts in cursor}
    except sqlite3.Error:
        return {}


def store(
    db: sqlite3.Connection, written: Iterable[tuple[str, Stamp, str]], gone: Iterable[str] = ()
) -> str:
    """Write rows (path, stamp, facts JSON) and drop those of `gone` files, in one
    transaction; returns why not when it fails (a cache that fails is no error)."""
    try:
        db.execute("BEGIN")
        db.executemany(
            "INSERT OR REPLACE INTO facts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    _key(rel),
                    s.size,
                    s.mtime_ns,
                    s.ctime_ns,
                    s.is_test,
                    s.digest,
                    s.facts_digest,
                    facts,
                    s.written_ns,
                )
                for rel, s, facts in written
            ],
        )
        db.executemany("DELETE FROM facts WHERE path = ?", [(_key(rel),) for rel in gone])
        db.execute("COMMIT")
    except sqlite3.Error as exc:
        with suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        return f"cache not updated: {exc}"
    return ""


def restamp(db: sqlite3.Connection, stamped: Iterable[tuple[str, Stamp]]) -> None:
    """Record that files whose content was confirmed unchanged now have these stamps."""
    with suppress(sqlite3.Error):
        db.executemany(
            "UPDATE facts SET size = ?, mtime_ns = ?, ctime_ns = ?, written_ns = ? WHERE path = ?",
            [(s.size, s.mtime_ns, s.ctime_ns, s.written_ns, _key(rel)) for rel, s in stamped],
        )


def recall(db: sqlite3.Connection, key: str) -> str | None:
    try:
        row = db.execute("SELECT value FROM results WHERE key = ?", (_key(key),)).fetchone()
    except sqlite3.Error:
        return None
    return _path(row[0]) if row else None


def remember(db: sqlite3.Connection, key: str, value: str) -> None:
    # Keys and values as bytes: a result may name a file whose name is not UTF-8.
    with suppress(sqlite3.Error):
        db.execute(
            "INSERT OR REPLACE INTO results VALUES (?, ?, ?)",
            (_key(key), _key(value), time.time_ns()),
        )
        db.execute(
            "DELETE FROM results WHERE key NOT IN (SELECT key FROM results ORDER BY written_ns DESC LIMIT ?)",
            (KEPT_RESULTS,),
        )


def _current(path: Path) -> sqlite3.Connection | None:
    """A connection to `path` when it is a readable cache written by this version, tables
    and all (one connection: a check opens the cache several times)."""
    if not path.is_file():
        return None
    db = None
    try:
        db = _connect(path)
        db.execute("SELECT path, facts_digest FROM facts LIMIT 1").fetchall()
        if _version(db) == _expected_version():
            return db
    except sqlite3.Error:
        pass
    if db is not None:
        db.close()
    return None


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
        DROP TABLE IF EXISTS results;
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE results (key BLOB PRIMARY KEY, value BLOB NOT NULL, written_ns INTEGER NOT NULL);
        CREATE TABLE facts (
            path BLOB PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
            ctime_ns INTEGER NOT NULL, is_test INTEGER NOT NULL, digest TEXT NOT NULL,
            facts_digest TEXT NOT NULL, facts TEXT NOT NULL, written_ns INTEGER NOT NULL
        );
        """
    )
    db.execute("INSERT INTO meta VALUES ('version', ?)", (_expected_version(),))


def _key(rel: str) -> bytes:
    # Bytes, not text: a file name that is not UTF-8 arrives as surrogate escapes (and a
    # lone surrogate that is no escape is kept as UTF-8 would, rather than failing).
    try:
        return rel.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return rel.encode("utf-8", "surrogatepass")


def _path(key: bytes | str) -> str:
    return key.decode("utf-8", "surrogateescape") if isinstance(key, bytes) else key
