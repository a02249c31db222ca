"""An emissions calculation whose worker is killed mid-way finishes under the next worker
within a minute, with exactly a clean run's result rows. Real worker, beat, Redis and
PostgreSQL; the figures print with -s."""

import time

import pytest
from django.utils import timezone

from core.audit import audit_trail
from emissions.models import CalculationState, Edition, EmissionResult
from emissions.services import calculate_from_files
from tests.workers import kill, start_beat, start_like, stop, wait_until

from .helpers import all_codes, csv_bytes

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

FACTORS = "fiscal_year,energy_source,gas,factor"
ACTIVITY = "fiscal_year,municipality_code,sector,energy_source,amount"
YEARS = range(2013, 2023)
SECTORS = ["residential", "commercial", "industry_manufacturing", "transport_car", "waste"]
SOURCES = ["electricity", "city_gas", "lpg", "kerosene"]
GASES = {"CO2": "0.441", "CH4": "0.0001", "N2O": "0.00002"}


def large_inputs() -> dict[str, bytes]:
    """62 municipalities × 10 years × 5 sectors × 4 sources × 3 gases: 37,200 result rows,
    enough that the calculation takes seconds and the kill lands inside it."""
    factors = [
        f"{year},{source},{gas},{factor}"
        for year in YEARS
        for source in SOURCES
        for gas, factor in GASES.items()
    ]
    activity = [
        f"{year},{code},{sector},{source},{1000 + index * 7 + year}.125"
        for index, code in enumerate(all_codes())
        for year in YEARS
        for sector in SECTORS
        for source in SOURCES
    ]
    return {"factors": csv_bytes(FACTORS, factors), "activity": csv_bytes(ACTIVITY, activity)}


def result_rows(edition) -> list[tuple]:
    return sorted(
        EmissionResult.objects.filter(edition=edition).values_list(
            "municipality_id", "fiscal_year", "sector", "gas", "energy_source", "value"
        )
    )


def state(edition) -> str:
    return Edition.objects.values_list("calculation_state", flat=True).get(pk=edition.pk)


def test_a_calculation_killed_mid_way_finishes_within_a_minute_with_a_clean_runs_rows(
    request, tmp_path, secretariat_user
):
    inputs = large_inputs()
    clean = calculate_from_files(label="Clean run", enqueue=False, **inputs)
    expected = result_rows(clean)
    assert len(expected) == 62 * len(YEARS) * len(SECTORS) * len(SOURCES) * len(GASES)

    worker = request.getfixturevalue("celery_worker_process")
    started = time.monotonic()
    edition = calculate_from_files(label="Killed run", actor=secretariat_user, **inputs)
    wait_until(lambda: state(edition) == CalculationState.RUNNING, timeout=60, what="the start")
    time.sleep(0.3)  # into the calculation
    env = kill(worker)
    killed_after = time.monotonic() - started
    assert state(edition) == CalculationState.RUNNING, "it finished before the kill: enlarge it"
    assert not EmissionResult.objects.filter(edition=edition).exists()  # all rows or none

    restarted, restarted_at = time.monotonic(), timezone.now()
    replacement, beat = start_like(worker, env), start_beat(env, tmp_path)
    try:
        wait_until(lambda: state(edition) != CalculationState.RUNNING, timeout=120, what="the rest")
    finally:
        stop(replacement, beat)
    resumed_in = time.monotonic() - restarted

    edition.refresh_from_db()
    calculated = [e.created_at for e in audit_trail(edition) if e.action == "calculated"]
    print(
        f"\nemissions calculation of {len(expected)} result rows, worker SIGKILLed"
        f" {killed_after:.1f} s after the request; after the restart it finished in"
        f" {resumed_in:.1f} s (lease {env.get('JOB_LEASE_SECONDS', '30')} s, sweep 15 s)"
    )
    assert edition.calculation_state == CalculationState.DONE, edition.failure
    assert resumed_in < 60
    assert result_rows(edition) == expected  # every row once, each value a clean run's
    assert edition.result_count == len(expected)
    assert len(calculated) == 1
    assert calculated[0] > restarted_at
