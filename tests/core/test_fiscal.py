import datetime
from zoneinfo import ZoneInfo

import pytest

from core.fiscal import (
    fiscal_year_bounds,
    fiscal_year_label,
    fiscal_year_of,
    wareki_date,
    wareki_fiscal_year,
)


@pytest.mark.parametrize(
    ("fiscal_year", "expected"),
    [
        (1988, "昭和63年度"),
        (1989, "平成元年度"),
        (1990, "平成2年度"),
        (2018, "平成30年度"),
        (2019, "令和元年度"),
        (2020, "令和2年度"),
        (2026, "令和8年度"),
    ],
)
def test_fiscal_year_is_written_in_the_era_of_official_documents(fiscal_year, expected):
    assert wareki_fiscal_year(fiscal_year) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2019, 4, 30), "平成31年4月30日"),
        (datetime.date(2019, 5, 1), "令和元年5月1日"),
        (datetime.date(1989, 1, 7), "昭和64年1月7日"),
        (datetime.date(1989, 1, 8), "平成元年1月8日"),
    ],
)
def test_dates_switch_era_on_the_day_it_began(day, expected):
    assert wareki_date(day) == expected


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [
        (datetime.date(2026, 3, 31), 2025),
        (datetime.date(2026, 4, 1), 2026),
        (datetime.date(2027, 3, 31), 2026),
        (datetime.date(2026, 12, 31), 2026),
    ],
)
def test_fiscal_year_runs_from_april_to_march(day, fiscal_year):
    assert fiscal_year_of(day) == fiscal_year


def test_fiscal_year_of_an_aware_datetime_is_read_in_tokyo():
    # 2026-03-31 16:00 UTC is already 1 April in Tokyo.
    moment = datetime.datetime(2026, 3, 31, 16, 0, tzinfo=ZoneInfo("UTC"))
    assert fiscal_year_of(moment) == 2026


def test_fiscal_year_bounds():
    assert fiscal_year_bounds(2026) == (datetime.date(2026, 4, 1), datetime.date(2027, 3, 31))


def test_fiscal_year_label_per_language():
    assert fiscal_year_label(2026, "ja") == "令和8年度（2026年度）"
    assert fiscal_year_label(2026, "en") == "FY2026"
