"""Reading the calculation inputs and published results: every file checked, nothing written."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from municipalities.models import Municipality

from .codes import TOKYO_TOTAL_CODE, Sector
from .files import FileErrors, RowError, RowReader, check_unique, read_rows

RESULT_COLUMNS = ["fiscal_year", "municipality_code", "sector", "gas", "value_t_co2e"]
FACTOR_COLUMNS = ["fiscal_year", "energy_source", "gas", "factor"]
ACTIVITY_COLUMNS = ["fiscal_year", "municipality_code", "sector", "energy_source", "amount"]
INDICATOR_COLUMNS = ["fiscal_year", "municipality_code", "indicator", "value"]
APPORTIONMENT_COLUMNS = ["sector", "energy_source", "indicator"]
ESTIMATE_COLUMNS = RESULT_COLUMNS  # direct estimates are given as results are


def known_codes() -> set[str]:
    return set(Municipality.objects.values_list("code", flat=True))


# --- Parsing the files -------------------------------------------------------


@dataclass(frozen=True)
class ResultRow:
    row: int
    fiscal_year: int
    municipality_code: str
    sector: str
    gas: str
    value: Decimal


def parse_results(data: bytes, *, file: str, errors: list[RowError]) -> list[ResultRow]:
    known = known_codes()
    parsed = []
    # The open data (data.csv) names its edition in a column: it imports again as it is.
    rows = read_rows(data, file=file, required=RESULT_COLUMNS, optional=["edition"], errors=errors)
    for row, cells in rows:
        reader = RowReader(file, row, cells, errors)
        values = (
            reader.fiscal_year(),
            reader.municipality_code(known, allow_tokyo=False),
            reader.sector(allow_all=True),
            reader.gas(),
            reader.amount("value_t_co2e"),
        )
        if reader.ok:
            parsed.append(ResultRow(row, *values))
    check_unique(
        [((r.fiscal_year, r.municipality_code, r.sector, r.gas), r.row) for r in parsed],
        file=file,
        column="sector",
        errors=errors,
    )
    # A gas given without a sector split and also by sector would be counted twice.
    split_rows: dict[tuple, int] = {}
    whole_rows: dict[tuple, int] = {}
    for r in parsed:
        key = (r.fiscal_year, r.municipality_code, r.gas)
        (whole_rows if r.sector == Sector.ALL else split_rows).setdefault(key, r.row)
    for key, row in whole_rows.items():
        if key in split_rows:
            errors.append(
                RowError(
                    file,
                    row,
                    "sector",
                    _("%(gas)s is also given by sector (row %(other)s): it would count twice.")
                    % {"gas": key[2], "other": split_rows[key]},
                )
            )
    return parsed


@dataclass
class CalculationInputs:
    factors: list[tuple[int, str, str, Decimal]]  # fiscal year, source, gas, factor
    activity: list[tuple[int, str, str, str, Decimal]]  # year, code, sector, source, amount
    indicators: list[tuple[int, str, str, Decimal]]  # year, code, indicator, value
    apportionment: list[tuple[str, str, str]]  # sector, source, indicator
    # year, code, sector, gas, t-CO2e: carried into the results as given (HFCs …)
    estimates: list[tuple[int, str, str, str, Decimal]] = field(default_factory=list)


def parse_calculation_inputs(
    *,
    factors: bytes,
    activity: bytes,
    indicators: bytes | None = None,
    apportionment: bytes | None = None,
    estimates: bytes | None = None,
    names: dict[str, str] | None = None,
) -> CalculationInputs:
    """Check the input files against each other; raise FileErrors with every problem."""
    names = {
        "factors": "factors.csv",
        "activity": "activity.csv",
        "indicators": "indicators.csv",
        "apportionment": "apportionment.csv",
        "estimates": "estimates.csv",
        **(names or {}),
    }
    errors: list[RowError] = []
    known = known_codes()

    factor_rows = []
    file = names["factors"]
    for row, cells in read_rows(
        factors, file=file, required=FACTOR_COLUMNS, optional=["unit"], errors=errors
    ):
        reader = RowReader(file, row, cells, errors)
        values = (reader.fiscal_year(), reader.energy_source(), reader.gas())
        factor = reader.amount("factor")
        reader.unit(values[1])
        if reader.ok:
            factor_rows.append((row, *values, factor))
    check_unique(
        [((y, s, g), row) for row, y, s, g, _f in factor_rows],
        file=file,
        column="gas",
        errors=errors,
    )
    sources_with_factor = {(y, s) for _row, y, s, _g, _f in factor_rows}

    activity_rows = []
    file = names["activity"]
    for row, cells in read_rows(
        activity, file=file, required=ACTIVITY_COLUMNS, optional=["unit"], errors=errors
    ):
        reader = RowReader(file, row, cells, errors)
        values = (
            reader.fiscal_year(),
            reader.municipality_code(known, allow_tokyo=True),
            reader.sector(allow_all=False),
            reader.energy_source(),
            reader.amount("amount"),
        )
        reader.unit(values[3])
        if reader.ok:
            activity_rows.append((row, *values))
    check_unique(
        [((y, c, s, e), row) for row, y, c, s, e, _a in activity_rows],
        file=file,
        column="energy_source",
        errors=errors,
    )
    for row, year, _code, _sector, source, _amount in activity_rows:
        if factor_rows and (year, source) not in sources_with_factor:
            errors.append(
                RowError(
                    file,
                    row,
                    "energy_source",
                    _("No emission factor for %(source)s in FY%(year)s.")
                    % {"source": source, "year": year},
                )
            )

    indicator_rows = []
    if indicators is not None:
        file = names["indicators"]
        for row, cells in read_rows(
            indicators, file=file, required=INDICATOR_COLUMNS, errors=errors
        ):
            reader = RowReader(file, row, cells, errors)
            values = (
                reader.fiscal_year(),
                reader.municipality_code(known, allow_tokyo=False),
                reader.indicator(),
                reader.amount("value"),
            )
            if reader.ok:
                indicator_rows.append((row, *values))
        check_unique(
            [((y, c, i), row) for row, y, c, i, _v in indicator_rows],
            file=file,
            column="indicator",
            errors=errors,
        )

    rule_rows = []
    if apportionment is not None:
        file = names["apportionment"]
        for row, cells in read_rows(
            apportionment, file=file, required=APPORTIONMENT_COLUMNS, errors=errors
        ):
            reader = RowReader(file, row, cells, errors)
            values = (reader.sector(allow_all=False), reader.energy_source(), reader.indicator())
            if reader.ok:
                rule_rows.append((row, *values))
        check_unique(
            [((s, e), row) for row, s, e, _i in rule_rows],
            file=file,
            column="energy_source",
            errors=errors,
        )

    _check_tokyo_totals(
        activity_rows, indicator_rows, rule_rows, known=known, names=names, errors=errors
    )
    estimate_rows = []
    if estimates is not None:
        estimate_rows = parse_results(estimates, file=names["estimates"], errors=errors)
        _check_estimates_not_calculated(
            estimate_rows,
            factor_rows,
            activity_rows,
            known=known,
            file=names["estimates"],
            errors=errors,
        )
    if errors:
        raise FileErrors(errors)
    return CalculationInputs(
        factors=[r[1:] for r in factor_rows],
        activity=[r[1:] for r in activity_rows],
        indicators=[r[1:] for r in indicator_rows],
        apportionment=[r[1:] for r in rule_rows],
        estimates=[
            (r.fiscal_year, r.municipality_code, r.sector, r.gas, r.value) for r in estimate_rows
        ],
    )


def _check_estimates_not_calculated(
    estimate_rows, factor_rows, activity_rows, *, known, file, errors
):
    """A gas of a municipality and year comes from the calculation or an estimate, not both."""
    gases_of_source = defaultdict(set)
    for _row, year, source, gas, _factor in factor_rows:
        gases_of_source[(year, source)].add(gas)
    calculated = set()
    for _row, year, code, _sector, source, _amount in activity_rows:
        codes = known if code == TOKYO_TOTAL_CODE else (code,)
        for gas in gases_of_source[(year, source)]:
            calculated.update((year, each, gas) for each in codes)
    for r in estimate_rows:
        if (r.fiscal_year, r.municipality_code, r.gas) in calculated:
            errors.append(
                RowError(
                    file,
                    r.row,
                    "gas",
                    _(
                        "%(gas)s of %(code)s in FY%(year)s is also calculated from the activity "
                        "data: it would count twice."
                    )
                    % {"gas": r.gas, "code": r.municipality_code, "year": r.fiscal_year},
                )
            )


def _check_tokyo_totals(activity_rows, indicator_rows, rule_rows, *, known, names, errors):
    """A Tokyo-wide total needs a rule, the rule's indicator for all 62, and no municipal rows."""
    file = names["activity"]
    municipal_keys = {}
    for row, year, code, sector, source, _amount in activity_rows:
        if code != TOKYO_TOTAL_CODE:
            municipal_keys.setdefault((year, sector, source), row)
    rules = {(sector, source): indicator for _row, sector, source, indicator in rule_rows}
    indicator_values: dict[tuple[int, str], dict[str, Decimal]] = defaultdict(dict)
    for _row, year, code, indicator, value in indicator_rows:
        indicator_values[(year, indicator)][code] = value
    for row, year, code, sector, source, _amount in activity_rows:
        if code != TOKYO_TOTAL_CODE:
            continue
        if (year, sector, source) in municipal_keys:
            errors.append(
                RowError(
                    file,
                    row,
                    "municipality_code",
                    _(
                        "%(sector)s/%(source)s in FY%(year)s is given both as a Tokyo total and "
                        "as municipal rows (row %(other)s)."
                    )
                    % {
                        "sector": sector,
                        "source": source,
                        "year": year,
                        "other": municipal_keys[(year, sector, source)],
                    },
                )
            )
            continue
        indicator = rules.get((sector, source))
        if indicator is None:
            errors.append(
                RowError(
                    file,
                    row,
                    "sector",
                    _("No apportionment rule for %(sector)s/%(source)s in %(file)s.")
                    % {"sector": sector, "source": source, "file": names["apportionment"]},
                )
            )
            continue
        values = indicator_values.get((year, indicator), {})
        missing = sorted(known - values.keys())
        if missing:
            errors.append(
                RowError(
                    file,
                    row,
                    "municipality_code",
                    _(
                        "Indicator %(indicator)s for FY%(year)s is missing for %(count)s "
                        "municipalities (%(codes)s)."
                    )
                    % {
                        "indicator": indicator,
                        "year": year,
                        "count": len(missing),
                        "codes": ", ".join(missing[:5]) + (" …" if len(missing) > 5 else ""),
                    },
                )
            )
        elif sum(values.values()) == 0:
            errors.append(
                RowError(
                    file,
                    row,
                    "municipality_code",
                    _("Indicator %(indicator)s sums to zero in FY%(year)s.")
                    % {"indicator": indicator, "year": year},
                )
            )
