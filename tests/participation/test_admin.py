"""The secretariat decides in the admin through the services; municipal staff only see theirs."""

import pytest

from participation import services
from participation.models import OrganisationStatus, VersionStatus

from .conftest import content, make_organisation

pytestmark = pytest.mark.django_db


def change_url(model, pk, suffix="change"):
    return f"/admin/participation/{model}/{pk}/{suffix}/"


@pytest.fixture
def chiyoda_org(db):
    return make_organisation("千代田の団体", "131016", status=OrganisationStatus.AWAITING_REVIEW)


@pytest.fixture
def hachioji_org(db):
    return make_organisation("八王子の団体", "132012", status=OrganisationStatus.AWAITING_REVIEW)


def test_staff_see_only_their_municipalitys_organisations(
    client, chiyoda_staff, chiyoda_org, hachioji_org
):
    client.force_login(chiyoda_staff)
    response = client.get("/admin/participation/organisation/")
    assert list(response.context["cl"].result_list) == [chiyoda_org]


@pytest.mark.parametrize("suffix", ["change", "history", "delete"])
def test_another_municipalitys_organisation_is_404_for_staff(
    client, chiyoda_staff, hachioji_org, suffix
):
    client.force_login(chiyoda_staff)
    assert client.get(change_url("organisation", hachioji_org.pk, suffix)).status_code == 404


def test_secretariat_approves_through_the_admin_form(client, secretariat_user, chiyoda_org):
    client.force_login(secretariat_user)
    response = client.get(change_url("organisation", chiyoda_org.pk))
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update(
        {
            "municipality": "131016",
            "decision": "approve",
            "reason": "",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        }
    )
    response = client.post(change_url("organisation", chiyoda_org.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    chiyoda_org.refresh_from_db()
    assert chiyoda_org.status == OrganisationStatus.APPROVED


def test_admin_rejection_without_reason_is_a_form_error(client, secretariat_user, chiyoda_org):
    client.force_login(secretariat_user)
    form = client.get(change_url("organisation", chiyoda_org.pk)).context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update(
        {
            "municipality": "131016",
            "decision": "reject",
            "reason": "",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        }
    )
    response = client.post(change_url("organisation", chiyoda_org.pk), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["reason"]
    chiyoda_org.refresh_from_db()
    assert chiyoda_org.status == OrganisationStatus.AWAITING_REVIEW


def test_secretariat_publishes_a_version_through_the_admin(
    client, secretariat_user, school, school_member
):
    activity = services.submit_activity(
        organisation_id=school.pk, actor=school_member, content=content()
    )
    version = activity.versions.get()
    client.force_login(secretariat_user)
    response = client.post(
        change_url("activityversion", version.pk),
        {"decision": "approve", "note": "", "photos-TOTAL_FORMS": "0", "photos-INITIAL_FORMS": "0"},
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == VersionStatus.APPROVED


def test_staff_see_only_versions_in_their_municipality(
    client, hachioji_staff, school, school_member
):
    activity = services.submit_activity(
        organisation_id=school.pk, actor=school_member, content=content()
    )
    client.force_login(hachioji_staff)
    assert (
        client.get("/admin/participation/activityversion/").context["cl"].result_list.count() == 0
    )
    version = activity.versions.get()
    assert client.get(change_url("activityversion", version.pk)).status_code == 404


def test_approve_action_skips_what_is_not_awaiting_review(client, secretariat_user, chiyoda_org):
    unconfirmed = make_organisation("未確認", "131016", status=OrganisationStatus.UNCONFIRMED)
    client.force_login(secretariat_user)
    client.post(
        "/admin/participation/organisation/",
        {"action": "approve_selected", "_selected_action": [chiyoda_org.pk, unconfirmed.pk]},
    )
    chiyoda_org.refresh_from_db()
    unconfirmed.refresh_from_db()
    assert chiyoda_org.status == OrganisationStatus.APPROVED
    assert unconfirmed.status == OrganisationStatus.UNCONFIRMED
