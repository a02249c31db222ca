"""A new staff member enrols an authenticator in a real browser and signs in with codes."""

import pytest
from playwright.sync_api import expect

from accounts.models import AccessEvent

from .conftest import PASSWORD, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_new_staff_member_enrols_an_authenticator_and_signs_in_with_a_code(
    live_server, page, chiyoda_staff, two_factor_required
):
    page.goto(live_server.url + "/en/admin/")
    page.get_by_label("E-mail address").fill(chiyoda_staff.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.wait_for_url("**/en/admin/two-factor/enrol/**")
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    expect(page.get_by_role("img", name="QR code")).to_be_visible()
    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Code from the app").fill(totp_code(secret))
    page.get_by_role("button", name="Confirm").click()

    page.wait_for_url("**/en/admin/two-factor/recovery-codes/**")
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="I have saved them, continue").click()
    page.wait_for_url(live_server.url + "/en/admin/")
    expect(page.get_by_role("heading", name="Program administration")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/en/admin/logout/")

    page.goto(live_server.url + "/en/admin/")
    page.get_by_label("E-mail address").fill(chiyoda_staff.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/en/admin/two-factor/verify/**")
    # The enrolment code was used; the app's next code (30 seconds on) is accepted early.
    page.get_by_label("Code").fill(totp_code(secret, steps_ahead=1))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(live_server.url + "/en/admin/")
    expect(page.get_by_role("heading", name="Program administration")).to_be_visible()

    kinds = list(
        AccessEvent.objects.filter(user=chiyoda_staff).order_by("pk").values_list("kind", flat=True)
    )
    assert kinds == [
        AccessEvent.Kind.SIGNED_IN,
        AccessEvent.Kind.AUTHENTICATOR_ENROLLED,
        AccessEvent.Kind.SIGNED_OUT,
        AccessEvent.Kind.SIGNED_IN,
        AccessEvent.Kind.SECOND_FACTOR_PASSED,
    ]


def test_enrolment_page_fits_a_360px_phone(
    live_server, phone_page, chiyoda_staff, two_factor_required
):
    phone_page.goto(live_server.url + "/admin/")
    phone_page.locator("#id_username").fill(chiyoda_staff.email)
    phone_page.locator("#id_password").fill(PASSWORD)
    phone_page.locator("#login-form [type=submit]").click()
    phone_page.wait_for_url("**/admin/two-factor/enrol/**")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
