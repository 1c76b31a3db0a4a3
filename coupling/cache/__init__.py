"""Facts for every file from the SQLite cache when the file is unchanged, else parsed (in a
process pool when there are many), and a few whole results. The cache is never trusted
blindly: rows are keyed by path, size and mtime, confirmed by a content hash when the stat
could be racy, and the whole file is rebuilt when it is corrupt, foreign or written by
another version. One session per run (`open_session`) reaches it."""

from coupling.cache.session import CacheSession, open_session

__all__ = ["CacheSession", "open_session"]
