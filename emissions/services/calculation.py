"""Editions from files: importing results, calculating from inputs, storing the results."""

import decimal
import time
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import record_audit
from core.leases import lease_end, renewed, take_abandoned
from core.queue import enqueue_on_commit

from ..codes import GWP_VALUES, TOKYO_TOTAL_CODE, GwpSet
from ..files import FileErrors, RowError
from ..models import (
    ActivityRecord,
    ApportionmentRule,
    CalculationState,
    DirectEstimate,
    Edition,
    EditionSource,
    EmissionFactor,
    EmissionResult,
    IndicatorValue,
)
from ..parsing import CalculationInputs, parse_calculation_inputs, parse_results
from .rules import EmissionsError, check_new_label, require_secretariat

STORED_PLACES = Decimal(1).scaleb(-12)
BATCH_SIZE = 5000
MAX_RESULT_DIGITS = 18  # the stored value has 18 integer digits (30 in all, 12 decimal places)


def import_results(
    *, data: bytes, label: str, actor=None, file_name: str = "results.csv", note: str = ""
) -> Edition:
    """Create a draft edition from a published-results file; all rows or none."""
    require_secretariat(actor)
    label = check_new_label(label)
    errors: list[RowError] = []
    rows = parse_results(data, file=file_name, errors=errors)
    if errors:
        raise EmissionsError(_("The file has errors; nothing was imported."), errors)
    with transaction.atomic():
        edition = Edition.objects.create(
            label=label,
            source=EditionSource.IMPORTED,
            calculation_state=CalculationState.DONE,
            progress=100,
            created_by=actor,
            note=note,
        )
        EmissionResult.objects.bulk_create(
            (
                EmissionResult(
                    edition=edition,
                    municipality_id=r.municipality_code,
                    fiscal_year=r.fiscal_year,
                    sector=r.sector,
                    gas=r.gas,
                    energy_source="",
                    value=r.value,
                )
                for r in rows
            ),
            batch_size=BATCH_SIZE,
        )
        edition.result_count = len(rows)
        edition.fiscal_years = sorted({r.fiscal_year for r in rows})
        edition.save()
        record_audit(subject=edition, actor=actor, action="import", to_state=edition.status)
    return edition


def create_calculation(
    *,
    label: str,
    inputs: CalculationInputs,
    gwp_set: str,
    actor=None,
    method_version_id: int | None = None,
    note: str = "",
    is_demo: bool = False,
) -> Edition:
    """Store checked inputs as a new draft edition waiting for its calculation."""
    require_secretariat(actor)
    label = check_new_label(label)
    if gwp_set not in GwpSet.values:
        raise EmissionsError(_("Unknown GWP set “%s”.") % gwp_set)
    with transaction.atomic():
        edition = Edition.objects.create(
            label=label,
            source=EditionSource.CALCULATED,
            method_version_id=method_version_id,
            gwp_set=gwp_set,
            gwp_values={gas: str(value) for gas, value in GWP_VALUES[gwp_set].items()},
            created_by=actor,
            note=note,
            is_demo=is_demo,
            lease_expires_at=lease_end(),
        )
        EmissionFactor.objects.bulk_create(
            (
                EmissionFactor(edition=edition, fiscal_year=y, energy_source=s, gas=g, factor=f)
                for y, s, g, f in inputs.factors
            ),
            batch_size=BATCH_SIZE,
        )
        ActivityRecord.objects.bulk_create(
            (
                ActivityRecord(
                    edition=edition,
                    fiscal_year=y,
                    municipality_code=c,
                    sector=s,
                    energy_source=e,
                    amount=a,
                )
                for y, c, s, e, a in inputs.activity
            ),
            batch_size=BATCH_SIZE,
        )
        IndicatorValue.objects.bulk_create(
            (
                IndicatorValue(
                    edition=edition, fiscal_year=y, municipality_id=c, indicator=i, value=v
                )
                for y, c, i, v in inputs.indicators
            ),
            batch_size=BATCH_SIZE,
        )
        ApportionmentRule.objects.bulk_create(
            ApportionmentRule(edition=edition, sector=s, energy_source=e, indicator=i)
            for s, e, i in inputs.apportionment
        )
        DirectEstimate.objects.bulk_create(
            (
                DirectEstimate(
                    edition=edition, fiscal_year=y, municipality_id=c, sector=s, gas=g, value=v
                )
                for y, c, s, g, v in inputs.estimates
            ),
            batch_size=BATCH_SIZE,
        )
        record_audit(
            subject=edition,
            actor=actor,
            action="calculation_requested",
            to_state=edition.status,
            note=f"GWP {gwp_set}",
        )
    return edition


def compute_results(edition: Edition) -> list[EmissionResult]:
    """Apportion Tokyo totals and apply factors and GWP, then add the direct estimates.

    Every result row comes from the edition's stored inputs, so they recalculate to it exactly.
    """
    gwp = {gas: Decimal(value) for gas, value in edition.gwp_values.items()}
    factors: dict[tuple[int, str], list[tuple[str, Decimal]]] = defaultdict(list)
    for year, source, gas, factor in edition.factors.values_list(
        "fiscal_year", "energy_source", "gas", "factor"
    ):
        factors[(year, source)].append((gas, factor))
    rules = dict(
        ((sector, source), indicator)
        for sector, source, indicator in edition.apportionment.values_list(
            "sector", "energy_source", "indicator"
        )
    )
    indicators: dict[tuple[int, str], dict[str, Decimal]] = defaultdict(dict)
    for year, code, indicator, value in edition.indicators.values_list(
        "fiscal_year", "municipality_id", "indicator", "value"
    ):
        indicators[(year, indicator)][code] = value
    amounts: list[tuple[int, str, str, str, Decimal]] = []
    for year, code, sector, source, amount in edition.activities.values_list(
        "fiscal_year", "municipality_code", "sector", "energy_source", "amount"
    ):
        if code != TOKYO_TOTAL_CODE:
            amounts.append((year, code, sector, source, amount))
            continue
        shares = indicators[(year, rules[(sector, source)])]
        total = sum(shares.values())
        for municipality_code, share in shares.items():
            amounts.append((year, municipality_code, sector, source, amount * share / total))
    results = []
    for year, code, sector, source, amount in amounts:
        for gas, factor in factors.get((year, source), ()):
            value = amount * factor * gwp[gas]
            if value.adjusted() >= MAX_RESULT_DIGITS:
                raise EmissionsError(
                    _("A result of %(code)s in FY%(year)s is too large to be plausible.")
                    % {"code": code, "year": year}
                )
            results.append(
                EmissionResult(
                    edition_id=edition.pk,
                    municipality_id=code,
                    fiscal_year=year,
                    sector=sector,
                    gas=gas,
                    energy_source=source,
                    value=value.quantize(STORED_PLACES),
                )
            )
    # Gases without an energy source (HFCs …) are given in t-CO2e and join the results as given.
    for year, code, sector, gas, value in edition.estimates.values_list(
        "fiscal_year", "municipality_id", "sector", "gas", "value"
    ):
        results.append(
            EmissionResult(
                edition_id=edition.pk,
                municipality_id=code,
                fiscal_year=year,
                sector=sector,
                gas=gas,
                energy_source="",
                value=value,
            )
        )
    return results


def abandoned_calculation_ids() -> list[int]:
    """Calculations pending or running whose lease ran out (a lost message, a killed worker)."""
    return take_abandoned(
        Edition.objects.filter(
            source=EditionSource.CALCULATED,
            calculation_state__in=[CalculationState.PENDING, CalculationState.RUNNING],
        )
    )


def calculate_edition(*, edition_id: int) -> Edition:
    """Run a pending calculation; a second run of a finished one changes nothing.

    The worker holds the edition's lease while it runs (core.leases): killed, it stops
    renewing it and the sweep hands the calculation on, which starts again from the inputs.
    """
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition_id)
        if edition.calculation_state == CalculationState.DONE:
            return edition
        if edition.source != EditionSource.CALCULATED:
            raise EmissionsError(_("Only calculated editions can be calculated."))
        edition.calculation_state = CalculationState.RUNNING
        edition.progress = 0
        edition.failure = ""
        edition.save(update_fields=["calculation_state", "progress", "failure"])
    try:
        with renewed(Edition.objects.filter(pk=edition_id)):
            return _calculate_and_store(edition)
    except Exception as error:
        Edition.objects.filter(pk=edition_id).update(
            calculation_state=CalculationState.FAILED, failure=str(error)[:2000]
        )
        raise


def _calculate_and_store(edition: Edition) -> Edition:
    with decimal.localcontext() as context:
        context.prec = 50
        results = compute_results(edition)
    Edition.objects.filter(pk=edition.pk).update(progress=50)
    # Results are written in one transaction: an edition has all its rows or none.
    with transaction.atomic():
        locked = Edition.objects.select_for_update().get(pk=edition.pk)
        if locked.calculation_state == CalculationState.DONE:
            return locked
        EmissionResult.objects.filter(edition=locked).delete()
        total = len(results)
        for start in range(0, total, BATCH_SIZE):
            EmissionResult.objects.bulk_create(results[start : start + BATCH_SIZE])
        locked.calculation_state = CalculationState.DONE
        locked.progress = 100
        locked.result_count = total
        locked.fiscal_years = sorted({r.fiscal_year for r in results})
        locked.save()
        record_audit(subject=locked, actor=None, action="calculated", note=f"{total} rows")
    return locked


def calculate_from_files(
    *,
    label: str,
    factors: bytes,
    activity: bytes,
    indicators: bytes | None = None,
    apportionment: bytes | None = None,
    estimates: bytes | None = None,
    gwp_set: str = GwpSet.AR5,
    actor=None,
    method_version_id: int | None = None,
    names: dict[str, str] | None = None,
    enqueue: bool = True,
) -> Edition:
    """Check the files, store them as a new edition and calculate it (as a job by default)."""
    require_secretariat(actor)
    check_new_label(label)
    try:
        inputs = parse_calculation_inputs(
            factors=factors,
            activity=activity,
            indicators=indicators,
            apportionment=apportionment,
            estimates=estimates,
            names=names,
        )
    except FileErrors as failure:
        raise EmissionsError(
            _("The files have errors; nothing was calculated."), failure.errors
        ) from None
    if enqueue:
        from ..tasks import calculate_edition_task

        edition = create_calculation(
            label=label,
            inputs=inputs,
            gwp_set=gwp_set,
            actor=actor,
            method_version_id=method_version_id,
        )
        enqueue_on_commit(calculate_edition_task, edition.pk)
        return edition
    # Run in the caller's process: a failure leaves nothing behind, not even the draft.
    with transaction.atomic():
        edition = create_calculation(
            label=label,
            inputs=inputs,
            gwp_set=gwp_set,
            actor=actor,
            method_version_id=method_version_id,
        )
        return calculate_edition(edition_id=edition.pk)


def timed(function, **kwargs):
    """Call function(**kwargs) and return (result, seconds)."""
    start = time.perf_counter()
    result = function(**kwargs)
    return result, time.perf_counter() - start
