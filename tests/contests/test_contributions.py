"""Home and municipality sections, API, sitemap, digest, search, report and demo."""

import datetime
from io import StringIO

import pytest
from django.utils import timezone

from contests import digest, reporting, search
from contests.demo import seed
from contests.models import Award, Contest, Entry, EntryStatus

from .helpers import make_contest, make_entry

pytestmark = pytest.mark.django_db


def test_home_shows_the_open_contest(client):
    make_contest("entries_open")
    page = client.get("/en/").content.decode()
    assert "contests-home-heading" in page and "/en/contests/2027/enter/" in page


def test_home_shows_latest_results_when_nothing_is_open(client):
    contest = make_contest("results", year=2026)
    entry = make_entry(contest, status=EntryStatus.ACCEPTED, title="大賞作品")
    entry.award = Award.GRAND_PRIX
    entry.save()
    page = client.get("/en/").content.decode()
    # One line on the home page; the winners are on the results page it links to.
    assert "/en/contests/2026/results/" in page and "大賞作品" not in page


def test_municipality_profile_lists_its_awards_only_once_published(client):
    contest = make_contest("judging")
    entry = make_entry(contest, status=EntryStatus.ACCEPTED, title="千代田の作品")
    entry.award = Award.SPECIAL
    entry.save()
    page = client.get("/en/municipalities/131016/").content.decode()
    assert "contests-municipality-heading" in page and "千代田の作品" not in page
    contest.results_published_at = timezone.now() - datetime.timedelta(hours=1)
    contest.save()
    assert "千代田の作品" in client.get("/en/municipalities/131016/").content.decode()
    assert "千代田の作品" not in client.get("/en/municipalities/132012/").content.decode()


def test_sitemap_lists_public_contest_pages_and_works(client):
    contest = make_contest("judging")
    entry = make_entry(contest, status=EntryStatus.ACCEPTED)
    hidden = make_entry(contest, status=EntryStatus.REJECTED)
    assert "/sitemap-contests.xml" in client.get("/sitemap.xml").content.decode()
    xml = "".join(
        client.get(f"/sitemap-{section}.xml").content.decode()
        for section in ("contests", "contest-works")
    )
    assert "/contests/2027/gallery/" in xml and str(entry.public_id) in xml
    assert str(hidden.public_id) not in xml and "/contests/2027/results/" not in xml


def test_search_finds_public_works_only():
    contest = make_contest("judging")
    make_entry(contest, status=EntryStatus.ACCEPTED, title="ミツバチの街")
    make_entry(contest, status=EntryStatus.SUBMITTED, title="ミツバチの秘密")
    titles = [r.title for r in search.search(query="ミツバチ", limit=10)]
    assert titles == ["ミツバチの街"]


def test_digest_announces_calls_and_results():
    contest = make_contest("results")
    now = timezone.now()
    items = digest.items_since(since=now - datetime.timedelta(days=10), until=now)
    urls = sorted(item.url for item in items)
    assert urls == [f"/contests/{contest.year}/", f"/contests/{contest.year}/results/"]


def test_report_counts_contests_entries_and_awards_of_the_fiscal_year():
    from core.fiscal import fiscal_year_of

    contest = make_contest("results")
    make_entry(contest, status=EntryStatus.ACCEPTED).__class__.objects.filter().update()
    winner = make_entry(contest, status=EntryStatus.ACCEPTED)
    winner.award = Award.GRAND_PRIX
    winner.save()
    make_entry(contest, status=EntryStatus.UNCONFIRMED)  # never counted
    section = reporting.annual_report_section(fiscal_year=fiscal_year_of(contest.entries_close_at))
    assert dict(section.figures) == {
        "Contests held": "1",
        "Contest entries": "2",
        "Contest awards": "1",
    }
    assert reporting.annual_report_section(fiscal_year=2001) is None


def test_demo_builds_a_past_edition_with_awards_and_an_open_one_idempotently():
    seed(scale="demo", out=StringIO())
    counts = Entry.objects.count()
    seed(scale="demo", out=StringIO())
    assert Entry.objects.count() == counts
    past, current = Contest.objects.order_by("year")
    assert past.phase == "results" and current.phase == "entries_open"
    assert Entry.objects.awarded_publicly().filter(contest=past).count() == 12
    assert past.entries.exclude(published_image="").exists()
    assert past.entries.exclude(published_audio="").exists()
    assert set(current.entries.values_list("status", flat=True)) == set(EntryStatus.values)


@pytest.mark.postgres
def test_large_scale_adds_two_thousand_entries(django_assert_max_num_queries):
    seed(scale="large", out=StringIO())
    large = Contest.objects.order_by("year").first()
    assert large.entries.count() == 2000
