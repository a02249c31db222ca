"""Repeated failed sign-ins lock the account or the address until the cool-off or an unlock."""

import time

import pytest
import time_machine
from axes.models import AccessAttempt

from accounts.models import AccessEvent, SignInLockout
from accounts.services import AccountsError, unlock_sign_in

from .conftest import sign_in

pytestmark = pytest.mark.django_db

OFFICE = {"REMOTE_ADDR": "203.0.113.7"}


@pytest.fixture(autouse=True)
def _three_failures_lock(settings):
    settings.AXES_FAILURE_LIMIT = 3


def fail(client, email, times, **extra):
    return [sign_in(client, email, "wrong password!!", **extra) for _ in range(times)]


def test_sign_in_locks_after_the_configured_number_of_failures(client, chiyoda_staff):
    responses = fail(client, chiyoda_staff.email, 2, **OFFICE)
    assert [r.status_code for r in responses] == [200, 200]  # the form again, with an error

    locked = sign_in(client, chiyoda_staff.email, "wrong password!!", **OFFICE)
    assert locked.status_code == 429
    assert "Sign-in locked" in locked.content.decode() or "ロック" in locked.content.decode()

    # Even the right password is refused while locked.
    still_locked = sign_in(client, chiyoda_staff.email, **OFFICE)
    assert still_locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessEvent.objects.filter(user=chiyoda_staff, kind=AccessEvent.Kind.LOCKED_OUT).exists()


def test_lockout_message_is_translated(client, chiyoda_staff):
    fail(client, chiyoda_staff.email, 3)
    japanese = sign_in(client, chiyoda_staff.email).content.decode()
    assert "サインインがロックされています" in japanese
    english = client.post(
        "/en/admin/login/", {"username": chiyoda_staff.email, "password": "x"}
    ).content.decode()
    assert "Sign-in locked" in english
    assert "ask the secretariat to unlock" in english


def test_failures_are_counted_per_account_whatever_the_case_typed(client, chiyoda_staff):
    for index, email in enumerate(["STAFF@chiyoda.example.jp", "Staff@Chiyoda.example.jp"]):
        sign_in(client, email, "wrong", REMOTE_ADDR=f"198.51.100.{index}")
    sign_in(client, chiyoda_staff.email, "wrong", REMOTE_ADDR="198.51.100.9")
    assert sign_in(client, chiyoda_staff.email, REMOTE_ADDR="198.51.100.10").status_code == 429


def test_one_address_guessing_many_accounts_is_locked(client, chiyoda_staff, hachioji_staff):
    sign_in(client, "nobody@example.jp", "guess", **OFFICE)
    sign_in(client, "someone@example.jp", "guess", **OFFICE)
    sign_in(client, "anyone@example.jp", "guess", **OFFICE)
    assert sign_in(client, hachioji_staff.email, **OFFICE).status_code == 429
    # The accounts themselves are not locked from elsewhere.
    assert sign_in(client, hachioji_staff.email, REMOTE_ADDR="192.0.2.1").status_code == 302


def test_lockout_ends_after_the_cool_off(client, chiyoda_staff, settings):
    fail(client, chiyoda_staff.email, 3)
    assert sign_in(client, chiyoda_staff.email).status_code == 429
    cool_off_seconds = settings.AXES_COOLOFF_TIME.total_seconds()
    with time_machine.travel(time.time() + cool_off_seconds + 60):
        assert sign_in(client, chiyoda_staff.email).status_code == 302


def test_a_successful_sign_in_resets_the_count(client, chiyoda_staff):
    fail(client, chiyoda_staff.email, 2)
    assert sign_in(client, chiyoda_staff.email).status_code == 302
    client.post("/admin/logout/")
    fail(client, chiyoda_staff.email, 2)
    assert sign_in(client, chiyoda_staff.email).status_code == 302


def test_secretariat_unlocks_an_account_from_the_user_list(client, secretariat_user, chiyoda_staff):
    fail(client, chiyoda_staff.email, 3, **OFFICE)
    assert sign_in(client, chiyoda_staff.email, **OFFICE).status_code == 429

    secretariat = client.__class__()
    secretariat.force_login(secretariat_user)
    response = secretariat.post(
        "/admin/accounts/user/",
        {"action": "unlock_sign_in_action", "_selected_action": [chiyoda_staff.pk]},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=chiyoda_staff.email).exists()
    assert sign_in(client, chiyoda_staff.email, **OFFICE).status_code == 302
    assert AccessEvent.objects.filter(user=chiyoda_staff, kind=AccessEvent.Kind.UNLOCKED).exists()


def test_secretariat_unlocks_an_address_from_the_lockout_list(
    client, secretariat_user, hachioji_staff
):
    for guess in ("a@example.jp", "b@example.jp", "c@example.jp"):
        sign_in(client, guess, "guess", **OFFICE)
    assert sign_in(client, hachioji_staff.email, **OFFICE).status_code == 429

    secretariat = client.__class__()
    secretariat.force_login(secretariat_user)
    listing = secretariat.get("/admin/accounts/signinlockout/")
    assert listing.status_code == 200
    attempts = list(listing.context["cl"].result_list)
    assert {a.ip_address for a in attempts} == {"203.0.113.7"}
    secretariat.post(
        "/admin/accounts/signinlockout/",
        {"action": "unlock_action", "_selected_action": [attempts[0].pk]},
    )
    assert not SignInLockout.objects.exists()
    assert sign_in(client, hachioji_staff.email, **OFFICE).status_code == 302


def test_municipal_staff_cannot_see_or_unlock_lockouts(client, chiyoda_staff, hachioji_staff):
    fail(client, hachioji_staff.email, 3)
    client.force_login(chiyoda_staff)
    assert client.get("/admin/accounts/signinlockout/").status_code == 403
    assert client.get("/admin/accounts/user/").status_code == 403
    with pytest.raises(AccountsError):
        unlock_sign_in(user_id=hachioji_staff.pk, actor=chiyoda_staff)
    assert AccessAttempt.objects.filter(username=hachioji_staff.email).exists()
