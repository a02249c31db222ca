"""Builders for the CSV files of the public contract."""

from municipalities.models import Municipality


def csv_bytes(header: str, rows: list[str], *, encoding: str = "utf-8", bom: bool = False) -> bytes:
    text = "\r\n".join([header, *rows]) + "\r\n"
    data = text.encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def all_codes() -> list[str]:
    return list(Municipality.objects.ordered().values_list("code", flat=True))


RESULTS_HEADER = "fiscal_year,municipality_code,sector,gas,value_t_co2e"


def published_edition(label: str, rows: list[str]):
    """An imported edition made official (the previous official one becomes superseded)."""
    from emissions.services import import_results, publish_edition

    edition = import_results(data=csv_bytes(RESULTS_HEADER, rows), label=label)
    return publish_edition(edition_id=edition.pk)


def reference_fy2014_rows() -> list[str]:
    """All 62 in FY2014 as DOMAIN.md gives them: 62,977 thousand t-CO2, Minato 4.18 Mt.

    23 wards 47,394 kt, Tama 15,424 kt, islands 159 kt (published as 47.39, 15.42, 0.159 Mt).
    """
    from municipalities.models import Municipality

    by_region: dict[str, list[str]] = {}
    for code, region in Municipality.objects.ordered().values_list("code", "region"):
        by_region.setdefault(region, []).append(code)
    rows = ["2014,131032,commercial,CO2,4180000"]
    others = [code for code in by_region["special_wards"] if code != "131032"]
    share, rest = divmod(47_394_000 - 4_180_000, len(others))
    rows += [
        f"2014,{code},residential,CO2,{share + (rest if i == 0 else 0)}"
        for i, code in enumerate(others)
    ]
    for region, total in (("tama", 15_424_000), ("islands", 159_000)):
        codes = by_region[region]
        share, rest = divmod(total, len(codes))
        rows += [
            f"2014,{code},residential,CO2,{share + (rest if i == 0 else 0)}"
            for i, code in enumerate(codes)
        ]
    return rows


# 足立区 FY2022 in t (DOMAIN.md, in 万t: CO2 203.8, CH4 0.3, N2O 0.8, HFCs 15.6, total 220.7;
# CO2 by sector 家庭 82.8, 業務 45.2, 自動車 38.6, 産業 21.3, 鉄道・廃棄物 15.8).
ADACHI_FY2022_ROWS = [
    "2022,131211,residential,CO2,828400",
    "2022,131211,commercial,CO2,452000",
    "2022,131211,transport_car,CO2,386000",
    "2022,131211,industry_manufacturing,CO2,213000",
    "2022,131211,transport_rail,CO2,100000",
    "2022,131211,waste,CO2,59000",
    "2022,131211,all,CH4,3400",
    "2022,131211,all,N2O,8400",
    "2022,131211,all,HFCs,156400",
]
