"""Once two-factor sign-in is required, a password alone reaches no admin page."""

import time

import pytest
import time_machine
from django.core.management import call_command
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AccessEvent
from accounts.services import (
    AccountsError,
    issue_recovery_codes,
    reset_two_factor,
    verify_second_factor,
)

from .conftest import enrol_authenticator, sign_in, totp_code

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    "/admin/",
    "/en/admin/",
    "/admin/accounts/user/",
    "/admin/municipalities/municipality/",
    "/admin/municipalities/populationrecord/",
    "/admin/password_change/",
]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_password_alone_reaches_no_admin_page_once_required(
    client, chiyoda_staff, two_factor_required, path
):
    enrol_authenticator(chiyoda_staff)
    assert sign_in(client, chiyoda_staff.email).status_code == 302
    response = client.get(path)
    assert response.status_code == 302
    assert "/admin/two-factor/verify/?next=" in response["Location"]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_staff_without_authenticator_are_sent_to_enrol(
    client, secretariat_user, two_factor_required, path
):
    sign_in(client, secretariat_user.email)
    response = client.get(path)
    assert response.status_code == 302
    assert "/admin/two-factor/enrol/" in response["Location"]


def test_no_registered_admin_page_opens_without_the_second_factor(
    client, secretariat_user, two_factor_required
):
    from django.contrib import admin
    from django.urls import reverse

    enrol_authenticator(secretariat_user)
    sign_in(client, secretariat_user.email)
    pages = [reverse("admin:index")]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        pages += [
            reverse("admin:{}_{}_changelist".format(*info)),
            reverse("admin:{}_{}_add".format(*info)),
        ]
        pages.append(reverse("admin:app_list", args=[model._meta.app_label]))
    assert len(pages) > 10
    for page in pages:
        response = client.get(page)
        assert response.status_code == 302, page
        assert "/admin/two-factor/verify/" in response["Location"], page


def test_forced_login_without_second_factor_is_also_stopped(
    client, secretariat_user, two_factor_required
):
    client.force_login(secretariat_user)
    assert client.get("/admin/accounts/user/").status_code == 302


def test_half_signed_in_staff_are_visitors_outside_the_admin(
    client, chiyoda_staff, two_factor_required
):
    sign_in(client, chiyoda_staff.email)
    response = client.get("/")
    assert response.status_code == 200
    assert response.wsgi_request.user.is_anonymous


def test_enrolment_shows_a_secret_and_accepts_a_code_computed_from_it(
    client, chiyoda_staff, two_factor_required
):
    sign_in(client, chiyoda_staff.email)
    page = client.get("/admin/two-factor/enrol/?next=/admin/")
    assert page.status_code == 200
    assert page.context["qr_code"].startswith("data:image/svg+xml;base64,")
    secret = page.context["secret"]

    wrong = client.post("/admin/two-factor/enrol/", {"code": "000000", "next": "/admin/"})
    assert wrong.status_code == 200 and wrong.context["form"].errors
    assert not TOTPDevice.objects.filter(user=chiyoda_staff, confirmed=True).exists()

    with time_machine.travel(time.time() + 8):  # past the throttle back-off
        response = client.post(
            "/admin/two-factor/enrol/", {"code": totp_code(secret), "next": "/admin/"}
        )
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/two-factor/recovery-codes/")
    codes_page = client.get(response["Location"])
    assert len(codes_page.context["codes"]) == 10
    assert client.get("/admin/two-factor/recovery-codes/").context["codes"] is None
    assert client.get("/admin/").status_code == 200
    assert AccessEvent.objects.filter(
        user=chiyoda_staff, kind=AccessEvent.Kind.AUTHENTICATOR_ENROLLED
    ).exists()


def test_a_password_alone_cannot_replace_an_enrolled_authenticator(
    client, chiyoda_staff, two_factor_required
):
    enrol_authenticator(chiyoda_staff)
    sign_in(client, chiyoda_staff.email)
    response = client.get("/admin/two-factor/enrol/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/two-factor/verify/")


def test_sign_in_with_a_current_code_reaches_the_admin(client, chiyoda_staff, two_factor_required):
    device = enrol_authenticator(chiyoda_staff)
    sign_in(client, chiyoda_staff.email)
    response = client.post(
        "/admin/two-factor/verify/", {"code": totp_code(device.bin_key), "next": "/admin/"}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/municipalities/populationrecord/").status_code == 200


def test_a_wrong_code_is_refused(client, chiyoda_staff, two_factor_required):
    device = enrol_authenticator(chiyoda_staff)
    sign_in(client, chiyoda_staff.email)
    wrong = str((int(totp_code(device.bin_key)) + 1) % 1_000_000).zfill(6)
    response = client.post("/admin/two-factor/verify/", {"code": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert client.get("/admin/").status_code == 302
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.SECOND_FACTOR_FAILED).count() == 1


def test_a_code_is_accepted_only_once(client, chiyoda_staff, two_factor_required):
    device = enrol_authenticator(chiyoda_staff)
    with time_machine.travel("2026-04-01 10:00:05 +09:00", tick=False):
        code = totp_code(device.bin_key)
        sign_in(client, chiyoda_staff.email)
        assert client.post("/admin/two-factor/verify/", {"code": code}).status_code == 302
        client.post("/admin/logout/")

        sign_in(client, chiyoda_staff.email)
        response = client.post("/admin/two-factor/verify/", {"code": code})
        assert response.status_code == 200
        assert response.context["form"].errors["code"]
        assert client.get("/admin/").status_code == 302


def test_a_recovery_code_signs_in_once(client, chiyoda_staff, two_factor_required):
    enrol_authenticator(chiyoda_staff)
    codes = issue_recovery_codes(user=chiyoda_staff)
    sign_in(client, chiyoda_staff.email)
    assert client.post("/admin/two-factor/verify/", {"code": codes[0]}).status_code == 302
    assert client.get("/admin/").status_code == 200
    assert StaticToken.objects.filter(token=codes[0]).count() == 0
    client.post("/admin/logout/")

    sign_in(client, chiyoda_staff.email)
    with time_machine.travel(time.time() + 1):
        response = client.post("/admin/two-factor/verify/", {"code": codes[0]})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert client.get("/admin/").status_code == 302
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.RECOVERY_CODE_USED).count() == 1


def test_new_recovery_codes_replace_the_old_ones(chiyoda_staff):
    enrol_authenticator(chiyoda_staff)
    old = issue_recovery_codes(user=chiyoda_staff)
    new = issue_recovery_codes(user=chiyoda_staff)
    with pytest.raises(AccountsError):
        verify_second_factor(user=chiyoda_staff, code=old[0])
    with time_machine.travel(time.time() + 2):  # past the back-off after a wrong code
        assert verify_second_factor(user=chiyoda_staff, code=new[0]) is not None


def test_staff_who_enrolled_need_the_code_even_when_not_required(client, chiyoda_staff):
    enrol_authenticator(chiyoda_staff)
    sign_in(client, chiyoda_staff.email)
    assert client.get("/admin/").status_code == 302


def test_without_the_requirement_staff_sign_in_with_a_password(client, chiyoda_staff):
    sign_in(client, chiyoda_staff.email)
    assert client.get("/admin/").status_code == 200


def test_secretariat_resets_a_lost_authenticator(
    client, secretariat_user, chiyoda_staff, two_factor_required
):
    enrol_authenticator(chiyoda_staff)
    issue_recovery_codes(user=chiyoda_staff)
    secretariat_device = enrol_authenticator(secretariat_user)
    sign_in(client, secretariat_user.email)
    client.post("/admin/two-factor/verify/", {"code": totp_code(secretariat_device.bin_key)})

    response = client.post(
        "/admin/accounts/user/",
        {"action": "reset_two_factor_action", "_selected_action": [chiyoda_staff.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=chiyoda_staff).exists()
    assert not StaticToken.objects.filter(device__user=chiyoda_staff).exists()
    assert AccessEvent.objects.filter(
        user=chiyoda_staff, kind=AccessEvent.Kind.TWO_FACTOR_RESET
    ).exists()

    staff_client = client.__class__()
    sign_in(staff_client, chiyoda_staff.email)
    assert staff_client.get("/admin/")["Location"].startswith("/admin/two-factor/enrol/")


def test_a_two_factor_reset_ends_the_sessions_a_lost_phone_may_hold(
    client, secretariat_user, chiyoda_staff, two_factor_required
):
    device = enrol_authenticator(chiyoda_staff)
    sign_in(client, chiyoda_staff.email)
    client.post("/admin/two-factor/verify/", {"code": totp_code(device.bin_key)})
    assert client.get("/admin/").status_code == 200

    reset_two_factor(user_id=chiyoda_staff.pk, actor=secretariat_user)

    # Not sent to enrol (which would let the phone's holder add an app): signed out.
    response = client.get("/admin/two-factor/enrol/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_only_the_secretariat_resets_two_factor(chiyoda_staff, hachioji_staff):
    enrol_authenticator(hachioji_staff)
    with pytest.raises(AccountsError):
        reset_two_factor(user_id=hachioji_staff.pk, actor=chiyoda_staff)
    assert TOTPDevice.objects.filter(user=hachioji_staff).exists()


def test_deploy_check_warns_when_two_factor_is_not_required(settings, capsys):
    from accounts.checks import two_factor_required_in_production

    settings.STAFF_TWO_FACTOR_REQUIRED = False
    assert [w.id for w in two_factor_required_in_production(None)] == ["accounts.W001"]
    settings.STAFF_TWO_FACTOR_REQUIRED = True
    assert two_factor_required_in_production(None) == []
    call_command("check")


def test_the_server_operator_resets_two_factor_from_the_console(chiyoda_staff):
    import io

    enrol_authenticator(chiyoda_staff)
    issue_recovery_codes(user=chiyoda_staff)
    out = io.StringIO()
    call_command("reset_two_factor", "STAFF@chiyoda.example.jp", stdout=out)
    assert "reset" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=chiyoda_staff).exists()
    assert not StaticToken.objects.filter(device__user=chiyoda_staff).exists()
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.TWO_FACTOR_RESET)
    assert event.what == "manage.py reset_two_factor"
