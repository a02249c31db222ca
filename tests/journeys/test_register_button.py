"""Found by the organisation's journey: its sign-up button said 申し込む (events' "Register").

Apps share one gettext namespace and the first app in INSTALLED_APPS wins, so participation's
"Register" took the events catalog's 申し込む; it now has its own context.
"""

import pytest

pytestmark = pytest.mark.django_db


def test_the_organisation_sign_up_button_says_register_not_apply(client):
    body = client.get("/participation/register/").content.decode()
    assert '<button type="submit">登録する</button>' in body
    assert "申し込む" not in body
    assert (
        '<button type="submit">Register</button>'
        in client.get("/en/participation/register/").content.decode()
    )
