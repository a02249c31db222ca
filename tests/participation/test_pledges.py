"""Pledges: once per organisation and campaign, also under concurrent clicks; public counters."""

import datetime

import pytest
from django.db import IntegrityError

from participation import services
from participation.models import Campaign, OrganisationStatus, Pledge
from tests.concurrency import run_concurrently

from .conftest import make_organisation

pytestmark = pytest.mark.django_db


def test_organisation_pledges_once(school, school_member, campaign):
    first = services.pledge_to_campaign(
        organisation_id=school.pk, campaign_id=campaign.pk, actor=school_member, message="毎年"
    )
    again = services.pledge_to_campaign(
        organisation_id=school.pk, campaign_id=campaign.pk, actor=school_member
    )
    assert again.pk == first.pk
    assert Pledge.objects.count() == 1


def test_database_refuses_a_second_pledge_row(school, campaign):
    Pledge.objects.create(organisation=school, campaign=campaign)
    with pytest.raises(IntegrityError):
        Pledge.objects.create(organisation=school, campaign=campaign)


def test_unapproved_organisation_cannot_pledge(campaign):
    organisation = make_organisation(
        "審査中の団体",
        "131016",
        status=OrganisationStatus.AWAITING_REVIEW,
        member_email="m@waiting.example.jp",
    )
    member = organisation.memberships.get().user
    with pytest.raises(services.ParticipationError):
        services.pledge_to_campaign(
            organisation_id=organisation.pk, campaign_id=campaign.pk, actor=member
        )


def test_closed_campaign_takes_no_pledges(school, school_member):
    closed = Campaign.objects.create(
        slug="old",
        title_ja="終了したキャンペーン",
        pledge_text_ja="誓います",
        starts_on=datetime.date(2009, 2, 1),
        ends_on=datetime.date(2010, 3, 31),
    )
    with pytest.raises(services.ParticipationError):
        services.pledge_to_campaign(
            organisation_id=school.pk, campaign_id=closed.pk, actor=school_member
        )


def test_pledge_view_pledges_and_a_double_click_changes_nothing(client, school_member, campaign):
    client.force_login(school_member)
    url = f"/participation/campaigns/{campaign.slug}/pledge/"
    assert client.post(url, {"message": "全教室で"}).status_code == 302
    assert client.post(url, {"message": "全教室で"}).status_code == 302
    assert Pledge.objects.get().message == "全教室で"


def test_campaign_page_counts_pledges_per_municipality(client, campaign, school, company):
    other_chiyoda = make_organisation("千代田商店会", "131016")
    suspended = make_organisation("停止中の団体", "131016", status=OrganisationStatus.SUSPENDED)
    for organisation in (school, company, other_chiyoda, suspended):
        Pledge.objects.create(organisation=organisation, campaign=campaign)
    response = client.get(f"/participation/campaigns/{campaign.slug}/")
    assert response.context["pledge_count"] == 3
    rows = [(row["municipality"].code, row["count"]) for row in response.context["by_municipality"]]
    assert rows == [("131016", 2), ("132012", 1)]


@pytest.mark.parametrize("organisations", [2, 25])
def test_campaign_page_queries_do_not_grow(
    client, campaign, organisations, django_assert_max_num_queries
):
    for number in range(organisations):
        organisation = make_organisation(f"団体{number}", "131016" if number % 2 else "132012")
        Pledge.objects.create(organisation=organisation, campaign=campaign)
    with django_assert_max_num_queries(6):
        assert client.get(f"/participation/campaigns/{campaign.slug}/").status_code == 200


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_clicks_make_exactly_one_pledge(school, school_member, campaign):
    results = run_concurrently(
        lambda _index: services.pledge_to_campaign(
            organisation_id=school.pk, campaign_id=campaign.pk, actor=school_member
        ),
        8,
    )
    errors = [result for result in results if isinstance(result, Exception)]
    assert errors == []
    assert {result.pk for result in results} == {Pledge.objects.get().pk}
