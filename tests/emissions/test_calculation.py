from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from emissions.models import CalculationState, Edition, EmissionResult
from emissions.services import EmissionsError, calculate_from_files

from .helpers import all_codes, csv_bytes

FACTORS = "fiscal_year,energy_source,gas,factor"
ACTIVITY = "fiscal_year,municipality_code,sector,energy_source,amount"
INDICATORS = "fiscal_year,municipality_code,indicator,value"
RULES = "sector,energy_source,indicator"


def totals(edition, **filters) -> dict:
    result = {}
    for row in EmissionResult.objects.filter(edition=edition, **filters):
        key = (row.municipality_id, row.sector, row.gas)
        result[key] = result.get(key, Decimal(0)) + row.value
    return result


@pytest.mark.django_db
def test_several_sources_sum_activity_times_factor():
    factors = csv_bytes(FACTORS, ["2021,electricity,CO2,0.441", "2021,city_gas,CO2,2.23"])
    activity = csv_bytes(
        ACTIVITY,
        ["2021,131016,residential,electricity,1000", "2021,131016,residential,city_gas,10"],
    )
    edition = calculate_from_files(label="E1", factors=factors, activity=activity, enqueue=False)
    # 1000 MWh × 0.441 + 10 千m³ × 2.23 = 441 + 22.3
    assert totals(edition) == {("131016", "residential", "CO2"): Decimal("463.3")}
    assert edition.calculation_state == CalculationState.DONE
    assert edition.status == "draft"


@pytest.mark.django_db
def test_non_co2_gases_are_weighted_by_the_chosen_gwp_set():
    factors = csv_bytes(
        FACTORS,
        ["2021,gasoline,CO2,2.32", "2021,gasoline,CH4,0.0001", "2021,gasoline,N2O,0.0002"],
    )
    activity = csv_bytes(ACTIVITY, ["2021,131016,transport_car,gasoline,100"])
    ar5 = calculate_from_files(
        label="AR5", factors=factors, activity=activity, gwp_set="AR5", enqueue=False
    )
    ar4 = calculate_from_files(
        label="AR4", factors=factors, activity=activity, gwp_set="AR4", enqueue=False
    )
    assert totals(ar5) == {
        ("131016", "transport_car", "CO2"): Decimal("232"),
        ("131016", "transport_car", "CH4"): Decimal("0.28"),  # 100 × 0.0001 × 28
        ("131016", "transport_car", "N2O"): Decimal("5.3"),  # 100 × 0.0002 × 265
    }
    assert totals(ar4)[("131016", "transport_car", "CH4")] == Decimal("0.25")
    assert totals(ar4)[("131016", "transport_car", "N2O")] == Decimal("5.96")


@pytest.mark.django_db
def test_tokyo_total_is_apportioned_by_the_indicator_of_the_same_year():
    codes = all_codes()
    # Chiyoda has 3 households, every other municipality 1: Σ = 64.
    indicator_rows = [f"2021,{code},households,{3 if code == '131016' else 1}" for code in codes]
    indicator_rows += [f"2020,{code},households,{1}" for code in codes]
    edition = calculate_from_files(
        label="Apportioned",
        factors=csv_bytes(FACTORS, ["2021,kerosene,CO2,2.5"]),
        activity=csv_bytes(ACTIVITY, ["2021,130001,residential,kerosene,640"]),
        indicators=csv_bytes(INDICATORS, indicator_rows),
        apportionment=csv_bytes(RULES, ["residential,kerosene,households"]),
        enqueue=False,
    )
    result = totals(edition)
    assert len(result) == 62
    # 640 kL × 3/64 × 2.5 = 75; 640 × 1/64 × 2.5 = 25
    assert result[("131016", "residential", "CO2")] == Decimal("75")
    assert result[("131024", "residential", "CO2")] == Decimal("25")
    assert sum(result.values()) == Decimal("1600")


@pytest.mark.django_db
def test_apportioned_thirds_keep_twelve_decimal_places():
    codes = all_codes()
    indicator_rows = [f"2021,{code},households,{1 if code in codes[:3] else 0}" for code in codes]
    edition = calculate_from_files(
        label="Thirds",
        factors=csv_bytes(FACTORS, ["2021,kerosene,CO2,1"]),
        activity=csv_bytes(ACTIVITY, ["2021,130001,residential,kerosene,1"]),
        indicators=csv_bytes(INDICATORS, indicator_rows),
        apportionment=csv_bytes(RULES, ["residential,kerosene,households"]),
        enqueue=False,
    )
    assert totals(edition)[(codes[0], "residential", "CO2")] == Decimal("0.333333333333")


def _errors(**files) -> list[str]:
    with pytest.raises(EmissionsError) as caught:
        calculate_from_files(label="Bad", enqueue=False, **files)
    assert not Edition.objects.exists()
    return [str(error) for error in caught.value.errors]


@pytest.mark.django_db
def test_missing_factor_for_a_used_source_is_reported_on_the_activity_row():
    errors = _errors(
        factors=csv_bytes(FACTORS, ["2021,electricity,CO2,0.4"]),
        activity=csv_bytes(
            ACTIVITY,
            ["2021,131016,residential,electricity,1", "2021,131016,residential,lpg,1"],
        ),
    )
    assert len(errors) == 1
    assert "row 3" in errors[0] and "energy_source" in errors[0] and "lpg" in errors[0]


@pytest.mark.django_db
def test_a_key_given_as_tokyo_total_and_as_municipal_rows_is_refused():
    codes = all_codes()
    errors = _errors(
        factors=csv_bytes(FACTORS, ["2021,kerosene,CO2,2.5"]),
        activity=csv_bytes(
            ACTIVITY,
            ["2021,131016,residential,kerosene,1", "2021,130001,residential,kerosene,640"],
        ),
        indicators=csv_bytes(INDICATORS, [f"2021,{code},households,1" for code in codes]),
        apportionment=csv_bytes(RULES, ["residential,kerosene,households"]),
    )
    assert len(errors) == 1
    assert "row 3" in errors[0] and "row 2" in errors[0]


@pytest.mark.django_db
def test_tokyo_total_without_rule_or_complete_indicator_is_refused():
    errors = _errors(
        factors=csv_bytes(FACTORS, ["2021,kerosene,CO2,2.5", "2021,diesel,CO2,2.58"]),
        activity=csv_bytes(
            ACTIVITY,
            ["2021,130001,residential,kerosene,640", "2021,130001,transport_car,diesel,5"],
        ),
        indicators=csv_bytes(INDICATORS, ["2021,131016,households,1"]),
        apportionment=csv_bytes(RULES, ["residential,kerosene,households"]),
    )
    assert len(errors) == 2
    assert "missing for 61 municipalities" in errors[0]
    assert "No apportionment rule" in errors[1]


@pytest.mark.django_db
def test_every_bad_cell_of_every_input_file_is_reported_at_once():
    errors = _errors(
        factors=csv_bytes(
            FACTORS, ["2021,electricity,CO2,0.4", "2021,electricity,CO2,0.5", "2021,coal,CO2,1"]
        ),
        activity=csv_bytes(
            ACTIVITY,
            [
                "2021,131015,residential,electricity,1",  # bad check digit
                "2021,131997,residential,electricity,1",  # valid digit, unknown
                "2021,131016,households,electricity,1",  # unknown sector
                "2021,131016,residential,electricity,-1",  # negative
                "2021,131024,residential,electricity,abc",  # not numeric
                "2021,131032,all,electricity,1",  # "all" is not an activity sector
            ],
        ),
        indicators=csv_bytes("fiscal_year,municipality_code,value", ["2021,131016,1"]),
        apportionment=csv_bytes(RULES, ["residential,kerosene,households"]),
    )
    text = "\n".join(errors)
    assert "factors.csv, row 3" in text and "Duplicate key" in text
    assert "factors.csv, row 4, column “energy_source”" in text
    assert "activity.csv, row 2, column “municipality_code”: 131015 has a bad check digit" in text
    assert "131997 is not one of Tokyo's 62 municipalities" in text
    assert "activity.csv, row 4, column “sector”" in text
    assert "row 5, column “amount”: The value must not be negative" in text
    assert "row 6, column “amount”" in text
    assert "activity.csv, row 7, column “sector”" in text
    assert "indicators.csv, row 1, column “indicator”: The column is missing" in text


@pytest.mark.django_db
def test_calculate_command_exits_non_zero_and_writes_nothing(tmp_path):
    (tmp_path / "f.csv").write_bytes(csv_bytes(FACTORS, ["2021,electricity,CO2,x"]))
    (tmp_path / "a.csv").write_bytes(csv_bytes(ACTIVITY, ["2021,131016,residential,electricity,1"]))
    with pytest.raises(CommandError):
        call_command(
            "calculate_emissions",
            "--edition=X",
            f"--factors={tmp_path / 'f.csv'}",
            f"--activity={tmp_path / 'a.csv'}",
            "--gwp=AR5",
        )
    assert not Edition.objects.exists()


@pytest.mark.django_db
def test_calculate_command_creates_a_draft_edition(tmp_path):
    (tmp_path / "f.csv").write_bytes(csv_bytes(FACTORS, ["2021,electricity,CO2,0.5"]))
    (tmp_path / "a.csv").write_bytes(csv_bytes(ACTIVITY, ["2021,131016,residential,electricity,4"]))
    call_command(
        "calculate_emissions",
        "--edition=2024年5月公表 (FY2021版)",
        f"--factors={tmp_path / 'f.csv'}",
        f"--activity={tmp_path / 'a.csv'}",
        "--gwp=AR4",
    )
    edition = Edition.objects.get()
    assert edition.label == "2024年5月公表 (FY2021版)"
    assert edition.gwp_set == "AR4"
    assert totals(edition) == {("131016", "residential", "CO2"): Decimal("2")}


@pytest.mark.django_db
def test_running_the_calculation_twice_does_not_duplicate_results():
    from emissions.services import calculate_edition

    edition = calculate_from_files(
        label="Twice",
        factors=csv_bytes(FACTORS, ["2021,electricity,CO2,0.5"]),
        activity=csv_bytes(ACTIVITY, ["2021,131016,residential,electricity,4"]),
        enqueue=False,
    )
    calculate_edition(edition_id=edition.pk)
    assert EmissionResult.objects.filter(edition=edition).count() == 1


@pytest.mark.django_db
def test_calculation_is_enqueued_as_a_job_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        edition = calculate_from_files(
            label="Job",
            factors=csv_bytes(FACTORS, ["2021,electricity,CO2,0.5"]),
            activity=csv_bytes(ACTIVITY, ["2021,131016,residential,electricity,4"]),
        )
    edition.refresh_from_db()
    assert edition.calculation_state == CalculationState.DONE
    assert edition.result_count == 1


@pytest.mark.django_db
def test_an_implausibly_large_result_fails_without_leaving_anything():
    with pytest.raises(EmissionsError):
        calculate_from_files(
            label="Huge",
            factors=csv_bytes(FACTORS, ["2021,electricity,CO2,999999999999"]),
            activity=csv_bytes(ACTIVITY, ["2021,131016,residential,electricity,999999999999"]),
            enqueue=False,
        )
    assert not Edition.objects.exists()


@pytest.mark.django_db
def test_a_calculation_whose_lease_ran_out_is_resumed_by_the_beat_task(time_machine, settings):
    from emissions.tasks import resume_abandoned_calculations

    settings.JOB_LEASE_SECONDS = 30
    time_machine.move_to("2026-06-01 09:00:00+09:00", tick=False)
    edition = calculate_from_files(
        label="Stalled",
        factors=csv_bytes(FACTORS, ["2021,electricity,CO2,0.5"]),
        activity=csv_bytes(ACTIVITY, ["2021,131016,residential,electricity,4"]),
    )  # enqueued on commit, which never comes inside the test transaction
    time_machine.move_to("2026-06-01 09:00:29+09:00", tick=False)
    assert resume_abandoned_calculations() == 0  # its message may still be on its way
    time_machine.move_to("2026-06-01 09:00:31+09:00", tick=False)
    assert resume_abandoned_calculations() == 1
    edition.refresh_from_db()
    assert edition.calculation_state == CalculationState.DONE
    assert edition.result_count == 1
    assert resume_abandoned_calculations() == 0  # done: never handed out again
