"""The public showcase, the profile and home sections, open data, sitemap, search and report."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template.loader import render_to_string

from core.contributions import collect_report_sections, collect_search_results
from grants.models import GrantProgram, Status
from tests.sitemaps import all_sitemap_xml

from .conftest import make_application

TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.fixture
def funded(program):
    reported = make_application(program, status=Status.REPORTED, granted=300_000, title="森の教室")
    reported.results_ja = "親子120人が参加し、間伐体験をした。"
    reported.save()
    decided = make_application(
        program, "132012", status=Status.DECIDED, granted=500_000, title="高尾の清掃"
    )
    hidden = [
        make_application(program, status=status, title=f"非公開 {status}")
        for status in (Status.DRAFT, Status.SUBMITTED, Status.REJECTED, Status.WITHDRAWN)
    ]
    return reported, decided, hidden


def test_showcase_lists_funded_projects_only(client, funded):
    reported, decided, hidden = funded
    page = client.get("/grants/").content.decode()
    assert "森の教室" in page and "高尾の清掃" in page
    assert "非公開" not in page
    assert "¥800,000" in page  # the total granted


def test_showcase_filters_by_fiscal_year_and_municipality(client, funded, program):
    page = client.get("/grants/", {"municipality": "132012"}).content.decode()
    assert "高尾の清掃" in page and "森の教室" not in page
    old = GrantProgram.objects.create(
        fiscal_year=2016,
        title_ja="平成28年度",
        opens_at=datetime.datetime(2016, 5, 9, 9, tzinfo=TOKYO),
        closes_at=datetime.datetime(2016, 6, 30, 17, tzinfo=TOKYO),
    )
    make_application(old, status=Status.PAID, granted=1_500_000, title="平成の緑化")
    page = client.get("/grants/", {"fiscal_year": "2016"}).content.decode()
    assert "平成の緑化" in page and "森の教室" not in page
    assert "平成28年度" in page


def test_showcase_queries_do_not_grow_with_the_data(client, program, django_assert_max_num_queries):
    for index in range(30):
        make_application(program, status=Status.DECIDED, granted=10_000, title=f"p{index}")
    with django_assert_max_num_queries(8):
        assert client.get("/grants/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/en/grants/?page=2").status_code == 200


def test_detail_shows_results_and_is_404_unless_funded(client, funded):
    reported, decided, hidden = funded
    page = client.get(f"/grants/{reported.pk}/").content.decode()
    assert "親子120人が参加" in page
    for application in hidden:
        assert client.get(f"/grants/{application.pk}/").status_code == 404


def test_english_detail_says_when_content_is_japanese_only(client, funded):
    page = client.get(f"/en/grants/{funded[0].pk}/").content.decode()
    assert "available in Japanese only" in page


def test_municipality_profile_lists_its_funded_projects(client, funded):
    page = client.get("/municipalities/131016/").content.decode()
    assert "森の教室" in page and "高尾の清掃" not in page
    assert "非公開" not in page


def test_home_shows_reported_projects(client, funded):
    assert "森の教室" in client.get("/").content.decode()


def test_open_data_lists_funded_projects(client, funded):
    body = client.get("/api/grants/projects", {"fiscal_year": 2026}).json()
    titles = {item["title_ja"] for item in body["items"]}
    assert titles == {"森の教室", "高尾の清掃"}
    assert {item["granted_amount_yen"] for item in body["items"]} == {300_000, 500_000}
    hidden_id = funded[2][0].pk
    assert client.get(f"/api/grants/projects/{hidden_id}").status_code == 404
    programs = client.get("/api/grants/programs").json()
    assert programs[0]["cap_per_municipality_yen"] == 1_000_000


def test_sitemap_lists_funded_projects_in_both_languages(client, funded):
    body = all_sitemap_xml(client)
    assert f"/grants/{funded[0].pk}/" in body and f"/en/grants/{funded[0].pk}/" in body
    assert f"/grants/{funded[2][0].pk}/" not in body


def test_search_finds_funded_projects_only(funded):
    results = [r for r in collect_search_results(query="森の") if r.kind == "grants"]
    assert [r.title for r in results] == ["森の教室"]
    assert [r for r in collect_search_results(query="非公開") if r.kind == "grants"] == []


def test_annual_report_chapter_totals_the_fiscal_year(program, funded):
    (section,) = [s for s in collect_report_sections(fiscal_year=2026) if s.app_label == "grants"]
    figures = dict(section.figures)
    assert "¥800,000" in figures.values()
    html = render_to_string(section.template, {"section": section.context, "chapter": section})
    assert "森の教室" in html and "非公開" not in html
    assert [s for s in collect_report_sections(fiscal_year=1999) if s.app_label == "grants"] == []


def test_profile_and_home_queries_do_not_grow_with_the_data(
    client, program, django_assert_num_queries, django_assert_max_num_queries
):
    def page_queries(url):
        from django.core.cache import cache
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        cache.clear()  # compare cold pages: every section is built from the database
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    make_application(program, status=Status.DECIDED, granted=10_000)
    few = (page_queries("/"), page_queries("/municipalities/131016/"))
    for index in range(15):
        make_application(program, status=Status.REPORTED, granted=10_000, title=f"p{index}")
    many = (page_queries("/"), page_queries("/municipalities/131016/"))
    assert many == few


def test_the_stage_follows_the_status_not_the_results_text(client, program):
    """A confirmed amount never stands beside 実施中 (the demo once showed both)."""
    claimed = make_application(program, status=Status.CLAIMED, granted=400_000, title="源流の森")
    claimed.confirmed_amount = 380_000
    claimed.save()  # no results text, as the old demo had it
    page = client.get(claimed.get_absolute_url()).content.decode()
    assert "確定額" in page and "実施中" not in page
    decided = make_application(program, "132012", status=Status.DECIDED, granted=100_000)
    decided.results_ja = "途中経過"
    decided.save()
    assert "実施中" in client.get(decided.get_absolute_url()).content.decode()


def test_a_card_shows_the_first_report_photo_from_the_lists_own_query(client, funded):
    from django.core.files.base import ContentFile
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.uploads import jpeg_bytes

    reported = funded[0]
    for alt in ("最初の写真：間伐体験", "二枚目の写真"):
        photo = reported.photos.model(application=reported, alt_text=alt)
        photo.image.save("report.jpg", ContentFile(jpeg_bytes((800, 600))), save=True)
    for path in ("/grants/", "/municipalities/131016/"):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(path).content.decode()
        assert 'alt="最初の写真：間伐体験"' in page, path
        assert "二枚目の写真" not in page
        assert not any(
            query["sql"].startswith('SELECT "grants_reportphoto"') for query in queries
        ), path
