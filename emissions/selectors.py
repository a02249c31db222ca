"""Reads for the public pages: a bounded number of aggregate queries, cached per edition.

An edition's results never change once its calculation is done, so the cache key needs only the
edition's id: publishing a new edition can never alter what an old one shows.
"""

import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db.models import OuterRef, Q, Subquery, Sum

from core.pagecache import invalidate_scope, scope_version
from municipalities.models import Municipality, PopulationRecord, Region

from .codes import GAS_ORDER, SECTOR_ORDER, Gas
from .models import Edition, EmissionResult, MunicipalityTarget

CACHE_SECONDS = 60 * 60
DEFAULT_BASE_YEAR = 2013
DEFAULT_TARGET = (2030, Decimal("42.6"))


# Targets and populations can change; results of an edition never do. Their cached figures
# are keyed by this cache scope, raised when a target or population changes (signals.py).
FIGURES_SCOPE = "emissions.figures"


def current_generation() -> int:
    return scope_version(FIGURES_SCOPE)


def bump_generation() -> None:
    invalidate_scope(FIGURES_SCOPE)


def percent_change(new: Decimal | None, old: Decimal | None) -> Decimal | None:
    if new is None or not old:
        return None
    return ((new - old) / old * 100).quantize(Decimal("0.1"))


def per_capita(value: Decimal | None, population: int | None) -> Decimal | None:
    if value is None or not population:
        return None
    return (value / population).quantize(Decimal("0.01"))


@dataclass
class MunicipalityFigure:
    code: str
    ghg: Decimal
    co2: Decimal
    population: int | None
    base_year: int
    base_ghg: Decimal | None
    previous_ghg: Decimal | None
    rank: int = 0

    @property
    def per_capita(self) -> Decimal | None:
        return per_capita(self.ghg, self.population)

    @property
    def vs_base(self) -> Decimal | None:
        return percent_change(self.ghg, self.base_ghg)

    @property
    def vs_previous(self) -> Decimal | None:
        return percent_change(self.ghg, self.previous_ghg)


@dataclass
class Overview:
    fiscal_year: int
    figures: list[MunicipalityFigure]
    regions: dict[str, dict[str, Decimal]]
    total_ghg: Decimal
    total_co2: Decimal
    previous_total_ghg: Decimal | None
    sectors: list[tuple[str, Decimal, Decimal]]  # sector, CO2, other gases
    gases: list[tuple[str, Decimal]]
    population: int | None = None

    @property
    def vs_previous(self):
        return percent_change(self.total_ghg, self.previous_total_ghg)

    @property
    def per_capita(self):
        return per_capita(self.total_ghg, self.population)


def _sums():
    return {"ghg": Sum("value"), "co2": Sum("value", filter=Q(gas=Gas.CO2))}


def overview(edition: Edition, fiscal_year: int) -> Overview:
    key = f"emissions:overview:{current_generation()}:{edition.pk}:{fiscal_year}"
    found = cache.get(key)
    if found is None:
        found = _overview(edition, fiscal_year)
        cache.set(key, found, CACHE_SECONDS)
    return found


def _overview(edition: Edition, fiscal_year: int) -> Overview:
    regions = dict(Municipality.objects.values_list("code", "region"))
    base_years = dict(MunicipalityTarget.objects.values_list("municipality_id", "base_year"))
    wanted_years = {fiscal_year, fiscal_year - 1, DEFAULT_BASE_YEAR, *base_years.values()}
    totals: dict[tuple[str, int], dict] = {}
    for row in (
        EmissionResult.objects.filter(edition=edition, fiscal_year__in=wanted_years)
        .values("municipality_id", "fiscal_year")
        .annotate(**_sums())
        .order_by()
    ):
        totals[(row["municipality_id"], row["fiscal_year"])] = row
    populations = dict(
        PopulationRecord.objects.filter(year=fiscal_year).values_list(
            "municipality_id", "population"
        )
    )
    populations.update(
        (code, by_year[str(fiscal_year)])
        for code, by_year in (edition.populations or {}).items()
        if str(fiscal_year) in by_year
    )
    figures = []
    for code in sorted(regions):
        current = totals.get((code, fiscal_year))
        if current is None:
            continue
        base_year = base_years.get(code, DEFAULT_BASE_YEAR)
        base = totals.get((code, base_year))
        previous = totals.get((code, fiscal_year - 1))
        figures.append(
            MunicipalityFigure(
                code=code,
                ghg=current["ghg"],
                co2=current["co2"] or Decimal(0),
                population=populations.get(code),
                base_year=base_year,
                base_ghg=base["ghg"] if base else None,
                previous_ghg=previous["ghg"] if previous else None,
            )
        )
    for rank, figure in enumerate(sorted(figures, key=lambda f: f.ghg, reverse=True), start=1):
        figure.rank = rank
    region_totals = {
        region.value: {"ghg": Decimal(0), "co2": Decimal(0), "count": 0} for region in Region
    }
    for figure in figures:
        bucket = region_totals[regions[figure.code]]
        bucket["ghg"] += figure.ghg
        bucket["co2"] += figure.co2
        bucket["count"] += 1
    previous_values = [f.previous_ghg for f in figures]
    sector_rows = {
        row["sector"]: row
        for row in EmissionResult.objects.filter(edition=edition, fiscal_year=fiscal_year)
        .values("sector")
        .annotate(**_sums())
        .order_by()
    }
    gas_rows = dict(
        EmissionResult.objects.filter(edition=edition, fiscal_year=fiscal_year)
        .values("gas")
        .annotate(total=Sum("value"))
        .order_by()
        .values_list("gas", "total")
    )
    populations_known = [f.population for f in figures]
    return Overview(
        fiscal_year=fiscal_year,
        figures=figures,
        regions=region_totals,
        total_ghg=sum((f.ghg for f in figures), Decimal(0)),
        total_co2=sum((f.co2 for f in figures), Decimal(0)),
        previous_total_ghg=(
            sum(previous_values, Decimal(0))
            if previous_values and all(v is not None for v in previous_values)
            else None
        ),
        sectors=[
            (
                sector,
                sector_rows[sector]["co2"] or Decimal(0),
                sector_rows[sector]["ghg"] - (sector_rows[sector]["co2"] or Decimal(0)),
            )
            for sector in SECTOR_ORDER
            if sector in sector_rows
        ],
        gases=[(gas, gas_rows[gas]) for gas in GAS_ORDER if gas in gas_rows],
        population=(
            sum(populations_known) if populations_known and all(populations_known) else None
        ),
    )


@dataclass
class Headline:
    """The 62's total of one fiscal year, as the overview sums it, for the home page."""

    fiscal_year: int
    total_ghg: Decimal
    total_co2: Decimal
    previous_total_ghg: Decimal | None

    @property
    def vs_previous(self):
        return percent_change(self.total_ghg, self.previous_total_ghg)


def headline(edition: Edition, fiscal_year: int) -> Headline:
    """One query over the rows of two fiscal years (the overview's six cover far more)."""
    key = f"emissions:headline:{edition.pk}:{fiscal_year}"
    found = cache.get(key)
    if found is None:
        totals = {
            (row["municipality_id"], row["fiscal_year"]): row
            for row in EmissionResult.objects.filter(
                edition=edition, fiscal_year__in=[fiscal_year, fiscal_year - 1]
            )
            .values("municipality_id", "fiscal_year")
            .annotate(**_sums())
            .order_by()
        }
        current = {code: row for (code, year), row in totals.items() if year == fiscal_year}
        previous = [totals.get((code, fiscal_year - 1)) for code in current]
        found = Headline(
            fiscal_year=fiscal_year,
            total_ghg=sum((row["ghg"] for row in current.values()), Decimal(0)),
            total_co2=sum((row["co2"] or Decimal(0) for row in current.values()), Decimal(0)),
            previous_total_ghg=(
                sum((row["ghg"] for row in previous), Decimal(0))
                if previous and all(previous)
                else None
            ),
        )
        cache.set(key, found, CACHE_SECONDS)
    return found


@dataclass
class YearFigure:
    fiscal_year: int
    ghg: Decimal
    co2: Decimal
    population: int | None = None

    @property
    def per_capita(self):
        return per_capita(self.ghg, self.population)

    @property
    def co2_per_capita(self):
        return per_capita(self.co2, self.population)


@dataclass
class Karte:
    code: str
    years: list[YearFigure]
    fiscal_year: int | None
    breakdown: list[tuple[str, dict[str, Decimal], Decimal]] = field(default_factory=list)
    gases: list[tuple[str, Decimal]] = field(default_factory=list)
    base_year: int = DEFAULT_BASE_YEAR
    target_year: int = DEFAULT_TARGET[0]
    reduction_percent: Decimal = DEFAULT_TARGET[1]
    target_all_gases: bool = True

    def year(self, fiscal_year):
        return next((y for y in self.years if y.fiscal_year == fiscal_year), None)

    @property
    def current(self):
        return self.year(self.fiscal_year)

    @property
    def previous(self):
        return self.year(self.fiscal_year - 1) if self.fiscal_year else None

    @property
    def base(self):
        return self.year(self.base_year)

    @property
    def target_value(self) -> Decimal | None:
        base = self.base
        if base is None:
            return None
        value = base.ghg if self.target_all_gases else base.co2
        return (value * (100 - self.reduction_percent) / 100).quantize(Decimal("0.001"))

    @property
    def vs_base(self):
        current, base = self.current, self.base
        if not current or not base:
            return None
        if self.target_all_gases:
            return percent_change(current.ghg, base.ghg)
        return percent_change(current.co2, base.co2)

    @property
    def vs_previous(self):
        current, previous = self.current, self.previous
        return percent_change(current.ghg, previous.ghg) if current and previous else None

    @property
    def gases_used(self) -> list[str]:
        return [gas for gas, _value in self.gases]


def karte(edition: Edition, municipality: Municipality, fiscal_year: int | None) -> Karte:
    key = f"emissions:karte:{current_generation()}:{edition.pk}:{municipality.pk}:{fiscal_year}"
    found = cache.get(key)
    if found is None:
        found = _karte(edition, municipality, fiscal_year)
        cache.set(key, found, CACHE_SECONDS)
    return found


def _karte(edition: Edition, municipality: Municipality, fiscal_year: int | None) -> Karte:
    results = EmissionResult.objects.filter(edition=edition, municipality=municipality)
    # A population frozen at publication wins over the record imported since (models.Edition).
    frozen = {
        int(year): value
        for year, value in (edition.populations or {}).get(municipality.code, {}).items()
    }
    recorded = (
        PopulationRecord.objects.filter(municipality=municipality, year=OuterRef("fiscal_year"))
        .order_by()  # one row at most (unique): its default ordering would join municipalities
        .values("population")
    )
    # One query for the yearly series and the sector × gas cells: a year's total is the sum of
    # its cells (exact in Python; the rows are a municipality's years × about 20 cells).
    cells_of: dict[int, dict[str, dict[str, Decimal]]] = {}
    populations: dict[int, int | None] = {}
    for row in (
        results.values("fiscal_year", "sector", "gas")
        .annotate(total=Sum("value"), recorded_population=Subquery(recorded))
        .order_by("fiscal_year")
    ):
        year = row["fiscal_year"]
        cells_of.setdefault(year, {}).setdefault(row["sector"], {})[row["gas"]] = row["total"]
        populations[year] = frozen.get(year, row["recorded_population"])
    years = [
        YearFigure(
            fiscal_year=year,
            ghg=sum((sum(by_gas.values()) for by_gas in cells.values()), Decimal(0)),
            co2=sum((by_gas.get(Gas.CO2, Decimal(0)) for by_gas in cells.values()), Decimal(0)),
            population=populations[year],
        )
        for year, cells in sorted(cells_of.items())
    ]
    if fiscal_year is None or fiscal_year not in cells_of:
        fiscal_year = years[-1].fiscal_year if years else None
    sheet = Karte(code=municipality.code, years=years, fiscal_year=fiscal_year)
    target = MunicipalityTarget.objects.filter(municipality=municipality).first()
    if target:
        sheet.base_year, sheet.target_year = target.base_year, target.target_year
        sheet.reduction_percent, sheet.target_all_gases = (
            target.reduction_percent,
            target.all_gases,
        )
    if fiscal_year is None:
        return sheet
    cells = cells_of[fiscal_year]
    gas_totals: dict[str, Decimal] = {}
    for by_gas in cells.values():
        for gas, total in by_gas.items():
            gas_totals[gas] = gas_totals.get(gas, Decimal(0)) + total
    sheet.gases = [(gas, gas_totals[gas]) for gas in GAS_ORDER if gas in gas_totals]
    sheet.breakdown = [
        (sector, cells[sector], sum(cells[sector].values(), Decimal(0)))
        for sector in SECTOR_ORDER
        if sector in cells
    ]
    return sheet


def comparison(edition: Edition, codes: list[str]) -> dict[str, list[YearFigure]]:
    """Totals per year of up to five municipalities (one query)."""
    series: dict[str, list[YearFigure]] = {code: [] for code in codes}
    for row in (
        EmissionResult.objects.filter(edition=edition, municipality_id__in=codes)
        .values("municipality_id", "fiscal_year")
        .annotate(**_sums())
        .order_by("municipality_id", "fiscal_year")
    ):
        series[row["municipality_id"]].append(
            YearFigure(fiscal_year=row["fiscal_year"], ghg=row["ghg"], co2=row["co2"] or 0)
        )
    return series


def export_rows(edition: Edition, *, municipality_code: str | None = None):
    """The open-data rows (results summed over energy sources) as tuples, streamed.

    Summed here rather than by the database: SQLite sums decimal columns as floats, which would
    change the 11th decimal place of a figure published "in full stored precision".
    """
    results = EmissionResult.objects.filter(edition=edition)
    if municipality_code:
        results = results.filter(municipality_id=municipality_code)
    stream = (
        results.order_by("fiscal_year", "municipality_id", "sector", "gas")
        .values_list("fiscal_year", "municipality_id", "sector", "gas", "value")
        .iterator(chunk_size=5000)
    )
    for key, rows in itertools.groupby(stream, key=lambda row: row[:4]):
        yield (*key, sum(row[4] for row in rows))
