"""Small caching layer: Redis in production, an in-process dict otherwise.

Also provides :func:`cached` for memoising expensive reads and :meth:`Cache.lock`
for coarse distributed locks (used by the billing and reporting schedulers).
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

from .config import settings

try:
    import redis
except ImportError:  # pragma: no cover - redis is optional locally
    redis = None  # type: ignore[assignment]

P = ParamSpec("P")
R = TypeVar("R")


class LockNotAcquired(RuntimeError):
    pass


class _MemoryBackend:
    def __init__(self) -> None:
        self._data: dict[str, tuple[float, bytes]] = {}
        self._mutex = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._mutex:
            item = self._data.get(key)
            if item is None:
                return None
            expires, value = item
            if expires and expires < time.monotonic():
                del self._data[key]
                return None
            return value

    def set(self, key: str, value: bytes, ex: int | None = None, nx: bool = False) -> bool:
        with self._mutex:
            if nx and key in self._data:
                return False
            expires = time.monotonic() + ex if ex else 0.0
            self._data[key] = (expires, value)
            return True

    def delete(self, *keys: str) -> None:
        with self._mutex:
            for key in keys:
                self._data.pop(key, None)


class Cache:
    def __init__(self, url: str | None, default_ttl: int) -> None:
        if url and redis is not None:
            self._backend: Any = redis.Redis.from_url(url)
        else:
            self._backend = _MemoryBackend()
        self.default_ttl = default_ttl

    def get(self, key: str, default: Any = None) -> Any:
        raw = self._backend.get(key)
        return default if raw is None else pickle.loads(raw)

    def set(self, key: str, value: Any, ttl: int | None = None) -> None:
        self._backend.set(key, pickle.dumps(value), ex=ttl or self.default_ttl)

    def delete(self, *keys: str) -> None:
        if keys:
            self._backend.delete(*keys)

    @contextmanager
    def lock(self, name: str, ttl: int = 600) -> Iterator[None]:
        """Best-effort lock; raises :class:`LockNotAcquired` if held elsewhere."""
        key = f"lock:{name}"
        if not self._backend.set(key, b"1", ex=ttl, nx=True):
            raise LockNotAcquired(name)
        try:
            yield
        finally:
            self._backend.delete(key)


cache = Cache(str(settings.redis_url) if settings.redis_url else None, settings.cache_default_ttl_s)


def _key(prefix: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    digest = hashlib.sha1(repr((args, sorted(kwargs.items()))).encode()).hexdigest()
    return f"{prefix}:{digest}"


def cached(prefix: str, ttl: int | None = None) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Memoise a function's return value in :data:`cache`.

    Arguments must have a stable ``repr``; SQLAlchemy sessions are skipped.
    """

    def decorator(func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            key_args = tuple(a for a in args if type(a).__name__ != "Session")
            key = _key(prefix, key_args, dict(kwargs))
            hit = cache.get(key)
            if hit is not None:
                return hit
            value = func(*args, **kwargs)
            cache.set(key, value, ttl)
            return value

        return wrapper

    return decorator
