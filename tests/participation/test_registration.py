"""Registration → e-mail confirmation → the secretariat's decision, and the state map."""

import re

import pytest
import time_machine
from django.core import mail

from core.audit import audit_trail
from participation import links, services
from participation.models import Organisation, OrganisationStatus
from participation.workflow import ORGANISATION_WORKFLOW

from .conftest import PASSWORD, make_organisation

pytestmark = pytest.mark.django_db

REGISTRATION = {
    "name_ja": "千代田区立みどり小学校",
    "name_en": "Midori Elementary School",
    "kind": "school",
    "municipality": "131016",
    "address": "東京都千代田区1-1-1",
    "website": "",
    "contact_name": "緑川 先生",
    "email": "Teacher@Midori.example.jp",
    "phone": "",
    "password1": PASSWORD,
    "password2": PASSWORD,
    "agree": "on",
    "website_url": "",
}


def confirmation_link() -> str:
    return re.search(r"http\S+/participation/confirm/\S+/", mail.outbox[-1].body).group(0)


def register(client, django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/participation/register/", {**REGISTRATION, **overrides})


def test_registration_confirmation_and_approval_publish_the_organisation(
    client, django_capture_on_commit_callbacks, secretariat_user
):
    response = register(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    organisation = Organisation.objects.get(name_ja="千代田区立みどり小学校")
    assert organisation.status == OrganisationStatus.UNCONFIRMED
    assert organisation.email == "teacher@midori.example.jp"
    member = organisation.memberships.get().user
    assert member.is_staff is False and member.check_password(PASSWORD)
    assert client.get(organisation.get_absolute_url()).status_code == 404
    assert mail.outbox[-1].to == ["teacher@midori.example.jp"]

    link = confirmation_link()
    response = client.get(link.split("8000", 1)[-1].split("testserver", 1)[-1])
    assert response.status_code == 200
    organisation.refresh_from_db()
    assert organisation.status == OrganisationStatus.AWAITING_REVIEW
    assert organisation.email_confirmed_at is not None
    assert client.get(organisation.get_absolute_url()).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        services.approve_organisation(organisation_id=organisation.pk, actor=secretariat_user)
    organisation.refresh_from_db()
    assert organisation.status == OrganisationStatus.APPROVED
    assert organisation.approved_at is not None
    assert client.get(organisation.get_absolute_url()).status_code == 200
    assert "approved" in mail.outbox[-1].subject or "承認" in mail.outbox[-1].subject
    actions = [entry.action for entry in audit_trail(organisation)]
    assert actions == ["approve", "confirm_email", "register"]


def test_confirming_twice_changes_nothing(django_capture_on_commit_callbacks, client):
    register(client, django_capture_on_commit_callbacks)
    organisation = Organisation.objects.get()
    token = links.confirmation_token(organisation)
    services.confirm_organisation_email(token=token)
    services.confirm_organisation_email(token=token)
    assert [e.action for e in audit_trail(organisation)] == ["confirm_email", "register"]


def test_expired_confirmation_link_is_refused(client, django_capture_on_commit_callbacks):
    with time_machine.travel("2026-06-01 09:00 +09:00", tick=False):
        register(client, django_capture_on_commit_callbacks)
        token = links.confirmation_token(Organisation.objects.get())
    with time_machine.travel("2026-06-05 09:00 +09:00", tick=False):
        response = client.get(f"/participation/confirm/{token}/")
    assert response.status_code == 400
    assert Organisation.objects.get().status == OrganisationStatus.UNCONFIRMED


def test_tampered_confirmation_link_is_refused(client):
    response = client.get("/participation/confirm/eyJvIjoxfQ:forged:signature/")
    assert response.status_code == 400


def test_registration_refuses_an_address_that_already_has_an_account(
    client, django_capture_on_commit_callbacks, chiyoda_staff
):
    response = register(client, django_capture_on_commit_callbacks, email=chiyoda_staff.email)
    assert response.status_code == 200
    assert "already exists" in response.content.decode() or "既に" in response.content.decode()
    assert not Organisation.objects.exists()


def test_registration_form_errors_are_shown(client, django_capture_on_commit_callbacks):
    response = register(client, django_capture_on_commit_callbacks, password2="different words")
    assert response.status_code == 200
    assert response.context["form"].errors["password2"]
    assert not Organisation.objects.exists()


def test_honeypot_refuses_bots(client, django_capture_on_commit_callbacks):
    response = register(
        client, django_capture_on_commit_callbacks, website_url="http://spam.example"
    )
    assert response.status_code == 200
    assert not Organisation.objects.exists()
    assert mail.outbox == []


def test_registration_is_rate_limited(client, settings, django_capture_on_commit_callbacks):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "public_form": {"limit": 2, "seconds": 3600}}
    for _ in range(2):
        client.post("/participation/register/", {"name_ja": ""})
    assert client.post("/participation/register/", {"name_ja": ""}).status_code == 429


DECISIONS = {
    "approve": (OrganisationStatus.APPROVED, services.approve_organisation),
    "reject": (OrganisationStatus.REJECTED, services.reject_organisation),
    "suspend": (OrganisationStatus.SUSPENDED, services.suspend_organisation),
    "reinstate": (OrganisationStatus.APPROVED, services.reinstate_organisation),
}
REINSTATE_ONLY_FROM = {OrganisationStatus.SUSPENDED}
APPROVE_ONLY_FROM = {OrganisationStatus.AWAITING_REVIEW}


@pytest.mark.parametrize("from_state", list(OrganisationStatus))
@pytest.mark.parametrize("decision", list(DECISIONS))
def test_every_decision_follows_the_state_map(from_state, decision, secretariat_user):
    organisation = make_organisation("団体", "131016", status=from_state)
    target, service = DECISIONS[decision]
    kwargs = {"organisation_id": organisation.pk, "actor": secretariat_user}
    if decision in ("reject", "suspend"):
        kwargs["reason"] = "理由"
    allowed = decision in ORGANISATION_WORKFLOW.moves_from(from_state)
    if allowed:
        service(**kwargs)
        organisation.refresh_from_db()
        assert organisation.status == target
        entry = audit_trail(organisation).first()
        assert (entry.from_state, entry.to_state, entry.actor) == (
            from_state,
            target,
            secretariat_user,
        )
    else:
        with pytest.raises(services.ParticipationError):
            service(**kwargs)
        organisation.refresh_from_db()
        assert organisation.status == from_state


def test_state_map_is_the_documented_one():
    assert {
        name: (move.sources, move.target) for name, move in ORGANISATION_WORKFLOW.moves.items()
    } == {
        "confirm_email": (("unconfirmed",), "awaiting_review"),
        "approve": (("awaiting_review",), "approved"),
        "reject": (("awaiting_review",), "rejected"),
        "suspend": (("approved",), "suspended"),
        "reinstate": (("suspended",), "approved"),
    }


@pytest.mark.parametrize("service", [services.reject_organisation, services.suspend_organisation])
def test_rejection_and_suspension_need_a_reason(service, secretariat_user):
    status = (
        OrganisationStatus.AWAITING_REVIEW
        if service is services.reject_organisation
        else OrganisationStatus.APPROVED
    )
    organisation = make_organisation("団体", "131016", status=status)
    with pytest.raises(services.ParticipationError):
        service(organisation_id=organisation.pk, actor=secretariat_user, reason="  ")
    organisation.refresh_from_db()
    assert organisation.status == status


def test_rejection_reason_is_sent_and_kept(secretariat_user, django_capture_on_commit_callbacks):
    organisation = make_organisation("団体", "131016", status=OrganisationStatus.AWAITING_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_organisation(
            organisation_id=organisation.pk, actor=secretariat_user, reason="所在地が都外です"
        )
    organisation.refresh_from_db()
    assert organisation.decision_reason == "所在地が都外です"
    assert "所在地が都外です" in mail.outbox[-1].body


@pytest.mark.parametrize("actor_fixture", ["chiyoda_staff", "editor_user", "school_member"])
def test_only_the_secretariat_decides(actor_fixture, request):
    actor = request.getfixturevalue(actor_fixture)
    organisation = make_organisation("団体", "131016", status=OrganisationStatus.AWAITING_REVIEW)
    with pytest.raises(services.ParticipationError):
        services.approve_organisation(organisation_id=organisation.pk, actor=actor)
    organisation.refresh_from_db()
    assert organisation.status == OrganisationStatus.AWAITING_REVIEW


def test_suspended_organisation_disappears_from_the_public_site(client, school, secretariat_user):
    assert client.get(school.get_absolute_url()).status_code == 200
    services.suspend_organisation(
        organisation_id=school.pk, actor=secretariat_user, reason="確認中"
    )
    assert client.get(school.get_absolute_url()).status_code == 404
