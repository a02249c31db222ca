from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core.models import AuditEntry
from emissions.models import Edition, EmissionResult
from emissions.services import EmissionsError, import_results

from .helpers import csv_bytes

HEADER = "fiscal_year,municipality_code,sector,gas,value_t_co2e"
GOOD_ROWS = [
    "2022,131211,residential,CO2,828400",
    "2022,131211,all,HFCs,156400.5",
]


def _import(data: bytes, label: str = "2024年5月公表 (FY2022版)") -> Edition:
    return import_results(data=data, label=label)


def _errors(data: bytes) -> list[str]:
    with pytest.raises(EmissionsError) as caught:
        _import(data)
    assert not Edition.objects.exists()
    assert not EmissionResult.objects.exists()
    return [str(error) for error in caught.value.errors]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "encoding,bom",
    [("utf-8", False), ("utf-8", True), ("shift_jis", False), ("cp932", False)],
    ids=["utf8", "utf8-bom", "shift_jis", "cp932"],
)
def test_results_import_accepts_utf8_bom_and_shift_jis(encoding, bom):
    # A Japanese label in the file proves the decoding: the note column is not allowed,
    # so the Japanese text sits in the header's neighbour, the edition label.
    data = csv_bytes(HEADER, GOOD_ROWS, encoding=encoding, bom=bom)
    edition = _import(data)
    values = dict(EmissionResult.objects.values_list("gas", "value"))
    assert values == {"CO2": Decimal("828400"), "HFCs": Decimal("156400.5")}
    assert edition.status == "draft"
    assert edition.result_count == 2
    assert edition.fiscal_years == [2022]


@pytest.mark.django_db
def test_shift_jis_file_with_full_width_digits_is_read():
    data = "\n".join([HEADER, "２０２２,１３１２１１,residential,ＣＯ２,１００"]).encode("cp932")
    _import(data)
    assert EmissionResult.objects.get().value == Decimal("100")


@pytest.mark.django_db
def test_lf_line_endings_and_a_blank_last_line_are_fine():
    _import((HEADER + "\n" + GOOD_ROWS[0] + "\n\n").encode())
    assert EmissionResult.objects.count() == 1


@pytest.mark.django_db
def test_header_columns_may_come_in_any_order():
    _import(
        csv_bytes(
            "gas,value_t_co2e,sector,municipality_code,fiscal_year", ["CO2,5,waste,131016,2021"]
        )
    )
    result = EmissionResult.objects.get()
    assert (result.municipality_id, result.sector, result.value) == ("131016", "waste", 5)


@pytest.mark.django_db
def test_every_bad_row_is_reported_and_nothing_is_written():
    errors = _errors(
        csv_bytes(
            HEADER,
            [
                "2022,131211,residential,CO2,1",  # good
                "2022,131210,residential,CO2,1",  # bad check digit
                "2022,131997,residential,CO2,1",  # unknown municipality
                "2022,130001,residential,CO2,1",  # Tokyo total cannot be published
                "2022,131211,homes,CO2,1",  # unknown sector
                "2022,131211,commercial,CO3,1",  # unknown gas
                "2022,131211,residential,CO2,2",  # duplicate of row 2
                "2022,131211,waste,CO2,-4",  # negative
                "2022,131211,transport_car,CO2,1t",  # not numeric
                "20x2,131211,transport_rail,CO2,1",  # bad year
                "2022,131211,waste,CH4,",  # missing value
                "2022,131211",  # short row
            ],
        )
    )
    assert errors == [
        "results.csv, row 3, column “municipality_code”: 131210 has a bad check digit.",
        "results.csv, row 4, column “municipality_code”: "
        "131997 is not one of Tokyo's 62 municipalities.",
        "results.csv, row 5, column “municipality_code”: "
        "130001 (Tokyo-wide total) is not allowed in this file.",
        "results.csv, row 6, column “sector”: Unknown code “homes”.",
        "results.csv, row 7, column “gas”: Unknown code “CO3”.",
        "results.csv, row 8, column “sector”: Duplicate key: the same as row 2.",
        "results.csv, row 9, column “value_t_co2e”: The value must not be negative.",
        "results.csv, row 10, column “value_t_co2e”: “1t” is not a number.",
        "results.csv, row 11, column “fiscal_year”: “20x2” is not a fiscal year (e.g. 2021).",
        "results.csv, row 12, column “value_t_co2e”: The value is missing.",
        "results.csv, row 13, column “—”: Expected 5 cells, found 2.",
    ]


@pytest.mark.django_db
def test_missing_unknown_and_repeated_columns_are_reported_on_the_header_row():
    errors = _errors(
        csv_bytes("fiscal_year,municipality_code,sector,gas,gas,extra", ["1,2,3,4,5,6"])
    )
    assert errors == [
        "results.csv, row 1, column “value_t_co2e”: The column is missing.",
        "results.csv, row 1, column “gas”: The column appears twice.",
        "results.csv, row 1, column “extra”: Unknown column.",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "The file is empty."),
        (HEADER.encode(), "The file has no data rows."),
        ("\ufeff".join(["", HEADER]).encode("utf-16"), "The file is UTF-16"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\xfd", "not a CSV"),
        (b"\x81\x00\xff\xfe\x80\x80", "neither UTF-8 nor Shift_JIS"),
        (b'fiscal_year,municipality_code,sector,gas,value_t_co2e\n"2022,1', "Not valid CSV"),
    ],
    ids=["empty", "header-only", "utf16", "binary", "undecodable", "unclosed-quote"],
)
def test_files_that_are_not_csv_text_are_refused(data, message):
    errors = _errors(data)
    assert any(message in error for error in errors), errors


@pytest.mark.django_db
def test_a_gas_both_unsplit_and_by_sector_would_count_twice():
    errors = _errors(csv_bytes(HEADER, ["2022,131211,all,CO2,10", "2022,131211,residential,CO2,4"]))
    assert errors == [
        "results.csv, row 2, column “sector”: CO2 is also given by sector (row 3): "
        "it would count twice."
    ]


@pytest.mark.django_db
def test_a_label_in_use_is_never_overwritten():
    first = _import(csv_bytes(HEADER, GOOD_ROWS))
    with pytest.raises(EmissionsError):
        _import(csv_bytes(HEADER, ["2022,131016,waste,CO2,1"]), label=first.label)
    assert EmissionResult.objects.filter(edition=first).count() == 2


@pytest.mark.django_db
def test_thousands_separators_in_quoted_cells_are_read():
    _import(csv_bytes(HEADER, ['2022,131211,residential,CO2,"1,234,567.5"']))
    assert EmissionResult.objects.get().value == Decimal("1234567.5")


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["1e5", "NaN", "Infinity", "1,23", "0x10", "1.0000000000001"])
def test_odd_numbers_are_refused(value):
    errors = _errors(csv_bytes(HEADER, [f'2022,131211,residential,CO2,"{value}"']))
    assert len(errors) == 1 and "value_t_co2e" in errors[0]


@pytest.mark.django_db
def test_import_command_writes_every_error_and_exits_non_zero(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes(HEADER, ["2022,131210,residential,CO2,1", "2022,131211,x,CO2,1"]))
    with pytest.raises(CommandError):
        call_command("import_emission_results", str(path), "--edition=X")
    err = capsys.readouterr().err
    assert "row 2" in err and "row 3" in err
    assert not Edition.objects.exists()


@pytest.mark.django_db
def test_import_command_creates_a_draft_and_an_audit_entry(tmp_path):
    path = tmp_path / "results.csv"
    path.write_bytes(csv_bytes(HEADER, GOOD_ROWS, encoding="cp932"))
    call_command("import_emission_results", str(path), "--edition=2024年5月公表 (FY2022版)")
    edition = Edition.objects.get()
    assert edition.status == "draft"
    assert AuditEntry.objects.filter(action="import", object_id=str(edition.pk)).exists()


@pytest.mark.django_db
def test_empty_trailing_columns_from_a_spreadsheet_are_ignored():
    _import(csv_bytes(HEADER + ",,", ["2022,131211,residential,CO2,5,,"]))
    assert EmissionResult.objects.get().value == 5


@pytest.mark.django_db
def test_a_value_in_a_column_without_a_name_is_refused():
    errors = _errors(csv_bytes(HEADER + ",", ["2022,131211,residential,CO2,5,oops"]))
    assert errors == ["results.csv, row 2, column “—”: A value stands in a column without a name."]


@pytest.mark.django_db
def test_populations_are_imported_and_updated_all_or_nothing():
    from emissions.services import import_populations
    from municipalities.models import PopulationRecord

    header = "year,municipality_code,population,households"
    assert import_populations(data=csv_bytes(header, ["2021,131016,66000,"]), source="A") == 1
    import_populations(data=csv_bytes(header, ["2021,131016,67000,38000"]), source="住民基本台帳")
    record = PopulationRecord.objects.get()
    assert (record.population, record.households, record.source) == (67000, 38000, "住民基本台帳")
    with pytest.raises(EmissionsError) as caught:
        import_populations(
            data=csv_bytes(header, ["2022,131016,1,", "2022,131015,5.5,", "2022,131016,2,"]),
            source="B",
        )
    assert [str(e) for e in caught.value.errors] == [
        "populations.csv, row 3, column “municipality_code”: 131015 has a bad check digit.",
        "populations.csv, row 3, column “population”: A count must be a whole number.",
        "populations.csv, row 4, column “municipality_code”: Duplicate key: the same as row 2.",
    ]
    assert PopulationRecord.objects.count() == 1
