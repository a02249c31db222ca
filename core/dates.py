"""Dates and times as a person reads them: always in Asia/Tokyo, in the reader's language.

Japanese: 2026年12月2日（水）, 2026年12月2日（水）13:00. English: 2 December 2026 (Wed),
2 December 2026 (Wed) 13:00. Official notices use 和暦 (令和8年12月2日, `wareki_date`).
Machines get ISO 8601 with the +09:00 offset (`iso`), never a reader's format.
Every template and e-mail formats a date through these functions (the `portal` filters
`local_date`, `local_datetime`, `local_time`, `local_weekday`, `local_month`, `iso`,
`iso_month`); a test fails when a template formats one any other way.
"""

import datetime

from django.utils import timezone
from django.utils.translation import get_language

from .fiscal import TOKYO
from .fiscal import wareki_date as _wareki_date

JAPANESE_WEEKDAYS = "月火水木金土日"
type Day = datetime.date | datetime.datetime | None

ENGLISH_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def in_tokyo(moment: datetime.datetime) -> datetime.datetime:
    """An aware moment as Tokyo's wall clock; a naive one is taken as Tokyo's already."""
    if timezone.is_naive(moment):
        return moment.replace(tzinfo=TOKYO)
    return moment.astimezone(TOKYO)


def tokyo_date(moment: datetime.date | datetime.datetime) -> datetime.date:
    """The calendar day in Tokyo of a moment (a date is its own day)."""
    if isinstance(moment, datetime.datetime):
        return in_tokyo(moment).date()
    return moment


def _is_japanese(language: str | None) -> bool:
    return (language or get_language() or "ja").startswith("ja")


def format_date(value: Day, language: str | None = None) -> str:
    """2026年12月2日（水） / 2 December 2026 (Wed); the active language by default."""
    if value is None or value == "":
        return ""
    day = tokyo_date(value)
    if _is_japanese(language):
        return f"{day.year}年{day.month}月{day.day}日（{JAPANESE_WEEKDAYS[day.weekday()]}）"
    weekday = ENGLISH_WEEKDAYS[day.weekday()]
    return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year} ({weekday})"


def format_weekday(value: Day, language: str | None = None) -> str:
    """水 / Wed."""
    if value is None or value == "":
        return ""
    weekday = tokyo_date(value).weekday()
    return JAPANESE_WEEKDAYS[weekday] if _is_japanese(language) else ENGLISH_WEEKDAYS[weekday]


def format_time(value: datetime.datetime | datetime.time | None) -> str:
    """13:00 (Tokyo), the same in both languages."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        value = in_tokyo(value)
    return f"{value.hour:02d}:{value.minute:02d}"


def format_datetime(value: datetime.datetime | None, language: str | None = None) -> str:
    """2026年12月2日（水）13:00 / 2 December 2026 (Wed) 13:00, in Tokyo."""
    if value is None or value == "":
        return ""
    if not isinstance(value, datetime.datetime):
        return format_date(value, language)
    separator = "" if _is_japanese(language) else " "
    return f"{format_date(value, language)}{separator}{format_time(value)}"


def format_month(value: Day, language: str | None = None) -> str:
    """2026年12月 / December 2026."""
    if value is None or value == "":
        return ""
    day = tokyo_date(value)
    if _is_japanese(language):
        return f"{day.year}年{day.month}月"
    return f"{ENGLISH_MONTHS[day.month - 1]} {day.year}"


def wareki_date(value: datetime.date | datetime.datetime | None) -> str:
    """令和8年12月2日, for official notices (the day in Tokyo)."""
    if value is None or value == "":
        return ""
    return _wareki_date(tokyo_date(value))


def iso(value: datetime.date | datetime.datetime | None) -> str:
    """ISO 8601 for machines: 2026-12-02 for a day, 2026-12-02T13:00:00+09:00 for a moment."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        return in_tokyo(value).isoformat()
    return value.isoformat()


def iso_month(value: datetime.date | datetime.datetime | None) -> str:
    """2026-12, for addresses such as ?month=2026-12."""
    if value is None or value == "":
        return ""
    day = tokyo_date(value)
    return f"{day.year:04d}-{day.month:02d}"
