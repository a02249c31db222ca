"""Organisation accounts: sign-in with brute-force protection, reset, invitations, no admin."""

import re

import pytest
import time_machine
from django.core import mail

from accounts.models import User
from participation import links, services
from participation.models import Membership, OrganisationStatus
from participation.views.signin import ACCOUNT_FAILURES, ADDRESS_FAILURES, _is_locked

from .conftest import PASSWORD, make_organisation

pytestmark = pytest.mark.django_db

LOGIN = "/participation/login/"


def sign_in(client, email, password, address="203.0.113.5"):
    return client.post(LOGIN, {"email": email, "password": password}, REMOTE_ADDR=address)


def test_member_signs_in_and_reaches_the_dashboard(client, school_member):
    response = sign_in(client, "TEACHER@school.example.jp", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/participation/account/"
    assert client.get("/participation/account/").status_code == 200


def test_sign_in_follows_only_local_next(client, school_member):
    response = client.post(
        LOGIN, {"email": school_member.email, "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/participation/account/"
    client.logout()
    response = client.post(
        LOGIN,
        {"email": school_member.email, "password": PASSWORD, "next": "/participation/campaigns/x/"},
    )
    assert response["Location"] == "/participation/campaigns/x/"


def test_wrong_password_is_refused_with_a_message(client, school_member):
    response = sign_in(client, school_member.email, "wrong password!!")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "_auth_user_id" not in client.session


def test_staff_cannot_use_the_organisation_sign_in(client, chiyoda_staff):
    response = sign_in(client, chiyoda_staff.email, "correct horse battery")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_organisation_member_never_reaches_the_admin(client, school_member):
    sign_in(client, school_member.email, PASSWORD)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert client.get("/admin/participation/organisation/").status_code == 302
    client.logout()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": school_member.email, "password": PASSWORD}
    )
    assert response.status_code == 200  # the admin's form refuses non-staff accounts
    assert client.get("/admin/").status_code == 302


def test_the_organisation_sign_in_keeps_its_limits_5_per_account_20_per_address_15_minutes():
    assert (ACCOUNT_FAILURES.limit, ADDRESS_FAILURES.limit) == (5, 20)
    assert ACCOUNT_FAILURES.seconds == ADDRESS_FAILURES.seconds == 15 * 60


def test_account_is_locked_after_repeated_failures_even_for_the_right_password(
    client, school_member
):
    for _ in range(ACCOUNT_FAILURES.limit - 1):
        response = sign_in(client, school_member.email, "wrong password!!")
        assert "15" not in str(response.context["form"].non_field_errors())
    response = sign_in(client, school_member.email, "wrong password!!")
    assert "15" in str(response.context["form"].non_field_errors())
    # From another address, with the right password: still locked (per-account lock).
    response = sign_in(client, school_member.email, PASSWORD, address="198.51.100.9")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_lock_message_is_translated(client, school_member):
    for _ in range(ACCOUNT_FAILURES.limit):
        response = sign_in(client, school_member.email, "wrong password!!")
    assert "ロック" in str(response.context["form"].non_field_errors())


def test_unknown_addresses_are_locked_too_so_the_lock_reveals_nothing(client):
    for _ in range(ACCOUNT_FAILURES.limit):
        sign_in(client, "nobody@example.jp", "wrong password!!")
    assert _is_locked("nobody@example.jp", "192.0.2.1")


def test_one_address_trying_many_accounts_is_locked(client, school_member):
    for number in range(ADDRESS_FAILURES.limit):
        sign_in(client, f"guess{number}@example.jp", "wrong password!!", address="192.0.2.77")
    response = sign_in(client, school_member.email, PASSWORD, address="192.0.2.77")
    assert "_auth_user_id" not in client.session
    assert response.context["form"].non_field_errors()
    # The member can still sign in from their own address.
    assert sign_in(client, school_member.email, PASSWORD).status_code == 302


def test_successful_sign_in_clears_the_account_failures(client, school_member):
    for _ in range(ACCOUNT_FAILURES.limit - 1):
        sign_in(client, school_member.email, "wrong password!!")
    assert sign_in(client, school_member.email, PASSWORD).status_code == 302
    client.logout()
    sign_in(client, school_member.email, "wrong password!!")
    assert not _is_locked(school_member.email, "203.0.113.5")


def test_password_reset_by_e_mail(client, school_member):
    response = client.post("/participation/password-reset/", {"email": school_member.email})
    assert response.status_code == 302
    link = re.search(r"/participation/password-reset/\S+/\S+/", mail.outbox[-1].body).group(0)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    new_password = "a brand new goya password"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302
    school_member.refresh_from_db()
    assert school_member.check_password(new_password)


def test_password_reset_sends_nothing_to_staff(client, chiyoda_staff):
    client.post("/participation/password-reset/", {"email": chiyoda_staff.email})
    assert mail.outbox == []


def invite(client, member, email, callbacks):
    client.force_login(member)
    with callbacks(execute=True):
        return client.post("/participation/account/invite/", {"email": email})


def test_colleague_joins_through_the_signed_invitation(
    client, school, school_member, django_capture_on_commit_callbacks
):
    invite(client, school_member, "colleague@school.example.jp", django_capture_on_commit_callbacks)
    link = re.search(r"/participation/invitation/\S+/", mail.outbox[-1].body).group(0)
    client.logout()
    response = client.post(
        link, {"full_name": "同僚 花子", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    colleague = User.objects.get(email="colleague@school.example.jp")
    assert colleague.is_staff is False
    assert colleague.participation_membership.organisation == school
    assert client.get("/participation/account/").status_code == 200


def test_expired_invitation_is_refused(client, school):
    with time_machine.travel("2026-06-01 09:00 +09:00", tick=False):
        token = links.invitation_token(organisation_id=school.pk, email="x@example.jp")
    with time_machine.travel("2026-06-09 09:00 +09:00", tick=False):
        response = client.get(f"/participation/invitation/{token}/")
    assert response.status_code == 400


def test_invitation_to_an_existing_account_is_refused(
    client, school_member, chiyoda_staff, django_capture_on_commit_callbacks
):
    invite(client, school_member, chiyoda_staff.email, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert not Membership.objects.filter(user=chiyoda_staff).exists()


def test_suspended_organisation_cannot_invite(school, school_member, secretariat_user):
    services.suspend_organisation(organisation_id=school.pk, actor=secretariat_user, reason="確認")
    with pytest.raises(services.ParticipationError):
        services.invite_member(organisation_id=school.pk, actor=school_member, email="n@e.jp")


def test_staff_with_a_membership_row_is_still_not_a_member(chiyoda_staff):
    organisation = make_organisation("団体", "131016", status=OrganisationStatus.APPROVED)
    Membership.objects.create(user=chiyoda_staff, organisation=organisation)
    assert services.membership_of(chiyoda_staff) is None


def test_sign_out(client, school_member):
    client.force_login(school_member)
    assert client.post("/participation/logout/").status_code == 302
    assert client.get("/participation/account/").status_code == 302
