import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from emissions.models import CalculationState, Edition, EditionStatus, MunicipalityTarget
from tests.exporting import assert_inert, csv_rows, downloaded

from .helpers import ADACHI_FY2022_ROWS, RESULTS_HEADER, csv_bytes, published_edition

FACTORS = csv_bytes("fiscal_year,energy_source,gas,factor", ["2021,electricity,CO2,0.5"])
ACTIVITY = csv_bytes(
    "fiscal_year,municipality_code,sector,energy_source,amount",
    ["2021,131016,residential,electricity,4"],
)


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.mark.django_db
def test_secretariat_imports_results_in_the_admin(client, secretariat_user):
    client.force_login(secretariat_user)
    data = csv_bytes(RESULTS_HEADER, ADACHI_FY2022_ROWS, encoding="cp932")
    response = client.post(
        "/admin/emissions/edition/import/",
        {"label": "2024年5月公表 (FY2022版)", "file": upload("results.csv", data)},
    )
    edition = Edition.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/emissions/edition/{edition.pk}/change/"
    assert edition.result_count == 9 and edition.created_by == secretariat_user


@pytest.mark.django_db
def test_a_bad_upload_lists_every_error_and_writes_nothing(client, secretariat_user):
    client.force_login(secretariat_user)
    data = csv_bytes(RESULTS_HEADER, ["2022,131210,residential,CO2,1", "2022,131211,x,CO2,-1"])
    response = client.post(
        "/en/admin/emissions/edition/import/",
        {"label": "X", "file": upload("bad.csv", data)},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "3 errors were found" in page
    assert "bad.csv, row 2, column “municipality_code”" in page
    assert "bad.csv, row 3, column “sector”" in page
    assert "bad.csv, row 3, column “value_t_co2e”" in page
    assert not Edition.objects.exists()


@pytest.mark.django_db
def test_secretariat_calculates_an_edition_as_a_job(
    client, secretariat_user, django_capture_on_commit_callbacks
):
    client.force_login(secretariat_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/emissions/edition/calculate/",
            {
                "label": "Calc",
                "gwp_set": "AR5",
                "factors": upload("factors.csv", FACTORS),
                "activity": upload("activity.csv", ACTIVITY),
            },
        )
    assert response.status_code == 302
    edition = Edition.objects.get()
    assert edition.calculation_state == CalculationState.DONE and edition.progress == 100
    page = client.get(response["Location"]).content.decode()
    assert "Publish as the official edition" in page or "公式版として公表" in page


@pytest.mark.django_db
def test_secretariat_publishes_in_the_admin_and_the_move_is_audited(client, secretariat_user):
    from emissions.services import import_results

    edition = import_results(data=csv_bytes(RESULTS_HEADER, ADACHI_FY2022_ROWS), label="D")
    client.force_login(secretariat_user)
    response = client.post(f"/admin/emissions/edition/{edition.pk}/publish/")
    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.status == EditionStatus.OFFICIAL
    page = client.get(f"/en/admin/emissions/edition/{edition.pk}/change/").content.decode()
    assert "publish" in page and "official" in page
    # Publishing twice is refused with a message, not an error page.
    again = client.post(f"/en/admin/emissions/edition/{edition.pk}/publish/", follow=True)
    assert "The edition is already “Official”." in again.content.decode()


@pytest.mark.django_db
def test_municipal_staff_cannot_upload_calculate_or_publish(client, chiyoda_staff):
    from emissions.services import import_results

    edition = import_results(data=csv_bytes(RESULTS_HEADER, ADACHI_FY2022_ROWS), label="D")
    client.force_login(chiyoda_staff)
    assert client.get("/admin/emissions/edition/import/").status_code == 403
    assert client.get("/admin/emissions/edition/calculate/").status_code == 403
    assert client.post(f"/admin/emissions/edition/{edition.pk}/publish/").status_code == 403
    edition.refresh_from_db()
    assert edition.status == EditionStatus.DRAFT


@pytest.mark.django_db
def test_diff_page_and_csv_explain_a_restatement(client, secretariat_user):
    old = published_edition("Old", ["2021,131016,residential,CO2,100"])
    new = published_edition("New", ["2021,131016,residential,CO2,90"])
    client.force_login(secretariat_user)
    page = client.get(f"/en/admin/emissions/edition/diff/?old={old.pk}&new={new.pk}")
    assert "1 figure differs" in page.content.decode()
    csv_response = client.get(
        f"/admin/emissions/edition/diff/?old={old.pk}&new={new.pk}&format=csv"
    )
    lines = downloaded(csv_response).decode("utf-8-sig").splitlines()
    assert lines[1] == "Old,New,2021,131016,residential,CO2,100,90,-10,-10.00,changed"


@pytest.mark.django_db
def test_diff_csv_and_excel_make_hostile_labels_inert(client, secretariat_user):
    from openpyxl import load_workbook

    old = published_edition("=1+1", ["2021,131016,residential,CO2,100"])
    new = published_edition('=HYPERLINK("http://x")', ["2021,131016,residential,CO2,90"])
    client.force_login(secretariat_user)
    url = f"/admin/emissions/edition/diff/?old={old.pk}&new={new.pk}&format="
    rows = csv_rows(client.get(url + "csv"))
    assert_inert(rows, hostile=["=1+1", '=HYPERLINK("http://x")'])
    assert rows[1][6:10] == ["100", "90", "-10", "-10.00"]
    sheet = load_workbook(io.BytesIO(downloaded(client.get(url + "xlsx")))).active
    first = next(sheet.iter_rows(min_row=2))
    assert first[0].value == "=1+1" and first[0].data_type == "s"
    assert first[8].value == -10


@pytest.mark.django_db
def test_targets_are_scoped_to_the_staff_members_municipality(client, chiyoda_staff):
    own = MunicipalityTarget.objects.create(municipality_id="131016", base_year=2013)
    other = MunicipalityTarget.objects.create(municipality_id="132012", base_year=2000)
    client.force_login(chiyoda_staff)
    listed = client.get("/admin/emissions/municipalitytarget/").context["cl"].result_list
    assert list(listed) == [own]
    for suffix in ("change", "history", "delete"):
        url = f"/admin/emissions/municipalitytarget/{other.pk}/{suffix}/"
        assert client.get(url).status_code == 404
    assert client.get(f"/admin/emissions/municipalitytarget/{own.pk}/change/").status_code == 200


@pytest.mark.postgres
def test_a_real_worker_runs_the_calculation(celery_worker_process):
    from django.db import transaction

    from emissions.services import calculate_from_files

    with transaction.atomic():
        edition = calculate_from_files(label="Worker", factors=FACTORS, activity=ACTIVITY)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        edition.refresh_from_db()
        if edition.calculation_state == CalculationState.DONE:
            break
        time.sleep(0.2)
    assert edition.calculation_state == CalculationState.DONE
    assert edition.result_count == 1


@pytest.mark.django_db
def test_admin_pages_render_for_the_secretariat(client, secretariat_user):
    edition = published_edition("E", ADACHI_FY2022_ROWS)
    client.force_login(secretariat_user)
    for url in (
        "/admin/emissions/edition/",
        "/admin/emissions/edition/import/",
        "/admin/emissions/edition/calculate/",
        "/admin/emissions/edition/diff/",
        f"/admin/emissions/edition/{edition.pk}/change/",
        "/admin/emissions/methodversion/",
        "/admin/emissions/municipalitytarget/",
    ):
        assert client.get(url).status_code == 200, url
    # An official edition cannot be deleted; results are never thrown away.
    assert client.get(f"/admin/emissions/edition/{edition.pk}/delete/").status_code == 403


@pytest.mark.django_db
def test_secretariat_imports_populations_in_the_admin(client, secretariat_user):
    from municipalities.models import PopulationRecord

    client.force_login(secretariat_user)
    data = csv_bytes("year,municipality_code,population", ["2021,131211,690000"], bom=True)
    response = client.post(
        "/admin/emissions/edition/populations/",
        {"source": "住民基本台帳", "file": upload("pop.csv", data)},
    )
    assert response.status_code == 302
    assert PopulationRecord.objects.get().population == 690000


@pytest.mark.django_db
def test_the_stored_inputs_reproduce_the_edition_exactly(client, secretariat_user):
    from emissions.models import EmissionResult
    from emissions.services import calculate_from_files

    from .helpers import all_codes

    codes = all_codes()
    original = calculate_from_files(
        label="Original",
        factors=csv_bytes(
            "fiscal_year,energy_source,gas,factor",
            ["2021,kerosene,CO2,2.49", "2021,gasoline,CO2,2.32", "2021,gasoline,CH4,0.00012"],
        ),
        activity=csv_bytes(
            "fiscal_year,municipality_code,sector,energy_source,amount",
            ["2021,130001,residential,kerosene,1000.5", "2021,131016,transport_car,gasoline,7"],
        ),
        indicators=csv_bytes(
            "fiscal_year,municipality_code,indicator,value",
            [f"2021,{code},households,{index + 1}" for index, code in enumerate(codes)],
        ),
        apportionment=csv_bytes(
            "sector,energy_source,indicator", ["residential,kerosene,households"]
        ),
        gwp_set="AR4",
        enqueue=False,
    )
    client.force_login(secretariat_user)
    files = {
        kind: downloaded(client.get(f"/admin/emissions/edition/{original.pk}/inputs/{kind}.csv"))
        for kind in ("factors", "activity", "indicators", "apportionment")
    }
    again = calculate_from_files(label="Again", gwp_set="AR4", enqueue=False, **files)

    def results(edition):
        return set(
            EmissionResult.objects.filter(edition=edition).values_list(
                "municipality_id", "fiscal_year", "sector", "gas", "energy_source", "value"
            )
        )

    assert len(results(original)) == 62 + 2  # apportioned kerosene, then gasoline CO2 and CH4
    assert results(again) == results(original)


@pytest.mark.django_db
def test_inputs_of_a_missing_edition_or_kind_are_refused(client, secretariat_user):
    edition = published_edition("E", ADACHI_FY2022_ROWS)
    client.force_login(secretariat_user)
    assert client.get("/admin/emissions/edition/999999/inputs/factors.csv").status_code == 404
    assert (
        client.get(f"/admin/emissions/edition/{edition.pk}/inputs/secrets.csv").status_code == 403
    )
