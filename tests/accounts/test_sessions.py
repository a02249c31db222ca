"""Signed-in sessions end after inactivity, at browser close, and on a password change."""

import time

import pytest
import time_machine
from django.test import Client

from accounts.models import AccessEvent

from .conftest import PASSWORD, sign_in

pytestmark = pytest.mark.django_db


def test_session_ends_after_the_idle_timeout(client, chiyoda_staff, settings):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 30
    start = time.time()
    with time_machine.travel(start, tick=False):
        sign_in(client, chiyoda_staff.email)
        assert client.get("/admin/").status_code == 200
    with time_machine.travel(start + 31 * 60, tick=False):
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    assert AccessEvent.objects.filter(
        user=chiyoda_staff, kind=AccessEvent.Kind.SESSION_EXPIRED
    ).exists()
    assert not AccessEvent.objects.filter(kind=AccessEvent.Kind.SIGNED_OUT).exists()


def test_activity_keeps_the_session_alive(client, chiyoda_staff, settings):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 30
    start = time.time()
    for minutes in (0, 20, 40, 60, 80):
        with time_machine.travel(start + minutes * 60, tick=False):
            if minutes == 0:
                sign_in(client, chiyoda_staff.email)
            assert client.get("/admin/").status_code == 200


def test_session_ends_twelve_hours_after_sign_in_however_active(client, chiyoda_staff):
    start = time.time()
    with time_machine.travel(start, tick=False):
        sign_in(client, chiyoda_staff.email)
    for minutes in range(25, 12 * 60, 25):
        with time_machine.travel(start + minutes * 60, tick=False):
            assert client.get("/admin/").status_code == 200, minutes
    with time_machine.travel(start + 12 * 60 * 60 + 60, tick=False):
        assert client.get("/admin/").status_code == 302


def test_idle_timeout_can_be_turned_off(client, chiyoda_staff, settings):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 0
    start = time.time()
    with time_machine.travel(start, tick=False):
        sign_in(client, chiyoda_staff.email)
        client.get("/admin/")
    with time_machine.travel(start + 3 * 60 * 60, tick=False):
        assert client.get("/admin/").status_code == 200


def test_idle_timeout_is_configurable(client, chiyoda_staff, settings):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 5
    start = time.time()
    with time_machine.travel(start, tick=False):
        sign_in(client, chiyoda_staff.email)
        client.get("/admin/")
    with time_machine.travel(start + 6 * 60, tick=False):
        assert client.get("/admin/").status_code == 302


def test_session_cookie_ends_when_the_browser_closes(client, chiyoda_staff):
    response = sign_in(client, chiyoda_staff.email)
    cookie = response.cookies["sessionid"]
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert cookie["httponly"]


def test_a_password_change_signs_out_every_other_session(chiyoda_staff):
    laptop, phone = Client(), Client()
    sign_in(laptop, chiyoda_staff.email)
    sign_in(phone, chiyoda_staff.email)
    assert phone.get("/admin/").status_code == 200

    response = laptop.post(
        "/admin/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "a much longer passphrase 2026",
            "new_password2": "a much longer passphrase 2026",
        },
    )
    assert response.status_code == 302
    assert laptop.get("/admin/").status_code == 200  # the session that changed it stays
    assert phone.get("/admin/").status_code == 302
    assert AccessEvent.objects.filter(
        user=chiyoda_staff, kind=AccessEvent.Kind.PASSWORD_CHANGED
    ).exists()


def test_passwords_need_twelve_characters_and_not_a_common_one(client, chiyoda_staff):
    sign_in(client, chiyoda_staff.email)
    for weak in ("short1!", "password1234"):
        response = client.post(
            "/admin/password_change/",
            {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak},
        )
        assert response.status_code == 200
        assert response.context["form"].errors["new_password2"]


def test_secretariat_signs_an_account_out_of_every_browser(client, secretariat_user, chiyoda_staff):
    laptop, phone = Client(), Client()
    sign_in(laptop, chiyoda_staff.email)
    sign_in(phone, chiyoda_staff.email)
    client.force_login(secretariat_user)

    response = client.post(
        "/admin/accounts/user/",
        {"action": "sign_out_everywhere_action", "_selected_action": [chiyoda_staff.pk]},
    )

    assert response.status_code == 302
    assert laptop.get("/admin/").status_code == 302
    assert phone.get("/admin/").status_code == 302
    assert client.get("/admin/").status_code == 200  # the secretariat's own session stays
    assert sign_in(laptop, chiyoda_staff.email).status_code == 302  # a new sign-in works
    assert laptop.get("/admin/").status_code == 200
    assert AccessEvent.objects.filter(
        user=chiyoda_staff, kind=AccessEvent.Kind.SIGNED_OUT_EVERYWHERE
    ).exists()


def test_existing_sessions_survive_until_a_generation_is_raised(client, chiyoda_staff):
    assert chiyoda_staff.session_generation == 0
    client.force_login(chiyoda_staff)
    from django.contrib.auth.base_user import AbstractBaseUser

    assert chiyoda_staff.get_session_auth_hash() == AbstractBaseUser.get_session_auth_hash(
        chiyoda_staff
    )
    assert client.get("/admin/").status_code == 200


def test_visitors_pages_do_not_vary_on_the_session_cookie(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Cookie" not in response.get("Vary", "")
