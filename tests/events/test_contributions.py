"""What events add to the API, sitemap, search, newsletter digest and annual report."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from events import digest, reporting, search
from events.models import Category, Registration, Status, Visibility
from offsets.models import CreditPurchase, CreditRetirement
from tests.sitemaps import all_sitemap_xml

from .conftest import make_event

pytestmark = pytest.mark.django_db


def test_api_lists_public_events_without_personal_data(client):
    public = make_event(title_ja="町田の里山散策", municipality_id="132098")
    make_event(visibility=Visibility.STAFF)
    Registration.objects.create(
        event=public,
        status=Status.CONFIRMED,
        name="秘密",
        kana="ヒミツ",
        email="secret@example.jp",
        phone="1",
        privacy_consent=True,
    )
    response = client.get("/api/events/")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["id"] for item in items] == [public.pk]
    assert items[0]["municipality_code"] == "132098"
    assert "secret@example.jp" not in response.content.decode()
    assert client.get(f"/api/events/{public.pk}").json()["title_ja"] == "町田の里山散策"


def test_sitemap_lists_public_events(client):
    public = make_event()
    hidden = make_event(visibility=Visibility.STAFF)
    body = all_sitemap_xml(client)
    assert f"/events/{public.pk}/" in body
    assert f"/events/{hidden.pk}/" not in body


def test_search_finds_public_events_by_title():
    make_event(title_ja="檜原村 森林セラピー")
    make_event(title_ja="檜原村 職員研修", visibility=Visibility.STAFF)
    results = search.search(query="檜原", limit=10)
    assert [r.title for r in results] == ["檜原村 森林セラピー"]


def test_digest_lists_newly_announced_upcoming_events():
    event = make_event()
    now = timezone.now()
    items = digest.items_since(since=now - datetime.timedelta(days=1), until=now)
    assert [i.url for i in items] == [f"/events/{event.pk}/"]
    assert items[0].municipality_codes == ("133086",)


@time_machine.travel(datetime.datetime(2027, 5, 1, tzinfo=datetime.UTC))
def test_annual_report_counts_events_participants_and_offsets():
    fy_start = datetime.datetime(2026, 6, 1, 10, tzinfo=datetime.UTC)
    reported = make_event(start=fy_start, participant_count=18)
    counted = make_event(start=fy_start, category=Category.CHILDREN)
    make_event(start=datetime.datetime(2027, 4, 2, tzinfo=datetime.UTC))  # next fiscal year
    make_event(start=datetime.datetime(2027, 6, 2, tzinfo=datetime.UTC))  # not held yet
    Registration.objects.create(
        event=counted,
        status=Status.CONFIRMED,
        party_size=3,
        name="a",
        kana="a",
        email="a@example.jp",
        phone="1",
    )
    purchase = CreditPurchase.objects.create(
        scheme="j_ver",
        source_project="釜石",
        tonnes=10,
        price_yen=1,
        purchased_on=datetime.date(2026, 4, 1),
    )
    CreditRetirement.objects.create(
        purchase=purchase,
        event=reported,
        purpose="x",
        tonnes=4,
        retired_on=datetime.date(2026, 6, 2),
    )
    figures = reporting.fiscal_year_figures(2026)
    assert figures["events"] == 2
    assert figures["participants"] == 18 + 3
    assert figures["offset_tonnes"] == 4
    assert figures["offset_events"] == 1
    section = reporting.annual_report_section(fiscal_year=2026)
    assert section.figures[0][1] == "2"
    assert reporting.annual_report_section(fiscal_year=2010) is None
    assert reporting.fiscal_year_figures(2027)["events"] == 1  # only the one already held


def test_home_and_municipality_pages_show_upcoming_events(client):
    make_event(title_ja="奥多摩 森林セラピー体験")
    assert "奥多摩 森林セラピー体験" in client.get("/").content.decode()
    assert "奥多摩 森林セラピー体験" in client.get("/municipalities/133086/").content.decode()
    assert "奥多摩 森林セラピー体験" not in client.get("/municipalities/131016/").content.decode()


def test_large_demo_builds_events_and_registrations_in_bulk_once(monkeypatch):
    from io import StringIO

    from events import demo
    from events.models import Event

    monkeypatch.setitem(demo.BENCH_EVENTS, "large", (40, 5.0, 1 / 3))
    monkeypatch.setattr(demo, "INSERT_BATCH", 15)  # several batches, as at full size
    demo.seed(scale="large", out=StringIO())
    bench = Event.objects.filter(title_ja__startswith=demo.BENCH_PREFIX)
    assert bench.count() == 40
    assert Registration.objects.filter(event__in=bench).count() == 400
    demo.seed(scale="large", out=StringIO())
    assert bench.count() == 40
    assert Event.objects.filter(visibility=Visibility.STAFF).exists()
    assert Event.objects.filter(registration_mode="lottery").exists()
    assert CreditRetirement.objects.filter(event__isnull=False).exists()
