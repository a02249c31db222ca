from django.http import HttpResponse
from django.test import RequestFactory

from core.ratelimit import rate_limited


def test_posts_beyond_the_limit_get_429_and_gets_are_not_counted(db):
    @rate_limited("test-form", limit=2)
    def view(request):
        return HttpResponse("ok")

    factory = RequestFactory()
    for _ in range(5):
        assert view(factory.get("/")).status_code == 200
    statuses = [view(factory.post("/", REMOTE_ADDR="10.0.0.1")).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert view(factory.post("/", REMOTE_ADDR="10.0.0.2")).status_code == 200


def test_forged_forwarded_for_does_not_escape_the_limit(db, settings):
    settings.TRUSTED_PROXY_COUNT = 1

    @rate_limited("test-proxy", limit=1)
    def view(request):
        return HttpResponse("ok")

    factory = RequestFactory()
    first = factory.post("/", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.9", REMOTE_ADDR="10.0.0.1")
    forged = factory.post("/", HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.9", REMOTE_ADDR="10.0.0.1")
    assert view(first).status_code == 200
    assert view(forged).status_code == 429
