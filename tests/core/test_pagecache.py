import pytest

from municipalities.models import Municipality


@pytest.fixture
def page_cache(settings):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 60


@pytest.mark.django_db
def test_anonymous_pages_are_served_from_cache_without_queries(
    client, page_cache, django_assert_num_queries
):
    first = client.get("/municipalities/131016/")
    with django_assert_num_queries(0):
        second = client.get("/municipalities/131016/")
    assert second.content == first.content


@pytest.mark.django_db
def test_a_change_to_published_data_invalidates_cached_pages(client, page_cache):
    client.get("/municipalities/131016/")
    Municipality.objects.filter(code="131016").update()  # no signal: still cached
    municipality = Municipality.objects.get(code="131016")
    municipality.website = "https://www.city.chiyoda.lg.jp/"
    municipality.save()
    assert "https://www.city.chiyoda.lg.jp/" in client.get("/municipalities/131016/").text


@pytest.mark.django_db
def test_signed_in_staff_are_never_served_cached_pages(
    client, page_cache, secretariat_user, django_assert_max_num_queries
):
    client.get("/municipalities/")
    client.force_login(secretariat_user)
    response = client.get("/municipalities/")
    assert response.wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_languages_are_cached_separately(client, page_cache):
    client.get("/municipalities/131016/")
    assert '<html lang="en">' in client.get("/en/municipalities/131016/").text


@pytest.fixture
def shared_cache_reads(monkeypatch):
    from django.core.cache import cache

    reads = []
    for name in ("get", "get_many"):
        original = getattr(cache, name)
        monkeypatch.setattr(
            cache, name, lambda *a, _original=original, **k: reads.append(a) or _original(*a, **k)
        )
    return reads


@pytest.mark.django_db
def test_a_page_cached_in_this_process_is_served_without_a_network_round_trip(
    client, page_cache, settings, shared_cache_reads
):
    settings.DATA_VERSION_LOCAL_SECONDS = 1
    first = client.get("/municipalities/131016/")
    shared_cache_reads.clear()

    second = client.get("/municipalities/131016/")

    assert shared_cache_reads == []
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


@pytest.mark.django_db
def test_a_page_another_process_cached_costs_one_read_and_no_query(
    client, page_cache, settings, shared_cache_reads, django_assert_num_queries
):
    from core.pagecache import forget_local_state

    settings.DATA_VERSION_LOCAL_SECONDS = 1
    first = client.get("/municipalities/131016/")
    forget_local_state()
    client.get("/")  # this process reads the version again
    shared_cache_reads.clear()

    with django_assert_num_queries(0):
        second = client.get("/municipalities/131016/")

    assert len(shared_cache_reads) == 1
    assert second.content == first.content


@pytest.mark.django_db
def test_a_save_elsewhere_reaches_this_process_once_its_version_is_read_again(
    client, page_cache, settings
):

    from core.pagecache import forget_local_state, invalidate_pages

    client.get("/municipalities/131016/")
    Municipality.objects.filter(code="131016").update(website="https://example.jp/")
    invalidate_pages(sender=Municipality)  # what another process's save leaves in Redis...
    forget_local_state()  # ...while this process remembers nothing of it

    assert "https://example.jp/" in client.get("/municipalities/131016/").text


@pytest.mark.django_db
def test_private_records_leave_cached_pages_alone_and_published_ones_clear_them(
    secretariat_user,
):
    from core.pagecache import current_version
    from newsletter.models import Subscriber

    before = current_version()
    secretariat_user.last_login = secretariat_user.date_joined
    secretariat_user.save()
    Subscriber.objects.create(email="reader@example.jp")
    assert current_version() == before

    municipality = Municipality.objects.get(code="131016")
    municipality.save()
    assert current_version() > before


@pytest.mark.django_db
def test_long_query_strings_are_not_cached(client, page_cache):
    from core import pagecache

    client.get("/municipalities/131016/?x=" + "1" * 300)
    assert len(pagecache._local_pages) == 0

    client.get("/municipalities/131016/?x=1")
    assert len(pagecache._local_pages) == 1


@pytest.mark.django_db
def test_pages_are_compressed_for_browsers_that_take_gzip_and_cached_both_ways(client, page_cache):
    import gzip

    packed = client.get("/municipalities/131016/", headers={"accept-encoding": "gzip, br"})
    plain = client.get("/municipalities/131016/")
    again = client.get("/municipalities/131016/", headers={"accept-encoding": "gzip"})
    assert packed["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain
    assert gzip.decompress(again.content) == plain.content
    assert len(packed.content) < len(plain.content) / 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_page_another_server_renders_between_a_save_and_its_commit_is_not_kept(page_cache):
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections, transaction
    from django.test import Client

    def another_server_visits():
        try:
            return Client().get("/municipalities/131016/").text
        finally:
            connections.close_all()

    with transaction.atomic():
        municipality = Municipality.objects.get(code="131016")
        municipality.website = "https://www.city.chiyoda.lg.jp/"
        municipality.save()
        # The save has raised the version, but another connection still reads the old row.
        with ThreadPoolExecutor(max_workers=1) as pool:
            during = pool.submit(another_server_visits).result()
    assert "https://www.city.chiyoda.lg.jp/" not in during

    assert "https://www.city.chiyoda.lg.jp/" in Client().get("/municipalities/131016/").text
