import pytest
from django.core.exceptions import ValidationError

from municipalities.codes import check_digit, is_valid_code, validate_municipality_code
from municipalities.loading import read_municipalities
from municipalities.models import Municipality


def test_every_shipped_code_has_a_valid_check_digit():
    rows = read_municipalities()
    assert len(rows) == 62
    assert all(is_valid_code(row["code"]) for row in rows)


def test_check_digit_of_chiyoda():
    assert check_digit("13101") == 6


@pytest.mark.parametrize("code", ["131017", "13101", "1310166", "abcdef", "１３１０１６"])
def test_invalid_codes_are_refused(code):
    with pytest.raises(ValidationError):
        validate_municipality_code(code)


@pytest.mark.django_db
def test_migration_loads_62_municipalities_by_region():
    assert Municipality.objects.count() == 62
    assert Municipality.objects.in_region("special_wards").count() == 23
    assert Municipality.objects.in_region("tama").count() == 30
    assert Municipality.objects.in_region("islands").count() == 9
    assert Municipality.objects.filter(kind="city").count() == 26
    assert Municipality.objects.filter(kind="town").count() == 5
    assert Municipality.objects.filter(kind="village").count() == 8


@pytest.mark.django_db
def test_two_toshimas_are_told_apart_by_code():
    toshimas = Municipality.objects.filter(name_en="Toshima").order_by("code")
    assert [m.name_ja for m in toshimas] == ["豊島区", "利島村"]


@pytest.mark.django_db
def test_index_groups_by_region_with_counts(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        response = client.get("/municipalities/")
    assert response.status_code == 200
    regions = {
        region["code"]: len(region["municipalities"]) for region in response.context["regions"]
    }
    assert regions == {"special_wards": 23, "tama": 30, "islands": 9}
    assert "千代田区" in response.text


@pytest.mark.django_db
def test_profile_in_both_languages(client):
    japanese = client.get("/municipalities/131016/")
    english = client.get("/en/municipalities/131016/")
    assert japanese.status_code == english.status_code == 200
    assert "千代田区" in japanese.text and '<html lang="ja">' in japanese.text
    assert "Chiyoda" in english.text and '<html lang="en">' in english.text


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["999999", "131017", "<script>"])
def test_unknown_code_is_404(client, code):
    assert client.get(f"/municipalities/{code}/").status_code == 404


@pytest.mark.django_db
def test_api_lists_the_62(client):
    response = client.get("/api/municipalities/")
    assert response.status_code == 200
    data = response.json()
    assert len(data) == 62
    assert data[0] == {
        "code": "131016",
        "name_ja": "千代田区",
        "name_en": "Chiyoda",
        "kana": "ちよだく",
        "kind": "ward",
        "region": "special_wards",
        "website": "",
    }
    assert client.get("/api/municipalities/131016").json()["name_en"] == "Chiyoda"
    assert client.get("/api/municipalities/000000").status_code == 404
