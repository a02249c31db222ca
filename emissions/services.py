"""Business rules of emissions: imports, calculation, publication and comparison of editions."""

import decimal
import time
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_secretariat
from core.audit import record_audit

from .codes import GWP_VALUES, TOKYO_TOTAL_CODE, GwpSet
from .files import FileErrors, RowError, RowReader, check_unique, in_reading_order, read_rows
from .models import (
    EDITION_TRANSITIONS,
    ActivityRecord,
    ApportionmentRule,
    CalculationState,
    Edition,
    EditionSource,
    EditionStatus,
    EmissionFactor,
    EmissionResult,
    IndicatorValue,
    MethodVersion,
)
from .parsing import (
    CalculationInputs,
    known_codes,
    parse_calculation_inputs,
    parse_results,
)

STORED_PLACES = Decimal(1).scaleb(-12)
BATCH_SIZE = 5000
MAX_RESULT_DIGITS = 18  # the stored value has 18 integer digits (30 in all, 12 decimal places)


class EmissionsError(Exception):
    """A refused action; `errors` lists every bad cell of the files involved."""

    def __init__(self, message: str, errors: list[RowError] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = in_reading_order(errors or [])


def _require_secretariat(actor) -> None:
    if actor is not None and not is_secretariat(actor):
        raise EmissionsError(_("Only the secretariat may change emission editions."))


def _check_new_label(label: str) -> str:
    label = (label or "").strip()
    if not label:
        raise EmissionsError(_("An edition needs a label."))
    if len(label) > 120:
        raise EmissionsError(_("The label is longer than 120 characters."))
    if Edition.objects.filter(label=label).exists():
        raise EmissionsError(
            _("An edition labelled “%s” already exists; a new calculation needs a new label.")
            % label
        )
    return label


# --- Populations -----------------------------------------------------------------

POPULATION_COLUMNS = ["year", "municipality_code", "population"]


def import_populations(
    *, data: bytes, source: str, actor=None, file_name: str = "populations.csv"
) -> int:
    """Create or update population records (year, municipality) from a CSV; all rows or none.

    Optional columns: `households`, `as_of` (YYYY-MM-DD; default 1 October of the year).
    """
    import datetime

    from municipalities.models import PopulationRecord

    _require_secretariat(actor)
    source = (source or "").strip()
    if not source:
        raise EmissionsError(_("Say where the population figures come from."))
    errors: list[RowError] = []
    known = known_codes()
    records = []
    for row, cells in read_rows(
        data,
        file=file_name,
        required=POPULATION_COLUMNS,
        optional=["households", "as_of"],
        errors=errors,
    ):
        reader = RowReader(file_name, row, cells, errors)
        year = reader.fiscal_year("year")
        code = reader.municipality_code(known, allow_tokyo=False)
        people = reader.amount("population")
        households = reader.amount("households") if cells.get("households") else None
        as_of = None
        if cells.get("as_of"):
            try:
                as_of = datetime.date.fromisoformat(cells["as_of"])
            except ValueError:
                reader.fail("as_of", _("“%s” is not a date (YYYY-MM-DD).") % cells["as_of"])
        for column, value in (("population", people), ("households", households)):
            if value is not None and value != value.to_integral_value():
                reader.fail(column, _("A count must be a whole number."))
        if reader.ok:
            records.append((row, year, code, int(people), households, as_of))
    check_unique(
        [((year, code), row) for row, year, code, *_rest in records],
        file=file_name,
        column="municipality_code",
        errors=errors,
    )
    if errors:
        raise EmissionsError(_("The file has errors; nothing was imported."), errors)
    with transaction.atomic():
        PopulationRecord.objects.bulk_create(
            [
                PopulationRecord(
                    municipality_id=code,
                    year=year,
                    population=people,
                    households=int(households) if households is not None else None,
                    as_of=as_of or datetime.date(year, 10, 1),
                    source=source[:300],
                )
                for _row, year, code, people, households, as_of in records
            ],
            update_conflicts=True,
            unique_fields=["municipality", "year"],
            update_fields=["population", "households", "as_of", "source"],
        )
    from .selectors import bump_generation

    transaction.on_commit(bump_generation)
    return len(records)


# --- Editions ------------------------------------------------------------------


def import_results(
    *, data: bytes, label: str, actor=None, file_name: str = "results.csv", note: str = ""
) -> Edition:
    """Create a draft edition from a published-results file; all rows or none."""
    _require_secretariat(actor)
    label = _check_new_label(label)
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
    method_version: MethodVersion | None = None,
    note: str = "",
    is_demo: bool = False,
) -> Edition:
    """Store checked inputs as a new draft edition waiting for its calculation."""
    _require_secretariat(actor)
    label = _check_new_label(label)
    if gwp_set not in GwpSet.values:
        raise EmissionsError(_("Unknown GWP set “%s”.") % gwp_set)
    with transaction.atomic():
        edition = Edition.objects.create(
            label=label,
            source=EditionSource.CALCULATED,
            method_version=method_version,
            gwp_set=gwp_set,
            gwp_values={gas: str(value) for gas, value in GWP_VALUES[gwp_set].items()},
            created_by=actor,
            note=note,
            is_demo=is_demo,
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
        record_audit(
            subject=edition,
            actor=actor,
            action="calculation_requested",
            to_state=edition.status,
            note=f"GWP {gwp_set}",
        )
    return edition


def compute_results(edition: Edition) -> list[EmissionResult]:
    """Apportion Tokyo totals and apply factors and GWP: the whole edition, in memory."""
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
    return results


def calculate_edition(*, edition_id: int) -> Edition:
    """Run a pending calculation; a second run of a finished one changes nothing."""
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
        with decimal.localcontext() as context:
            context.prec = 50
            results = compute_results(edition)
        Edition.objects.filter(pk=edition_id).update(progress=50)
        # Results are written in one transaction: an edition has all its rows or none.
        with transaction.atomic():
            locked = Edition.objects.select_for_update().get(pk=edition_id)
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
    except Exception as error:
        Edition.objects.filter(pk=edition_id).update(
            calculation_state=CalculationState.FAILED, failure=str(error)[:2000]
        )
        raise


def calculate_from_files(
    *,
    label: str,
    factors: bytes,
    activity: bytes,
    indicators: bytes | None = None,
    apportionment: bytes | None = None,
    gwp_set: str = GwpSet.AR5,
    actor=None,
    method_version: MethodVersion | None = None,
    names: dict[str, str] | None = None,
    enqueue: bool = True,
) -> Edition:
    """Check the files, store them as a new edition and calculate it (as a job by default)."""
    _require_secretariat(actor)
    _check_new_label(label)
    try:
        inputs = parse_calculation_inputs(
            factors=factors,
            activity=activity,
            indicators=indicators,
            apportionment=apportionment,
            names=names,
        )
    except FileErrors as failure:
        raise EmissionsError(
            _("The files have errors; nothing was calculated."), failure.errors
        ) from None
    if enqueue:
        from .tasks import calculate_edition_task

        edition = create_calculation(
            label=label, inputs=inputs, gwp_set=gwp_set, actor=actor, method_version=method_version
        )
        transaction.on_commit(lambda: calculate_edition_task.delay(edition.pk))
        return edition
    # Run in the caller's process: a failure leaves nothing behind, not even the draft.
    with transaction.atomic():
        edition = create_calculation(
            label=label, inputs=inputs, gwp_set=gwp_set, actor=actor, method_version=method_version
        )
        return calculate_edition(edition_id=edition.pk)


def publish_edition(*, edition: Edition, actor=None) -> Edition:
    """Make a draft official; the previous official edition becomes superseded."""
    _require_secretariat(actor)
    with transaction.atomic():
        # Every edition row is locked so two publications cannot both find "no official".
        locked = {e.pk: e for e in Edition.objects.select_for_update().order_by("pk")}
        edition = locked.get(edition.pk)
        if edition is None:
            raise EmissionsError(_("The edition no longer exists."))
        if EditionStatus.OFFICIAL not in EDITION_TRANSITIONS[edition.status]:
            raise EmissionsError(
                _("A %(status)s edition cannot be published.")
                % {"status": edition.get_status_display()}
            )
        if edition.calculation_state != CalculationState.DONE or not edition.result_count:
            raise EmissionsError(_("Only a finished calculation with results can be published."))
        now = timezone.now()
        for previous in locked.values():
            if previous.status == EditionStatus.OFFICIAL:
                _move(previous, EditionStatus.SUPERSEDED, actor=actor, action="supersede")
                previous.superseded_at = now
                previous.save(update_fields=["status", "superseded_at"])
        _move(edition, EditionStatus.OFFICIAL, actor=actor, action="publish")
        edition.published_at = now
        edition.populations = population_snapshot()
        edition.save(update_fields=["status", "published_at", "populations"])
    return edition


def population_snapshot() -> dict[str, dict[str, int]]:
    """Every population record, as an edition keeps them from its publication on."""
    from municipalities.models import PopulationRecord

    snapshot: dict[str, dict[str, int]] = {}
    for code, year, population in PopulationRecord.objects.values_list(
        "municipality_id", "year", "population"
    ):
        snapshot.setdefault(code, {})[str(year)] = population
    return snapshot


def _move(edition: Edition, to_state: str, *, actor, action: str) -> None:
    if to_state not in EDITION_TRANSITIONS[edition.status]:
        raise EmissionsError(
            _("An edition cannot move from %(from)s to %(to)s.")
            % {"from": edition.status, "to": to_state}
        )
    from_state = edition.status
    edition.status = to_state
    record_audit(
        subject=edition, actor=actor, action=action, from_state=from_state, to_state=to_state
    )


# --- Reproducing an edition ---------------------------------------------------------

INPUT_KINDS = ("factors", "activity", "indicators", "apportionment")


def input_rows(edition: Edition, kind: str):
    """The stored inputs of an edition in the format of their file (header row first)."""
    if kind == "factors":
        yield ["fiscal_year", "energy_source", "gas", "factor"]
        yield from edition.factors.order_by("fiscal_year", "energy_source", "gas").values_list(
            "fiscal_year", "energy_source", "gas", "factor"
        )
    elif kind == "activity":
        yield ["fiscal_year", "municipality_code", "sector", "energy_source", "amount"]
        yield from edition.activities.order_by(
            "fiscal_year", "municipality_code", "sector", "energy_source"
        ).values_list("fiscal_year", "municipality_code", "sector", "energy_source", "amount")
    elif kind == "indicators":
        yield ["fiscal_year", "municipality_code", "indicator", "value"]
        yield from edition.indicators.order_by(
            "fiscal_year", "municipality_id", "indicator"
        ).values_list("fiscal_year", "municipality_id", "indicator", "value")
    elif kind == "apportionment":
        yield ["sector", "energy_source", "indicator"]
        yield from edition.apportionment.order_by("sector", "energy_source").values_list(
            "sector", "energy_source", "indicator"
        )
    else:
        raise EmissionsError(_("Unknown kind of input “%s”.") % kind)


# --- Comparing editions ----------------------------------------------------------


@dataclass(frozen=True)
class DiffRow:
    municipality_code: str
    fiscal_year: int
    sector: str
    gas: str
    old: Decimal | None
    new: Decimal | None

    @property
    def change(self) -> Decimal:
        return (self.new or Decimal(0)) - (self.old or Decimal(0))

    @property
    def change_percent(self) -> Decimal | None:
        if not self.old:
            return None
        return (self.change / self.old * 100).quantize(Decimal("0.01"))

    @property
    def kind(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed"


def _summed(edition: Edition) -> dict[tuple, Decimal]:
    from django.db.models import Sum

    return {
        (row["municipality_id"], row["fiscal_year"], row["sector"], row["gas"]): row["total"]
        for row in edition.results.values("municipality_id", "fiscal_year", "sector", "gas")
        .annotate(total=Sum("value"))
        .order_by()
    }


def diff_editions(*, old: Edition, new: Edition) -> list[DiffRow]:
    """Every municipality, year, sector and gas whose figure differs between two editions."""
    before, after = _summed(old), _summed(new)
    rows = []
    for key in sorted(before.keys() | after.keys()):
        old_value, new_value = before.get(key), after.get(key)
        if old_value != new_value:
            rows.append(DiffRow(*key, old=old_value, new=new_value))
    return rows


def timed(function, **kwargs):
    """Call function(**kwargs) and return (result, seconds)."""
    start = time.perf_counter()
    result = function(**kwargs)
    return result, time.perf_counter() - start
