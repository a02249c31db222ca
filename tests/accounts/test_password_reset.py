"""Staff reset a forgotten password by e-mail; the link works once and signs nobody in."""

import re

import pytest

from accounts.models import User

from .conftest import sign_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a brand new passphrase 62"


def test_sign_in_page_links_the_reset_form(client):
    assert 'href="/admin/password-reset/"' in client.get("/admin/login/").content.decode()


def test_staff_reset_a_forgotten_password_by_e_mail(client, chiyoda_staff, mailoutbox):
    response = client.post("/admin/password-reset/", {"email": chiyoda_staff.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [chiyoda_staff.email]
    assert "ECOネット東京62" in mailoutbox[0].subject
    link = re.search(r"https?://[^/]+(/admin/password-reset/\S+/\S+/)", mailoutbox[0].body)
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    assert "_auth_user_id" not in client.session  # a reset never signs in by itself
    assert sign_in(client, chiyoda_staff.email, NEW_PASSWORD).status_code == 302

    reused = client.get(link.group(1), follow=True)
    assert not reused.context["validlink"]


def test_accounts_that_are_not_staff_get_no_reset_mail(client, mailoutbox):
    User.objects.create_user(email="citizen@example.jp", password="x" * 20)
    response = client.post("/admin/password-reset/", {"email": "citizen@example.jp"})
    assert response.status_code == 302  # the same answer, so addresses cannot be probed
    assert mailoutbox == []


def test_reset_requests_are_rate_limited(client, settings):
    responses = [
        client.post("/admin/password-reset/", {"email": f"x{i}@example.jp"}) for i in range(11)
    ]
    assert responses[-1].status_code == 429
