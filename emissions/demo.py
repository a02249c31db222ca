"""A clearly labelled demo edition with plausible magnitudes (DOMAIN.md's reference figures).

`scale="large"` builds the benchmark's three editions × 62 municipalities × 33 fiscal years
(FY1990–FY2022); `xlarge` ten yearly editions, FY2013版 to FY2022版, each from FY1990 to its year. Inputs are synthetic activity data; results come from the real calculation.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from municipalities.models import Municipality, PopulationRecord

from .codes import TOKYO_TOTAL_CODE, Gas, GwpSet, Sector
from .models import Edition, MethodVersion, MunicipalityTarget
from .parsing import CalculationInputs
from .services import calculate_edition, create_calculation, publish_edition

DEMO_NOTE_JA = "デモデータ（実際の公表値ではありません）。"
DEMO_NOTE_EN = "Demo data, not official figures."
POPULATION_SOURCE = "デモ用推計値"

# Residents in thousands (rounded 2020 census figures).
POPULATION_2020 = {
    "131016": 67, "131024": 170, "131032": 260, "131041": 350, "131059": 240, "131067": 211,
    "131075": 272, "131083": 524, "131091": 422, "131105": 288, "131113": 748, "131121": 943,
    "131130": 243, "131148": 344, "131156": 591, "131164": 301, "131172": 355, "131181": 217,
    "131199": 584, "131202": 752, "131211": 695, "131229": 453, "131237": 697, "132012": 579,
    "132021": 184, "132039": 150, "132047": 195, "132055": 133, "132063": 262, "132071": 113,
    "132080": 242, "132098": 431, "132101": 126, "132110": 198, "132128": 187, "132136": 150,
    "132144": 128, "132152": 76, "132187": 57, "132195": 84, "132209": 85, "132217": 74,
    "132225": 116, "132233": 70, "132241": 147, "132250": 93, "132276": 54, "132284": 80,
    "132292": 207, "133035": 32, "133051": 17, "133078": 2.2, "133086": 4.7, "133612": 7.3,
    "133621": 0.3, "133639": 2.7, "133647": 1.8, "133817": 2.3, "133825": 0.3, "134015": 7.0,
    "134023": 0.17, "134210": 2.9,
}  # fmt: skip
# Offices per resident: commercial CO2 in t per resident where business districts dominate.
COMMERCIAL_PER_RESIDENT = {
    "131016": 56, "131024": 15, "131032": 14, "131041": 8, "131130": 8.5, "131059": 1.9,
    "131067": 2.5, "131091": 3.1, "131164": 2.5, "131083": 2.2, "132021": 1.5, "132039": 1.5,
}  # fmt: skip
MANUFACTURING_WEIGHT = {
    "131113": 4, "131199": 3, "131211": 2, "132012": 3, "132128": 5, "132063": 3, "132276": 5,
    "133035": 5,
}  # fmt: skip
ELECTRICITY_FACTOR = {
    1990: "0.380", 2000: "0.378", 2005: "0.368", 2008: "0.418", 2011: "0.464", 2012: "0.525",
    2013: "0.531", 2014: "0.505", 2015: "0.500", 2016: "0.486", 2017: "0.475", 2018: "0.468",
    2019: "0.457", 2020: "0.441", 2021: "0.447", 2022: "0.457",
}  # fmt: skip
FUEL_FACTORS = {  # t-CO2 per unit of the source
    "city_gas": "2.23", "lpg": "3.00", "kerosene": "2.49", "heavy_oil_a": "2.71",
    "diesel": "2.58", "gasoline": "2.32", "heat": "0.057", "non_energy": "2.77",
}  # fmt: skip
OTHER_GAS_FACTORS = [  # (source, gas, t of the gas per unit)
    ("gasoline", Gas.CH4, "0.00012"),
    ("gasoline", Gas.N2O, "0.00010"),
    ("diesel", Gas.N2O, "0.00008"),
    ("non_energy", Gas.N2O, "0.00006"),
    ("non_energy", Gas.CH4, "0.00002"),
]


def electricity_factor(year: int, revision: int) -> Decimal:
    known = sorted(ELECTRICITY_FACTOR)
    below = max(y for y in known if y <= year)
    above = min((y for y in known if y >= year), default=below)
    low, high = Decimal(ELECTRICITY_FACTOR[below]), Decimal(ELECTRICITY_FACTOR[above])
    value = low if above == below else low + (high - low) * (year - below) / (above - below)
    # Later editions restate the factor slightly, as utilities revise their figures.
    return (value * (1 + Decimal(revision) / 200)).quantize(Decimal("0.0001"))


def activity_trend(year: int) -> Decimal:
    """Energy use relative to FY2013: rising to the late 2000s, falling after 2011."""
    if year <= 2007:
        return Decimal("0.97") + Decimal(year - 1990) * Decimal("0.006")
    if year <= 2010:
        return Decimal("1.07")
    return Decimal("1.07") - Decimal(year - 2010) * Decimal("0.012")


def population(code: str, year: int) -> int:
    thousands = Decimal(str(POPULATION_2020[code]))
    return int(thousands * 1000 * (1 - Decimal("0.004") * (2020 - year)))


def _inputs(codes_regions: list[tuple[str, str]], years: list[int], revision: int):
    factors, activity, indicators = [], [], []
    for year in years:
        e_factor = electricity_factor(year, revision)
        factors.append((year, "electricity", Gas.CO2, e_factor))
        for source, value in FUEL_FACTORS.items():
            factors.append((year, source, Gas.CO2, Decimal(value)))
        for source, gas, value in OTHER_GAS_FACTORS:
            factors.append((year, source, gas, Decimal(value)))
        trend = activity_trend(year)
        base_electricity = Decimal("0.531")  # the FY2013 factor the per-resident CO2 is set at
        manufacturing_total = Decimal(0)
        for code, region in codes_regions:
            people = Decimal(population(code, year))
            islands, tama = region == "islands", region == "tama"

            def add(sector, source, co2_tonnes, unit_factor, *, c=code, y=year, t=trend):
                amount = (co2_tonnes * t / unit_factor).quantize(Decimal("0.001"))
                if amount > 0:
                    activity.append((y, c, sector, source, amount))

            residential = people * Decimal("1.25")
            add(Sector.RESIDENTIAL, "electricity", residential * Decimal("0.65"), base_electricity)
            if islands:
                add(Sector.RESIDENTIAL, "lpg", residential * Decimal("0.2"), Decimal("3.00"))
                add(Sector.RESIDENTIAL, "kerosene", residential * Decimal("0.15"), Decimal("2.49"))
            else:
                add(Sector.RESIDENTIAL, "city_gas", residential * Decimal("0.30"), Decimal("2.23"))
                add(
                    Sector.RESIDENTIAL,
                    "kerosene",
                    residential * Decimal("0.08" if tama else "0.05"),
                    Decimal("2.49"),
                )
            per_resident = Decimal(
                str(COMMERCIAL_PER_RESIDENT.get(code, 1.5 if islands else (0.9 if tama else 0.65)))
            )
            commercial = people * per_resident
            add(Sector.COMMERCIAL, "electricity", commercial * Decimal("0.75"), base_electricity)
            add(
                Sector.COMMERCIAL,
                "lpg" if islands else "city_gas",
                commercial * Decimal("0.22"),
                Decimal("3.00" if islands else "2.23"),
            )
            if code in ("131016", "131024", "131032", "131041"):
                add(Sector.COMMERCIAL, "heat", commercial * Decimal("0.03"), Decimal("0.057"))
            cars = people * Decimal("1.5" if islands else ("0.8" if tama else "0.55"))
            add(Sector.TRANSPORT_CAR, "gasoline", cars * Decimal("0.6"), Decimal("2.32"))
            add(Sector.TRANSPORT_CAR, "diesel", cars * Decimal("0.4"), Decimal("2.58"))
            if islands:
                add(Sector.TRANSPORT_SHIP, "heavy_oil_a", people * 2, Decimal("2.71"))
                add(Sector.INDUSTRY_AGRICULTURE, "heavy_oil_a", people, Decimal("2.71"))
            else:
                add(
                    Sector.TRANSPORT_RAIL, "electricity", people * Decimal("0.10"), base_electricity
                )
            if tama:
                add(
                    Sector.INDUSTRY_AGRICULTURE,
                    "kerosene",
                    people * Decimal("0.02"),
                    Decimal("2.49"),
                )
            add(Sector.INDUSTRY_CONSTRUCTION, "diesel", people * Decimal("0.05"), Decimal("2.58"))
            add(Sector.WASTE, "non_energy", people * Decimal("0.05"), Decimal("2.77"))
            weight = Decimal(MANUFACTURING_WEIGHT.get(code, 1)) * (0 if islands else 1)
            shipments = (people * weight * Decimal("0.9")).quantize(Decimal("1"))
            indicators.append((year, code, "shipments_manufacturing", shipments))
            manufacturing_total += people * Decimal("0.30") * weight
        # Manufacturing energy is known only for Tokyo as a whole and is apportioned.
        activity.append(
            (
                year,
                TOKYO_TOTAL_CODE,
                Sector.INDUSTRY_MANUFACTURING,
                "electricity",
                (manufacturing_total * Decimal("0.6") * trend / base_electricity).quantize(
                    Decimal("0.001")
                ),
            )
        )
        activity.append(
            (
                year,
                TOKYO_TOTAL_CODE,
                Sector.INDUSTRY_MANUFACTURING,
                "city_gas",
                (manufacturing_total * Decimal("0.4") * trend / Decimal("2.23")).quantize(
                    Decimal("0.001")
                ),
            )
        )
    return CalculationInputs(
        factors=factors,
        activity=activity,
        indicators=indicators,
        apportionment=[
            (Sector.INDUSTRY_MANUFACTURING, "electricity", "shipments_manufacturing"),
            (Sector.INDUSTRY_MANUFACTURING, "city_gas", "shipments_manufacturing"),
        ],
        estimates=_hfc_estimates(codes_regions, years),
    )


def _hfc_estimates(codes_regions, years) -> list[tuple[int, str, str, str, Decimal]]:
    """HFCs have no energy source: estimated per resident, given without a sector split.

    They are an input of the edition like the activity data (never written into the results
    directly), so the edition's downloadable inputs recalculate to every one of its rows.
    """
    rows = []
    for year in years:
        per_resident = Decimal("0.05") + Decimal(max(0, year - 2000)) * Decimal("0.0075")
        for code, _region in codes_regions:
            value = (population(code, year) * per_resident).quantize(Decimal("0.001"))
            rows.append((year, code, Sector.ALL, Gas.HFCS, value))
    return rows


def _seed_populations(codes: list[str], years: list[int]) -> None:
    PopulationRecord.objects.bulk_create(
        [
            PopulationRecord(
                municipality_id=code,
                year=year,
                population=population(code, year),
                as_of=datetime.date(year, 10, 1),
                source=POPULATION_SOURCE,
            )
            for code in codes
            for year in years
        ],
        ignore_conflicts=True,
    )


def build_edition(*, label: str, years: list[int], revision: int, gwp_set: str) -> Edition:
    codes_regions = list(Municipality.objects.ordered().values_list("code", "region"))
    method, _created = MethodVersion.objects.get_or_create(
        code="standard-v1",
        defaults={"name_ja": "標準算定手法 第1版", "name_en": "Standard method, version 1"},
    )
    edition = create_calculation(
        label=label,
        inputs=_inputs(codes_regions, years, revision),
        gwp_set=gwp_set,
        method_version_id=method.pk,
        note=DEMO_NOTE_JA,
        is_demo=True,
    )
    Edition.objects.filter(pk=edition.pk).update(note_en=DEMO_NOTE_EN)
    return calculate_edition(edition_id=edition.pk)


def seed(*, scale: str, out) -> None:
    codes = list(Municipality.objects.ordered().values_list("code", flat=True))
    if scale == "xlarge":
        years = list(range(1990, 2023))
        labels = [
            (f"デモ（特大）{last + 1}年3月公表 (FY{last}版)", last - 2013, GwpSet.AR5, last)
            for last in range(2013, 2023)
        ]
    elif scale == "large":
        years = list(range(1990, 2023))
        # Three restatements of the same series: the first with AR4, then revised factors.
        labels = [
            ("デモ（大規模）2023年3月公表 (FY2022版 初版)", 0, GwpSet.AR4, 2022),
            ("デモ（大規模）2023年9月改訂 (FY2022版 改訂1)", 1, GwpSet.AR5, 2022),
            ("デモ（大規模）2024年3月改訂 (FY2022版 改訂2)", 2, GwpSet.AR5, 2022),
        ]
    else:
        years = [1990, *range(2000, 2023)]
        labels = [("デモ 2024年3月公表 (FY2022版)", 2, GwpSet.AR5, 2022)]
    _seed_populations(codes, years)
    MunicipalityTarget.objects.bulk_create(
        [MunicipalityTarget(municipality_id=code) for code in codes], ignore_conflicts=True
    )
    for label, revision, gwp_set, last_year in labels:
        if Edition.objects.filter(label=label).exists():
            continue
        covered = [year for year in years if year <= last_year]
        with transaction.atomic():
            edition = build_edition(label=label, years=covered, revision=revision, gwp_set=gwp_set)
            publish_edition(edition_id=edition.pk)
        out.write(f"emissions: demo edition “{label}” ({edition.result_count} rows)\n")
