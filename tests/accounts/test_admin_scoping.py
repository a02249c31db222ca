"""Staff of one municipality never reach another's records through any admin URL."""

import datetime

import pytest

from municipalities.models import PopulationRecord


@pytest.fixture
def populations(db):
    chiyoda = PopulationRecord.objects.create(
        municipality_id="131016",
        year=2025,
        population=68_000,
        as_of=datetime.date(2025, 1, 1),
        source="住民基本台帳",
    )
    hachioji = PopulationRecord.objects.create(
        municipality_id="132012",
        year=2025,
        population=560_000,
        as_of=datetime.date(2025, 1, 1),
        source="住民基本台帳",
    )
    return chiyoda, hachioji


def admin_url(model: str, *parts) -> str:
    return "/admin/municipalities/" + "/".join([model, *map(str, parts)]) + "/"


def test_list_shows_only_own_municipality(client, chiyoda_staff, populations):
    client.force_login(chiyoda_staff)
    response = client.get(admin_url("populationrecord"))
    assert response.status_code == 200
    shown = list(response.context["cl"].result_list)
    assert shown == [populations[0]]


@pytest.mark.parametrize("suffix", [("change",), ("history",), ("delete",)])
def test_object_urls_of_another_municipality_are_404(client, chiyoda_staff, populations, suffix):
    client.force_login(chiyoda_staff)
    other = populations[1]
    assert client.get(admin_url("populationrecord", other.pk, *suffix)).status_code == 404
    own = populations[0]
    expected_own = 403 if suffix == ("delete",) else 200  # staff may view, not delete
    assert client.get(admin_url("populationrecord", own.pk, *suffix)).status_code == expected_own


def test_municipality_profiles_of_others_are_404(client, chiyoda_staff):
    client.force_login(chiyoda_staff)
    assert client.get(admin_url("municipality", "131016", "change")).status_code == 200
    assert client.get(admin_url("municipality", "132012", "change")).status_code == 404
    assert client.get(admin_url("municipality", "132012", "history")).status_code == 404
    listed = client.get(admin_url("municipality")).context["cl"].result_list
    assert [m.code for m in listed] == ["131016"]


def test_staff_cannot_change_another_municipality_by_post(client, chiyoda_staff):
    client.force_login(chiyoda_staff)
    response = client.post(
        admin_url("municipality", "132012", "change"), {"website": "https://evil.example"}
    )
    assert response.status_code == 404


def test_bulk_delete_cannot_reach_another_municipality(
    client, secretariat_user, chiyoda_staff, populations
):
    client.force_login(chiyoda_staff)
    client.post(
        admin_url("populationrecord"),
        {"action": "delete_selected", "_selected_action": [populations[1].pk], "post": "yes"},
    )
    assert PopulationRecord.objects.filter(pk=populations[1].pk).exists()


def test_autocomplete_offers_only_own_municipality(client, chiyoda_staff):
    client.force_login(chiyoda_staff)
    response = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "municipalities",
            "model_name": "populationrecord",
            "field_name": "municipality",
            "term": "",
        },
    )
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == ["131016"]


def test_secretariat_sees_every_municipality(client, secretariat_user, populations):
    client.force_login(secretariat_user)
    listed = client.get(admin_url("populationrecord")).context["cl"].result_list
    assert set(listed) == set(populations)
    assert client.get(admin_url("populationrecord", populations[1].pk, "change")).status_code == 200


def test_staff_without_municipality_or_role_sees_nothing(client, db, populations):
    from accounts.models import User

    user = User.objects.create_user(email="nobody@example.jp", password="x" * 16, is_staff=True)
    client.force_login(user)
    assert client.get(admin_url("populationrecord")).status_code == 403


def test_municipality_is_fixed_to_own_when_staff_adds_a_record(client, chiyoda_staff):
    from django.contrib.auth.models import Permission

    chiyoda_staff.user_permissions.add(Permission.objects.get(codename="add_populationrecord"))
    client.force_login(chiyoda_staff)
    response = client.post(
        admin_url("populationrecord", "add"),
        {
            "municipality": "132012",
            "year": 2024,
            "population": 1,
            "as_of": "2024-01-01",
            "source": "x",
        },
    )
    assert response.status_code == 302
    assert PopulationRecord.objects.get(year=2024).municipality_id == "131016"
