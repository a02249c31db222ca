"""Activity reports: moderation before publication, and edits moderated again."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from core.audit import audit_trail
from participation import services
from participation.models import Activity, ActivityVersion, VersionStatus
from participation.workflow import VERSION_WORKFLOW

from .conftest import content, png_bytes, png_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(school, school_member, secretariat_user):
    activity = services.submit_activity(
        organisation_id=school.pk,
        actor=school_member,
        content=content(),
        photos=[(png_file(), "教室の窓のゴーヤ")],
    )
    services.approve_activity_version(version_id=activity.versions.get().pk, actor=secretariat_user)
    activity.refresh_from_db()
    return activity


def test_submitted_activity_waits_for_moderation(client, school, school_member):
    activity = services.submit_activity(
        organisation_id=school.pk, actor=school_member, content=content()
    )
    assert activity.versions.get().status == VersionStatus.PENDING
    assert activity.published_version is None
    assert client.get(activity.get_absolute_url()).status_code == 404
    assert not Activity.objects.public().exists()


def test_approved_activity_is_public_with_its_photo(client, published):
    response = client.get(published.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "ゴーヤのグリーンカーテン" in body
    assert 'alt="教室の窓のゴーヤ"' in body
    assert published.published_at is not None


def test_edit_waits_while_the_public_keeps_the_approved_text(
    client, published, school_member, secretariat_user, django_capture_on_commit_callbacks
):
    version = services.revise_activity(
        activity_id=published.pk, actor=school_member, content=content(title="改訂したタイトル")
    )
    assert version.status == VersionStatus.PENDING
    assert version.photos.count() == 1  # the photo carries over to the proposed version
    body = client.get(published.get_absolute_url()).content.decode()
    assert "ゴーヤのグリーンカーテン" in body and "改訂したタイトル" not in body

    with django_capture_on_commit_callbacks(execute=True):
        services.approve_activity_version(version_id=version.pk, actor=secretariat_user)
    body = client.get(published.get_absolute_url()).content.decode()
    assert "改訂したタイトル" in body
    statuses = list(
        ActivityVersion.objects.filter(activity=published)
        .order_by("pk")
        .values_list("status", flat=True)
    )
    assert statuses == [VersionStatus.SUPERSEDED, VersionStatus.APPROVED]
    assert mail.outbox[-1].to == [published.organisation.email]


def test_returned_edit_leaves_the_published_version(
    client, published, school_member, secretariat_user
):
    version = services.revise_activity(
        activity_id=published.pk, actor=school_member, content=content(title="不適切な改訂")
    )
    with pytest.raises(services.ParticipationError):
        services.reject_activity_version(version_id=version.pk, actor=secretariat_user, note="")
    services.reject_activity_version(
        version_id=version.pk, actor=secretariat_user, note="個人名を削除してください"
    )
    published.refresh_from_db()
    assert published.published_version.title == "ゴーヤのグリーンカーテン"
    assert "不適切な改訂" not in client.get(published.get_absolute_url()).content.decode()


def test_second_edit_replaces_the_waiting_one(published, school_member):
    first = services.revise_activity(
        activity_id=published.pk, actor=school_member, content=content(title="改訂1")
    )
    second = services.revise_activity(
        activity_id=published.pk, actor=school_member, content=content(title="改訂2")
    )
    assert first.pk == second.pk
    assert published.versions.pending().get().title == "改訂2"


def test_edit_can_remove_and_add_photos(published, school_member):
    old_photo = published.published_version.photos.get()
    version = services.revise_activity(
        activity_id=published.pk,
        actor=school_member,
        content=content(),
        new_photos=[(png_file("new.png"), "新しい写真")],
        removed_photo_ids=frozenset({old_photo.pk}),
    )
    assert list(version.photos.values_list("alt_text", flat=True)) == ["新しい写真"]
    assert published.published_version.photos.get().pk == old_photo.pk


@pytest.mark.parametrize("from_state", list(VersionStatus))
@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_moderation_follows_the_state_map(from_state, decision, published, secretariat_user):
    version = (
        ActivityVersion.objects.create(
            activity=published,
            status=from_state,
            **{k: v for k, v in content().__dict__.items()},
        )
        if from_state != VersionStatus.PENDING
        else services.revise_activity(
            activity_id=published.pk,
            actor=published.organisation.memberships.get().user,
            content=content(),
        )
    )
    target = VersionStatus.APPROVED if decision == "approve" else VersionStatus.REJECTED
    service = (
        services.approve_activity_version
        if decision == "approve"
        else services.reject_activity_version
    )
    kwargs = {"version_id": version.pk, "actor": secretariat_user}
    if decision == "reject":
        kwargs["note"] = "理由"
    if VERSION_WORKFLOW.leads(from_state, target):
        service(**kwargs)
        version.refresh_from_db()
        assert version.status == target
        assert audit_trail(version).first().to_state == target
    else:
        with pytest.raises(services.ParticipationError):
            service(**kwargs)
        version.refresh_from_db()
        assert version.status == from_state


def test_only_the_secretariat_moderates(published, school_member, chiyoda_staff):
    version = services.revise_activity(
        activity_id=published.pk, actor=school_member, content=content(title="改訂")
    )
    for actor in (school_member, chiyoda_staff):
        with pytest.raises(services.ParticipationError):
            services.approve_activity_version(version_id=version.pk, actor=actor)
    assert version.status == VersionStatus.PENDING


def test_future_activities_and_unexplained_co2_are_refused(school, school_member):
    with time_machine.travel("2026-08-01 10:00 +09:00", tick=False):
        with pytest.raises(services.ParticipationError):
            services.submit_activity(
                organisation_id=school.pk,
                actor=school_member,
                content=content(held_on=datetime.date(2026, 8, 2)),
            )
        with pytest.raises(services.ParticipationError):
            services.submit_activity(
                organisation_id=school.pk, actor=school_member, content=content(co2_method=" ")
            )
    assert not Activity.objects.exists()


def test_withdrawn_activity_leaves_the_public_site(client, published, secretariat_user):
    services.withdraw_activity(activity_id=published.pk, actor=secretariat_user, reason="誤掲載")
    assert client.get(published.get_absolute_url()).status_code == 404
    services.restore_activity(activity_id=published.pk, actor=secretariat_user)
    assert client.get(published.get_absolute_url()).status_code == 200


def activity_post(**overrides):
    data = {
        "title": "花壇づくり",
        "held_on": "2026-06-10",
        "municipality": "131016",
        "category": "greenery",
        "description": "校庭に花壇をつくりました。",
        "participants": "40",
        "estimated_co2_kg": "",
        "co2_method": "",
        "photo_alt": "",
    }
    data.update(overrides)
    return data


def test_report_form_with_a_photo(client, school_member):
    client.force_login(school_member)
    photo = SimpleUploadedFile("flowers.png", png_bytes(), content_type="image/png")
    response = client.post(
        "/participation/account/activities/new/",
        activity_post(photo=photo, photo_alt="花壇と児童"),
    )
    assert response.status_code == 302
    version = ActivityVersion.objects.get()
    assert version.photos.get().alt_text == "花壇と児童"
    assert client.get(response["Location"]).status_code == 200


def test_report_form_refuses_a_file_that_is_not_an_image(client, school_member):
    client.force_login(school_member)
    fake = SimpleUploadedFile("evil.png", b"<script>alert(1)</script>", content_type="image/png")
    response = client.post(
        "/participation/account/activities/new/", activity_post(photo=fake, photo_alt="x")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["photo"]
    assert not ActivityVersion.objects.exists()


def test_report_form_needs_the_co2_method(client, school_member):
    client.force_login(school_member)
    response = client.post(
        "/participation/account/activities/new/", activity_post(estimated_co2_kg="100")
    )
    assert response.context["form"].errors["co2_method"]


def test_unapproved_organisation_cannot_report(client, school, school_member, secretariat_user):
    services.suspend_organisation(organisation_id=school.pk, actor=secretariat_user, reason="確認")
    client.force_login(school_member)
    response = client.post("/participation/account/activities/new/", activity_post())
    assert response.status_code == 200
    assert not ActivityVersion.objects.exists()


def test_edit_form_goes_back_through_moderation(client, published, school_member):
    client.force_login(school_member)
    response = client.post(
        f"/participation/account/activities/{published.pk}/edit/",
        activity_post(title="編集後のタイトル"),
    )
    assert response.status_code == 302
    assert published.versions.pending().get().title == "編集後のタイトル"
    published.refresh_from_db()
    assert published.published_version.title == "ゴーヤのグリーンカーテン"


def test_contest_link_leads_to_the_open_contest_entry_form_prefilled(
    client, published, school_member
):
    from tests.contests.helpers import make_contest

    make_contest("entries_open", year=2027)
    client.force_login(school_member)
    response = client.post(f"/participation/account/activities/{published.pk}/contest/")
    assert response.status_code == 302
    assert response["Location"].startswith("/contests/2027/enter/?source=participation")
    assert f"activity={published.pk}" in response["Location"]
    form = client.get(response["Location"]).context["form"]
    assert form.initial["title"] == published.published_version.title
    assert form.initial["category"].kind == "activity"
    assert form.initial["entrant_type"] == "school"
    assert form.initial["municipality"].pk == published.published_version.municipality_id
    assert published.get_absolute_url() in form.initial["description"]


def test_contest_link_explains_when_no_contest_is_open(client, published, school_member):
    from tests.contests.helpers import make_contest

    make_contest("judging", year=2026)
    client.force_login(school_member)
    response = client.post(f"/participation/account/activities/{published.pk}/contest/")
    assert response["Location"] == f"/participation/account/activities/{published.pk}/"


def test_contest_link_explains_when_no_contest_takes_entries(
    client, published, school_member, monkeypatch
):
    from participation.views import workspace

    client.force_login(school_member)
    monkeypatch.setattr(workspace, "CONTEST_ENTRY_URL_NAME", "contests:no-such-view")
    response = client.post(f"/participation/account/activities/{published.pk}/contest/")
    assert response.status_code == 302
    assert response["Location"] == f"/participation/account/activities/{published.pk}/"
