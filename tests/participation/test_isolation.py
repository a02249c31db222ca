"""A member can never read or change another organisation's records, by any URL."""

import pytest

from participation import services
from participation.models import ActivityVersion, Pledge

from .conftest import content

pytestmark = pytest.mark.django_db


@pytest.fixture
def company_activity(company, company_member, secretariat_user):
    activity = services.submit_activity(
        organisation_id=company.pk, actor=company_member, content=content(municipality_id="132012")
    )
    services.approve_activity_version(version_id=activity.versions.get().pk, actor=secretariat_user)
    return activity


@pytest.fixture
def company_draft(company, company_member):
    return services.submit_activity(
        organisation_id=company.pk, actor=company_member, content=content(title="未公開の下書き")
    )


MEMBER_URLS = [
    ("get", "/participation/account/activities/{pk}/"),
    ("get", "/participation/account/activities/{pk}/edit/"),
    ("post", "/participation/account/activities/{pk}/edit/"),
    ("post", "/participation/account/activities/{pk}/contest/"),
]


@pytest.mark.parametrize(("method", "url"), MEMBER_URLS)
@pytest.mark.parametrize("target", ["company_activity", "company_draft"])
def test_another_organisations_activity_is_404_by_every_member_url(
    client, school_member, method, url, target, request
):
    activity = request.getfixturevalue(target)
    versions_before = ActivityVersion.objects.count()
    client.force_login(school_member)
    data = {"title": "乗っ取り", "held_on": "2026-07-01", "municipality": "131016"}
    response = getattr(client, method)(url.format(pk=activity.pk), data)
    assert response.status_code == 404
    assert ActivityVersion.objects.count() == versions_before


def test_own_activity_pages_answer_for_the_owner(client, company_member, company_activity):
    client.force_login(company_member)
    for _method, url in MEMBER_URLS[:2]:
        assert client.get(url.format(pk=company_activity.pk)).status_code == 200


def test_unpublished_activity_is_404_on_the_public_site(client, company_member, company_draft):
    client.force_login(company_member)
    assert client.get(f"/participation/activities/{company_draft.pk}/").status_code == 404


def test_dashboard_lists_only_the_members_organisation(
    client, school_member, company_activity, company_draft
):
    client.force_login(school_member)
    response = client.get("/participation/account/")
    assert response.context["activities"] == []
    assert "未公開の下書き" not in response.content.decode()


def test_services_refuse_a_member_of_another_organisation(
    school_member, company, company_activity, campaign
):
    with pytest.raises(services.ParticipationError):
        services.revise_activity(
            activity_id=company_activity.pk, actor=school_member, content=content()
        )
    with pytest.raises(services.ParticipationError):
        services.submit_activity(organisation_id=company.pk, actor=school_member, content=content())
    with pytest.raises(services.ParticipationError):
        services.pledge_to_campaign(
            organisation_id=company.pk, campaign_id=campaign.pk, actor=school_member
        )
    with pytest.raises(services.ParticipationError):
        services.invite_member(organisation_id=company.pk, actor=school_member, email="a@b.jp")
    with pytest.raises(services.ParticipationError):
        services.update_organisation_profile(
            organisation_id=company.pk, actor=school_member, changes={"phone": "000"}
        )
    assert not Pledge.objects.exists()


def test_pledge_view_acts_only_for_the_members_own_organisation(
    client, school, school_member, company, campaign
):
    client.force_login(school_member)
    client.post(f"/participation/campaigns/{campaign.slug}/pledge/", {"organisation": company.pk})
    assert list(Pledge.objects.values_list("organisation_id", flat=True)) == [school.pk]


def test_profile_edit_changes_only_the_own_organisation(client, school, school_member, company):
    client.force_login(school_member)
    response = client.post(
        "/participation/account/profile/",
        {
            "name_en": "Chiyoda School",
            "address": "東京都千代田区2-2-2",
            "website": "",
            "description_ja": "",
            "description_en": "",
            "contact_name": "先生",
            "phone": "03-0000-0000",
            "language": "ja",
            "name_ja": "乗っ取り",
            "status": "approved",
        },
    )
    assert response.status_code == 302
    school.refresh_from_db()
    company.refresh_from_db()
    assert school.phone == "03-0000-0000"
    assert school.name_ja == "千代田小学校"  # the Japanese name is the secretariat's to change
    assert company.phone == ""


@pytest.mark.parametrize(
    "url",
    [
        "/participation/account/",
        "/participation/account/profile/",
        "/participation/account/activities/new/",
        "/participation/account/activities/1/",
    ],
)
def test_member_area_sends_visitors_and_staff_to_the_sign_in(client, url, chiyoda_staff):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/participation/login/")
    client.force_login(chiyoda_staff)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/participation/login/")


def test_dashboard_lists_the_members_activities_with_their_titles(
    client, company_member, company_draft, company_activity, django_assert_max_num_queries
):
    client.force_login(company_member)
    with django_assert_max_num_queries(15):
        body = client.get("/participation/account/").content.decode()
    assert "未公開の下書き" in body and "ゴーヤのグリーンカーテン" in body
