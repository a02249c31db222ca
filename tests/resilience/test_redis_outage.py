"""With Redis gone the public site still answers, and it caches again once Redis is back.

The test runs a Redis server of its own (tests/resilience/redis_server.py), points the cache
and the sessions at it, seeds the demo, stops that server and crawls every public page. The
only 5xx allowed are the documented 503s (docs/operations.md, "When a part fails"):
`/healthz` naming Redis, and posts that need the rate limiter, which fail closed.
"""

import io
import logging
import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from newsletter.models import Subscriber
from tests import crawl
from tests.conftest import make_staff

pytestmark = pytest.mark.redis

# GET addresses that answer 503 while Redis is down, on purpose.
DOCUMENTED_503 = {"/healthz"}


def test_public_pages_answer_without_redis_and_are_cached_again_once_it_returns(
    own_redis, db, caplog, record_property, monkeypatch
):
    call_command("seed_demo", stdout=io.StringIO())
    staff = make_staff("outage-staff@example.jp", role=_secretariat())
    client = Client(raise_request_exception=False)
    assert client.get("/").status_code == 200

    own_redis.stop()
    caplog.set_level(logging.WARNING)
    monkeypatch.setattr(crawl, "INSTANCES_PER_PATTERN", 6)
    site = crawl.crawl_site(client)
    unexpected = [
        failure
        for failure in site.failures
        if not any(failure.startswith(f"GET {path} ") for path in DOCUMENTED_503)
    ]
    health = client.get("/healthz")
    counts = site.per_language()
    record_property(
        "summary",
        f"redis outage crawl: {len(site.visited)} URLs ({counts.get('ja', 0)} ja, "
        f"{counts.get('en', 0)} en) without Redis, {len(unexpected)} unexpected 5xx",
    )
    assert unexpected == []
    assert counts["ja"] >= 200 and counts["en"] >= 200
    # The site search, whose results each app keeps under its own scope, asks every app.
    for path, phrase in (("/search/?q=の", "件"), ("/en/search/?q=の", "results for")):
        answer = client.get(path)
        assert answer.status_code == 200 and phrase in answer.text, path
    assert health.status_code == 503
    assert health.json()["checks"] == {"database": "ok", "redis": "failing"}

    # The staff sign-in and its session work from the database.
    signed_in = Client(raise_request_exception=False)
    response = signed_in.post(
        "/admin/login/",
        {"username": staff.email, "password": "correct horse battery", "next": "/admin/"},
    )
    assert response.status_code == 302, response.content[:500]
    assert signed_in.get("/admin/").status_code == 200

    # A public form that needs the rate limiter fails closed: 503, translated, nothing saved.
    before = Subscriber.objects.count()
    for path, language, phrase in (
        ("/newsletter/subscribe/", "ja", "一時的にご利用いただけません"),
        ("/en/newsletter/subscribe/", "en", "briefly unavailable"),
    ):
        response = client.post(
            path, {"email": f"outage-{language}@example.jp", "language": language}
        )
        assert response.status_code == 503
        assert response["Retry-After"]
        page = response.content.decode()
        assert phrase in page and f'<html lang="{language}"' in page
        assert 'href="/' in page  # a way back home
    assert Subscriber.objects.count() == before
    response = client.post(
        "/participation/login/", {"email": "someone@example.jp", "password": "x" * 12}
    )
    assert response.status_code == 503

    # One line tells of the outage, not one per request.
    outage_lines = [r for r in caplog.records if r.name == "core.cache"]
    assert len(outage_lines) == 1, [r.getMessage() for r in outage_lines]
    assert not [r for r in caplog.records if r.name == "django.request" and r.levelno >= 40
                and "/healthz" not in r.getMessage()]  # fmt: skip

    # Redis returns: after the retry interval the page cache keeps and serves pages again.
    own_redis.start()
    time.sleep(0.3)
    first = client.get("/events/")
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/events/")
    assert second.status_code == 200
    assert second.content == first.content
    assert len(queries) == 0, [q["sql"] for q in queries]


def _secretariat():
    from accounts.roles import Role

    return Role.SECRETARIAT


def test_a_key_whose_write_was_dropped_is_deleted_when_redis_answers_again(own_redis, monkeypatch):
    """A partition, not a restart: Redis keeps its old copy while the portal cannot reach it."""
    import redis
    from django.core.cache import cache

    from core.cache import CacheUnavailable, strict_cache

    cache.set("outage:signed-out", "old session")
    with monkeypatch.context() as partition:
        partition.setattr(redis.Redis, "execute_command", _unreachable)
        cache.delete("outage:signed-out")  # dropped, remembered
        assert cache.get("outage:signed-out") is None
        with pytest.raises(CacheUnavailable):
            strict_cache().get("outage:signed-out")
        with pytest.raises(CacheUnavailable):
            cache.incr("outage:counter")
    time.sleep(0.3)  # the retry interval
    cache.get("outage:anything")  # the first call that reaches Redis again
    assert cache.get("outage:signed-out") is None


def _unreachable(*args, **kwargs):
    import redis

    raise redis.ConnectionError("partition")
