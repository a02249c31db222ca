"""What the portal hands out imports again to the same records, and recalculates to the same rows.

An edition's downloadable inputs (factors, activity, indicators, apportionment and the direct
estimates of gases without an energy source) are uploaded as a new edition through the admin
and calculated: every result row (gas, sector, source, year) is the same. The open data
(data.csv) and the populations file import again to the same records.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from emissions.codes import Gas
from emissions.demo import build_edition
from emissions.models import Edition, EmissionResult
from emissions.services import INPUT_KINDS, calculate_from_files, import_populations
from municipalities.models import PopulationRecord
from tests.exporting import downloaded

from .helpers import all_codes, csv_bytes

pytestmark = pytest.mark.django_db


def result_rows(edition) -> set[tuple]:
    return set(
        EmissionResult.objects.filter(edition=edition).values_list(
            "municipality_id", "fiscal_year", "sector", "gas", "energy_source", "value"
        )
    )


def total(edition) -> Decimal:
    # Summed here: SQLite sums decimal columns as floats, in an order of its own.
    return sum(EmissionResult.objects.filter(edition=edition).values_list("value", flat=True))


def recalculated_through_the_admin(client, edition, label: str, django_capture_on_commit_callbacks):
    files = {
        kind: downloaded(client.get(f"/admin/emissions/edition/{edition.pk}/inputs/{kind}.csv"))
        for kind in INPUT_KINDS
    }
    posted = {
        "label": label,
        "gwp_set": edition.gwp_set,
        **{kind: SimpleUploadedFile(f"{kind}.csv", data) for kind, data in files.items()},
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/emissions/edition/calculate/", posted)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Edition.objects.get(label=label)


def test_every_gas_sector_source_and_year_survives_the_round_trip(
    client, secretariat_user, django_capture_on_commit_callbacks
):
    codes = all_codes()
    original = calculate_from_files(
        label="All gases",
        factors=csv_bytes(
            "fiscal_year,energy_source,gas,factor",
            [
                "2013,electricity,CO2,0.000525",
                "2022,electricity,CO2,0.000441",
                "2022,city_gas,CO2,2.23",
                "2022,city_gas,CH4,0.0000452",
                "2022,non_energy,N2O,0.00006",
            ],
        ),
        activity=csv_bytes(
            "fiscal_year,municipality_code,sector,energy_source,amount",
            [
                "2013,131016,residential,electricity,1250.125",
                "2022,131016,commercial,electricity,998.5",
                "2022,130001,industry_manufacturing,city_gas,5000",
                "2022,132012,waste,non_energy,42.75",
            ],
        ),
        indicators=csv_bytes(
            "fiscal_year,municipality_code,indicator,value",
            [f"2022,{code},shipments,{index + 1}" for index, code in enumerate(codes)],
        ),
        apportionment=csv_bytes(
            "sector,energy_source,indicator", ["industry_manufacturing,city_gas,shipments"]
        ),
        estimates=csv_bytes(
            "fiscal_year,municipality_code,sector,gas,value_t_co2e",
            [
                "2013,131016,all,HFCs,3120.5",
                "2022,131016,all,HFCs,4100.25",
                "2022,132012,industry_manufacturing,PFCs,12.5",
                "2022,132012,industry_manufacturing,SF6,3.125",
                "2022,131016,commercial,NF3,0.5",
            ],
        ),
        gwp_set="AR5",
        enqueue=False,
    )
    client.force_login(secretariat_user)
    again = recalculated_through_the_admin(
        client, original, "All gases again", django_capture_on_commit_callbacks
    )
    rows = result_rows(original)
    assert {gas for _m, _y, _s, gas, _e, _v in rows} == set(Gas.values)
    assert result_rows(again) == rows
    assert again.result_count == original.result_count == len(rows)


def test_the_demo_edition_recalculates_with_its_hfcs(
    client, secretariat_user, django_capture_on_commit_callbacks
):
    demo = build_edition(label="Demo", years=[2013, 2022], revision=2, gwp_set="AR5")
    hfcs = EmissionResult.objects.filter(edition=demo, gas=Gas.HFCS)
    assert hfcs.count() == 62 * 2
    client.force_login(secretariat_user)
    again = recalculated_through_the_admin(
        client, demo, "Demo again", django_capture_on_commit_callbacks
    )
    assert result_rows(again) == result_rows(demo)
    assert total(again) == total(demo)
    assert EmissionResult.objects.filter(edition=again, gas=Gas.HFCS).count() == 62 * 2


def test_an_estimate_of_a_gas_that_is_also_calculated_is_refused():
    from emissions.services import EmissionsError

    with pytest.raises(EmissionsError) as refused:
        calculate_from_files(
            label="Twice",
            factors=csv_bytes("fiscal_year,energy_source,gas,factor", ["2022,electricity,CO2,0.5"]),
            activity=csv_bytes(
                "fiscal_year,municipality_code,sector,energy_source,amount",
                ["2022,131016,residential,electricity,4"],
            ),
            estimates=csv_bytes(
                "fiscal_year,municipality_code,sector,gas,value_t_co2e",
                ["2022,131016,all,CO2,10"],
            ),
            enqueue=False,
        )
    assert "count twice" in str(refused.value.errors[0])
    assert not Edition.objects.exists()


def test_the_open_data_file_imports_again_to_the_same_figures(client, secretariat_user):
    demo = build_edition(label="Published", years=[2022], revision=2, gwp_set="AR5")
    from emissions.services import import_results, publish_edition

    publish_edition(edition_id=demo.pk)
    data = downloaded(client.get(f"/emissions/data.csv?edition={demo.label}"))
    again = import_results(data=data, label="Published again", actor=secretariat_user)

    # SQLite keeps a decimal column to about 15 significant digits (it stores a float), so
    # a re-imported sum can differ there below a milligram; PostgreSQL's numeric is exact.
    exact = connection.vendor == "postgresql"

    def figures(edition):
        summed = defaultdict(Decimal)
        for *key, value in EmissionResult.objects.filter(edition=edition).values_list(
            "municipality_id", "fiscal_year", "sector", "gas", "value"
        ):
            summed[tuple(key)] += value
        return {k: v if exact else v.quantize(Decimal("0.000001")) for k, v in summed.items()}

    assert figures(again) == figures(demo)
    gases = {key[3] for key in figures(again)}
    assert {"CO2", "CH4", "N2O", "HFCs"} <= gases and len(figures(again)) > 62 * 5


def test_the_populations_file_imports_again_to_the_same_records(client, secretariat_user):
    PopulationRecord.objects.create(
        municipality_id="131016",
        year=2024,
        population=68_000,
        households=38_000,
        as_of=datetime.date(2024, 1, 1),
        source="住民基本台帳",
    )
    PopulationRecord.objects.create(
        municipality_id="133086", year=2024, population=4_800, as_of=datetime.date(2024, 10, 1)
    )

    def records():
        return set(
            PopulationRecord.objects.values_list(
                "municipality_id", "year", "population", "households", "as_of"
            )
        )

    before = records()
    client.force_login(secretariat_user)
    data = downloaded(client.get("/admin/emissions/edition/populations.csv"))
    PopulationRecord.objects.all().delete()
    assert import_populations(data=data, source="再取込", actor=secretariat_user) == 2
    assert records() == before
