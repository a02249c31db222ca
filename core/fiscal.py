"""Fiscal years (April to March, Asia/Tokyo) and the Japanese era (和暦)."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import get_language

TOKYO = ZoneInfo("Asia/Tokyo")
FISCAL_YEAR_START_MONTH = 4
# ECO Net Tokyo 62 began in FY2007: no plan, grant or report of the program is older.
FIRST_PROGRAM_FISCAL_YEAR = 2007
# Emission statistics go back to the Kyoto base year.
FIRST_STATISTICS_YEAR = 1990


@dataclass(frozen=True)
class Era:
    name: str
    romaji: str
    first_day: datetime.date


# Newest first. Fiscal years use the era in which their calendar year ends, which is
# how official documents wrote FY2019 (令和元年度) after the era changed on 1 May 2019.
ERAS = (
    Era("令和", "Reiwa", datetime.date(2019, 5, 1)),
    Era("平成", "Heisei", datetime.date(1989, 1, 8)),
    Era("昭和", "Showa", datetime.date(1926, 12, 25)),
    Era("大正", "Taisho", datetime.date(1912, 7, 30)),
    Era("明治", "Meiji", datetime.date(1868, 1, 25)),
)


def fiscal_year_of(moment: datetime.date | datetime.datetime) -> int:
    """The fiscal year a date or an aware datetime (read in Tokyo) belongs to."""
    if isinstance(moment, datetime.datetime):
        moment = (
            timezone.localtime(moment, TOKYO).date() if timezone.is_aware(moment) else moment.date()
        )
    return moment.year if moment.month >= FISCAL_YEAR_START_MONTH else moment.year - 1


def current_fiscal_year() -> int:
    return fiscal_year_of(timezone.now())


def plan_fiscal_years() -> tuple[int, int]:
    """Fiscal years a plan, a grant program or a budget may be for: FY2007 to next year."""
    return FIRST_PROGRAM_FISCAL_YEAR, current_fiscal_year() + 1


def actual_fiscal_years(first: int = FIRST_PROGRAM_FISCAL_YEAR) -> tuple[int, int]:
    """Fiscal years of what has happened (reports, results, statistics): none in the future."""
    return first, current_fiscal_year()


def fiscal_year_bounds(fiscal_year: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of a fiscal year: FY2026 is 2026-04-01 to 2027-03-31."""
    return datetime.date(fiscal_year, 4, 1), datetime.date(fiscal_year + 1, 3, 31)


def fiscal_year_range(fiscal_year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """Aware datetimes [start, end) of a fiscal year in Tokyo, for filtering timestamps."""
    start = datetime.datetime(fiscal_year, 4, 1, tzinfo=TOKYO)
    end = datetime.datetime(fiscal_year + 1, 4, 1, tzinfo=TOKYO)
    return start, end


def _era_year_text(era: Era, year_in_era: int) -> str:
    return f"{era.name}{'元' if year_in_era == 1 else year_in_era}"


def era_of_year(year: int) -> tuple[Era, int]:
    for era in ERAS:
        if era.first_day.year <= year:
            return era, year - era.first_day.year + 1
    raise ValueError(f"{year} is before the Meiji era")


def era_of_date(day: datetime.date) -> tuple[Era, int]:
    for era in ERAS:
        if era.first_day <= day:
            return era, day.year - era.first_day.year + 1
    raise ValueError(f"{day} is before the Meiji era")


def wareki_fiscal_year(fiscal_year: int) -> str:
    """FY2019 → 令和元年度, FY1988 → 昭和63年度."""
    era, year_in_era = era_of_year(fiscal_year)
    return f"{_era_year_text(era, year_in_era)}年度"


def wareki_date(day: datetime.date) -> str:
    """2019-05-01 → 令和元年5月1日, 2019-04-30 → 平成31年4月30日."""
    era, year_in_era = era_of_date(day)
    return f"{_era_year_text(era, year_in_era)}年{day.month}月{day.day}日"


def fiscal_year_label(fiscal_year: int, language: str | None = None) -> str:
    """令和8年度 (FY2026) in Japanese, FY2026 in English; the active language by default."""
    language = language or get_language() or "ja"
    if language.startswith("ja"):
        return f"{wareki_fiscal_year(fiscal_year)}（{fiscal_year}年度）"
    return f"FY{fiscal_year}"
