"""Found by the journeys: admin pages named no icon, so browsers logged a 404 for /favicon.ico."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/admin/login/", "/admin/", "/admin/grants/application/add/"])
def test_admin_pages_name_the_sites_icon(client, chiyoda_staff, path):
    client.force_login(chiyoda_staff)
    body = client.get(path, follow=True).content.decode()
    assert 'rel="icon" href="/static/img/favicon.svg"' in body
