"""Numbers in the emissions files have the bounds of their columns and their meaning.

A value past them is a row error (file, row, column, reason) on the admin page and on the
command line, never a traceback or a 500.
"""

import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from emissions.models import Edition
from emissions.services import EmissionsError, import_populations, import_results
from municipalities.models import PopulationRecord

from .helpers import RESULTS_HEADER, csv_bytes

pytestmark = pytest.mark.django_db
POPULATION_HEADER = "year,municipality_code,population,households"


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("2024,131016,3000000000,", "population"),  # past the column (and all of Tokyo)
        ("2024,131016,15000001,", "population"),
        ("2024,131016,68000,9999999999", "households"),
        ("2024,131016,٦٨٠٠٠,", "population"),  # Arabic-Indic digits
        ("2024,131016,6²,", "population"),
        ("2024,131016,-5,", "population"),
        ("2024,131016,68000.5,", "population"),
        ("2099,131016,68000,", "year"),  # statistics are never ahead
        ("1989,131016,68000,", "year"),
        ("２⁰２４,131016,68000,", "year"),
    ],
)
def test_a_population_past_its_bounds_is_a_row_error(secretariat_user, row, column):
    with pytest.raises(EmissionsError) as refused:
        import_populations(
            data=csv_bytes(POPULATION_HEADER, [row]), source="test", actor=secretariat_user
        )
    assert [error.column for error in refused.value.errors] == [column]
    assert not PopulationRecord.objects.exists()


def test_full_width_digits_are_a_population():
    assert import_populations(
        data=csv_bytes(POPULATION_HEADER, ["２０２４,131016,６８０００,"]), source="t"
    )
    assert PopulationRecord.objects.get().population == 68000


def test_the_command_lists_the_row_error_instead_of_a_traceback(tmp_path):
    path = tmp_path / "populations.csv"
    path.write_bytes(csv_bytes(POPULATION_HEADER, ["2024,131016,3000000000,"]))
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_populations", str(path), source="test", stderr=errors)
    assert "row 2" in errors.getvalue() and "population" in errors.getvalue()


def test_the_admin_import_lists_the_row_error_instead_of_a_500(client, secretariat_user):
    client.force_login(secretariat_user)
    data = csv_bytes(POPULATION_HEADER, ["2024,131016,3000000000,"])
    response = client.post(
        "/en/admin/emissions/edition/populations/",
        {"source": "test", "file": SimpleUploadedFile("pop.csv", data, content_type="text/csv")},
    )
    assert response.status_code == 200
    assert "3,000,000,000 is more than 15,000,000" in response.content.decode()


@time_machine.travel("2027-03-31 23:30+09:00")
def test_an_emissions_file_for_a_future_fiscal_year_is_refused():
    rows = ["2099,131016,residential,CO2,100", "2027,131016,residential,CO2,100"]
    with pytest.raises(EmissionsError) as refused:
        import_results(data=csv_bytes(RESULTS_HEADER, rows), label="Future")
    # 31 March 23:30 JST is still FY2026: both years lie ahead.
    assert [(error.row, error.column) for error in refused.value.errors] == [
        (2, "fiscal_year"),
        (3, "fiscal_year"),
    ]
    assert not Edition.objects.exists()


@time_machine.travel("2027-04-01 00:30+09:00")
def test_the_current_fiscal_year_is_read_in_tokyo():
    import_results(data=csv_bytes(RESULTS_HEADER, ["2027,131016,residential,CO2,100"]), label="Now")


@pytest.mark.parametrize("value", ["١٠٠", "1²", "1e3"])
def test_an_emission_value_in_other_digits_is_refused(value):
    with pytest.raises(EmissionsError) as refused:
        import_results(
            data=csv_bytes(RESULTS_HEADER, [f"2022,131016,residential,CO2,{value}"]), label="X"
        )
    assert [error.column for error in refused.value.errors] == ["value_t_co2e"]
