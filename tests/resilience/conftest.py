"""A Redis server of the test's own, with the portal's cache and sessions pointed at it."""

import pytest

import core.cache
from core.pagecache import forget_local_state
from tests.resilience.redis_server import OwnRedis


def _reset_outage_state():
    # What this process remembers of an earlier outage must not leak between tests.
    outage = getattr(core.cache, "outage", None)
    if outage is not None:
        core.cache.outage = type(outage)()


@pytest.fixture
def own_redis(settings):
    server = OwnRedis()
    server.start()
    settings.REDIS_URL = server.url
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ReusingRedisCache",
            "LOCATION": server.url,
            "KEY_PREFIX": "outage-test",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 60
    settings.DATA_VERSION_LOCAL_SECONDS = 0
    settings.CACHE_RETRY_SECONDS = 0.2
    settings.CACHE_OUTAGE_LOG_SECONDS = 600
    settings.DEBUG = False
    _reset_outage_state()
    forget_local_state()
    yield server
    server.remove()
    _reset_outage_state()
    forget_local_state()
