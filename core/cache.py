"""Django's Redis cache, keeping one client per connection pool and riding out a Redis outage.

Django's RedisCacheClient builds a new redis.Redis object for every cache call, and each
construction fills redis-py's table of response callbacks (about 170 entries): on the home
page that cost more than the Redis round trips themselves. A redis.Redis client is safe to
share between threads, so one per pool is kept.

A cache is a copy of what the database holds, so an unreachable Redis must not take pages
down. While it cannot be reached, reads miss and writes are dropped (pages are then built from
the database); the counting operations whose answer decides something (`add`, `incr`, `decr`)
and every operation of `cache.strict` raise `CacheUnavailable` instead, so a rate limit fails
closed rather than guessing. After a failure the process does not ask Redis again for
`CACHE_RETRY_SECONDS` (a page then costs no connection timeout), logs the outage once per
`CACHE_OUTAGE_LOG_SECONDS`, and tries again: caching resumes by itself when Redis is back.
Keys whose write was dropped are deleted on the first call that reaches Redis again, so a
change saved during an outage (an invalidation, a sign-out) is not hidden by an older copy.
"""

import copy
import logging
import threading
import time

import redis
from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.functional import cached_property

logger = logging.getLogger("core.cache")

OUTAGE_ERRORS = (redis.ConnectionError, redis.TimeoutError)
# Beyond this many dropped writes only the page cache's own keys are remembered; older copies
# of the rest expire with their timeouts.
MAX_DROPPED_KEYS = 10_000


class CacheUnavailable(Exception):
    """The shared cache cannot be reached and the caller may not guess its answer."""


class _Outage:
    """What this process knows of the shared cache's reachability (one for all threads)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.retry_at = 0.0  # monotonic time before which Redis is not asked again
        self.failing_since: float | None = None
        self.logged_at = 0.0
        self.failures = 0
        self.dropped: set[tuple[str, int | None]] = set()

    def should_try(self) -> bool:
        return time.monotonic() >= self.retry_at

    def failed(self, error: Exception) -> None:
        now = time.monotonic()
        with self.lock:
            self.retry_at = now + settings.CACHE_RETRY_SECONDS
            self.failures += 1
            if self.failing_since is None:
                self.failing_since = now
            if now - self.logged_at < settings.CACHE_OUTAGE_LOG_SECONDS and self.logged_at:
                return
            self.logged_at = now
            failures, self.failures = self.failures, 0
        logger.error(
            "Redis cache unreachable (%s: %s); serving without it, %d failed call(s) since the "
            "last report, retrying every %ss",
            type(error).__name__,
            error,
            failures,
            settings.CACHE_RETRY_SECONDS,
        )

    def dropped_write(self, keys, version) -> None:
        with self.lock:
            for key in keys:
                if len(self.dropped) < MAX_DROPPED_KEYS or key.startswith("pagecache:"):
                    self.dropped.add((key, version))

    def succeeded(self) -> set[tuple[str, int | None]] | None:
        """The dropped keys to delete now, when this success ends an outage."""
        if self.failing_since is None:
            return None
        with self.lock:
            if self.failing_since is None:
                return None
            lasted = time.monotonic() - self.failing_since
            self.failing_since = None
            self.logged_at = 0.0
            self.failures = 0
            dropped, self.dropped = self.dropped, set()
        logger.warning(
            "Redis cache reachable again after %.0fs; %d key(s) written during the outage dropped",
            lasted,
            len(dropped),
        )
        return dropped


outage = _Outage()


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(write))
            self._clients[index] = client
        return client


class ReusingRedisCache(RedisCache):
    strict_mode = False

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    @cached_property
    def strict(self) -> "ReusingRedisCache":
        """The same cache, every operation of which raises `CacheUnavailable` in an outage."""
        strict = copy.copy(self)
        strict.strict_mode = True
        return strict

    def _call(self, operation, *args, fallback=None, writes=(), version=None, always_raise=False):
        if not outage.should_try():
            return self._unavailable(None, fallback, writes, version, always_raise)
        try:
            result = operation(*args)
        except OUTAGE_ERRORS as error:
            outage.failed(error)
            return self._unavailable(error, fallback, writes, version, always_raise)
        dropped = outage.succeeded()
        if dropped:
            self._forget(dropped)
        return result

    def _unavailable(self, error, fallback, writes, version, always_raise):
        if writes:
            outage.dropped_write(writes, version)
        if always_raise or self.strict_mode:
            raise CacheUnavailable("the shared cache cannot be reached") from error
        return fallback

    def _forget(self, dropped) -> None:
        by_version: dict[int | None, list[str]] = {}
        for key, version in dropped:
            by_version.setdefault(version, []).append(key)
        for version, keys in by_version.items():
            self.delete_many(keys, version=version)

    # Reads miss and writes are dropped while Redis is unreachable.
    def get(self, key, default=None, version=None):
        return self._call(super().get, key, default, version, fallback=default)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, keys, version, fallback={})

    def has_key(self, key, version=None):
        return self._call(super().has_key, key, version, fallback=False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call(super().set, key, value, timeout, version, writes=(key,), version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            super().set_many,
            data,
            timeout,
            version,
            fallback=[],
            writes=list(data),
            version=version,
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, key, timeout, version, fallback=False)

    def delete(self, key, version=None):
        return self._call(
            super().delete, key, version, fallback=False, writes=(key,), version=version
        )

    def delete_many(self, keys, version=None):
        keys = list(keys)
        self._call(super().delete_many, keys, version, writes=keys, version=version)

    # Counters and "first one wins" decide something: they never guess.
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().add, key, value, timeout, version, always_raise=True)

    def incr(self, key, delta=1, version=None):
        return self._call(
            super().incr, key, delta, version, writes=(key,), version=version, always_raise=True
        )

    def decr(self, key, delta=1, version=None):
        return self._call(
            super().decr, key, delta, version, writes=(key,), version=version, always_raise=True
        )

    def clear(self):
        return self._call(super().clear, always_raise=True)


def strict_cache():
    """The default cache, raising `CacheUnavailable` rather than missing while it is down."""
    from django.core.cache import caches

    backend = caches["default"]
    return getattr(backend, "strict", backend)
