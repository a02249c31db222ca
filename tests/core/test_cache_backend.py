import pytest
from django.core.cache import cache, caches

from core.cache import ReusingRedisCache


@pytest.mark.redis
def test_the_redis_cache_keeps_one_client_per_pool_and_still_round_trips():
    assert isinstance(caches["default"], ReusingRedisCache)
    client = cache._cache.get_client("a")
    assert cache._cache.get_client("b") is client

    cache.set_many({"reuse:1": "一", "reuse:2": 2})

    found = cache.get_many(["reuse:1", "reuse:2", "reuse:missing"])
    assert found == {"reuse:1": "一", "reuse:2": 2}
    assert cache._cache.get_client("c") is client
