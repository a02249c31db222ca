"""Public pages, the feed, the API and the contributions to home, profile, search and report."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone, translation

from core.contributions import (
    collect_digest_items,
    collect_report_sections,
    collect_search_results,
)
from participation import services
from participation.models import Pledge
from tests.sitemaps import all_sitemap_xml

from .conftest import content, make_organisation, png_file

pytestmark = pytest.mark.django_db


def publish(organisation, secretariat_user, *, with_photo=False, **overrides):
    member = organisation.memberships.first()
    if member is None:
        from accounts.models import User
        from participation.models import Membership

        user = User.objects.create_user(email=f"m{organisation.pk}@org.example.jp", password="x")
        Membership.objects.create(user=user, organisation=organisation)
        member = organisation.memberships.get()
    activity = services.submit_activity(
        organisation_id=organisation.pk,
        actor=member.user,
        content=content(municipality_id=organisation.municipality_id, **overrides),
        photos=[(png_file(), "写真")] if with_photo else [],
    )
    services.approve_activity_version(version_id=activity.versions.get().pk, actor=secretariat_user)
    return activity


def populate(count, secretariat_user, campaign):
    for number in range(count):
        organisation = make_organisation(f"団体{number:03d}", "131016" if number % 2 else "132012")
        Pledge.objects.create(organisation=organisation, campaign=campaign)
        publish(organisation, secretariat_user, title=f"活動{number:03d}")


PAGES = [
    "/participation/",
    "/participation/organisations/",
    "/participation/organisations/?kind=school&municipality=131016",
    "/participation/activities/",
    "/participation/activities/?category=greenery&fiscal_year=2026&municipality=131016",
    "/participation/activities/feed/",
    "/",
    "/municipalities/131016/",
    "/en/participation/",
]


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("count", [2, 12])
def test_public_pages_run_a_bounded_number_of_queries(
    client, url, count, secretariat_user, campaign, django_assert_max_num_queries
):
    populate(count, secretariat_user, campaign)
    if url in ("/", "/municipalities/131016/"):
        client.get(url)  # every app's section on these pages is a cached fragment once rendered
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", [2, 12])
def test_detail_pages_run_a_bounded_number_of_queries(
    client, count, secretariat_user, campaign, django_assert_max_num_queries
):
    populate(count, secretariat_user, campaign)
    organisation = make_organisation("詳細の団体", "131016")
    for number in range(count):
        activity = publish(organisation, secretariat_user, title=f"詳細{number}", with_photo=True)
    with django_assert_max_num_queries(8):
        assert client.get(organisation.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(activity.get_absolute_url()).status_code == 200


def test_directory_filters(client, school, company, secretariat_user):
    publish(school, secretariat_user, title="学校の活動", category="education")
    publish(company, secretariat_user, title="会社の活動", category="energy")
    response = client.get("/participation/activities/?kind=school")
    assert [a.published_version.title for a in response.context["page_obj"]] == ["学校の活動"]
    response = client.get("/participation/activities/?category=energy")
    assert [a.published_version.title for a in response.context["page_obj"]] == ["会社の活動"]
    response = client.get("/participation/activities/?fiscal_year=2025")
    assert list(response.context["page_obj"]) == []
    response = client.get("/participation/organisations/?municipality=132012")
    assert list(response.context["page_obj"]) == [company]


def test_unapproved_organisations_are_not_listed(client, school):
    waiting = make_organisation("審査中", "131016", status="awaiting_review")
    listed = list(client.get("/participation/organisations/").context["page_obj"])
    assert listed == [school]
    assert client.get(waiting.get_absolute_url()).status_code == 404


def test_municipality_profile_shows_its_organisations_and_activities(
    client, school, company, secretariat_user
):
    publish(school, secretariat_user, title="千代田での活動")
    publish(company, secretariat_user, title="八王子での活動")
    body = client.get("/municipalities/131016/").content.decode()
    assert "千代田小学校" in body and "千代田での活動" in body
    assert "八王子エコ株式会社" not in body and "八王子での活動" not in body


def test_home_shows_the_counters_in_one_line(client, school, secretariat_user, campaign):
    publish(school, secretariat_user, title="最新の活動")
    Pledge.objects.create(organisation=school, campaign=campaign)
    body = client.get("/").content.decode()
    assert "/participation/" in body
    assert "最新の活動" not in body  # the activities are on the joint action's own page


def test_atom_feed_lists_published_activities(client, school, secretariat_user):
    publish(school, secretariat_user, title="フィードの活動")
    response = client.get("/participation/activities/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed, in a test
    titles = [e.text for e in root.iter("{http://www.w3.org/2005/Atom}title")]
    assert "フィードの活動" in titles


def test_open_data_api(client, school, company, secretariat_user, campaign):
    publish(school, secretariat_user, title="APIの活動")
    Pledge.objects.create(organisation=school, campaign=campaign)
    organisations = client.get("/api/participation/organisations?municipality=131016").json()
    assert [o["name_ja"] for o in organisations["items"]] == ["千代田小学校"]
    assert "email" not in organisations["items"][0]
    activities = client.get("/api/participation/activities").json()["items"]
    assert activities[0]["title"] == "APIの活動"
    assert activities[0]["estimated_co2_kg"] == 85
    campaigns = client.get("/api/participation/campaigns").json()
    assert campaigns[0]["pledge_count"] == 1


def test_sitemap_lists_public_pages_only(client, school, secretariat_user):
    waiting = make_organisation("審査中", "131016", status="awaiting_review")
    body = all_sitemap_xml(client)
    assert school.get_absolute_url() in body
    assert waiting.get_absolute_url() not in body


def test_digest_search_and_annual_report(school, company, secretariat_user, campaign):
    before = timezone.now() - datetime.timedelta(minutes=1)
    publish(school, secretariat_user, title="緑のカーテン大作戦", held_on=datetime.date(2026, 7, 1))
    Pledge.objects.create(organisation=school, campaign=campaign)
    items = collect_digest_items(since=before, until=timezone.now() + datetime.timedelta(minutes=1))
    assert [item.title_ja for item in items if item.kind == "participation"] == [
        "緑のカーテン大作戦"
    ]

    results = collect_search_results(query="大作戦")
    assert [r.title for r in results if r.kind == "participation"] == ["緑のカーテン大作戦"]
    results = collect_search_results(query="千代田小")
    assert [r.title for r in results if r.kind == "participation"] == ["千代田小学校"]

    with translation.override("en"):
        section = next(
            s for s in collect_report_sections(fiscal_year=2026) if s.app_label == "participation"
        )
    figures = dict(section.figures)
    assert figures["Participating organisations"] == "2"
    assert figures["Activities reported"] == "1"
    assert figures["Estimated CO2 reduction (t-CO2)"] == "0.1"
    with translation.override("en"):
        earlier = next(
            s for s in collect_report_sections(fiscal_year=2024) if s.app_label == "participation"
        )
    assert dict(earlier.figures)["Activities reported"] == "0"
