"""The one way a date or a time reaches a reader: Tokyo's clock, the reader's language."""

import datetime
import re
from pathlib import Path

import pytest
from django.template import engines
from django.utils import translation

from core import dates
from core.fiscal import fiscal_year_of

BASE_DIR = Path(__file__).resolve().parents[2]
UTC = datetime.UTC

ONE_PM_TOKYO = datetime.datetime(2026, 12, 2, 4, 0, tzinfo=UTC)  # 13:00 JST
LAST_HALF_HOUR_OF_FY2026 = datetime.datetime(2027, 3, 31, 14, 30, tzinfo=UTC)  # 23:30 JST
FIRST_HALF_HOUR_OF_FY2027 = datetime.datetime(2027, 3, 31, 15, 30, tzinfo=UTC)  # 00:30 JST


def test_an_event_at_one_pm_in_tokyo_reads_13_00_in_both_languages():
    assert dates.format_datetime(ONE_PM_TOKYO, "ja") == "2026年12月2日（水）13:00"
    assert dates.format_datetime(ONE_PM_TOKYO, "en") == "2 December 2026 (Wed) 13:00"
    assert dates.format_date(ONE_PM_TOKYO, "ja") == "2026年12月2日（水）"
    assert dates.format_date(ONE_PM_TOKYO, "en") == "2 December 2026 (Wed)"
    assert dates.format_time(ONE_PM_TOKYO) == "13:00"


def test_a_moment_crossing_midnight_and_the_fiscal_year_reads_tokyos_day():
    assert dates.format_datetime(LAST_HALF_HOUR_OF_FY2026, "ja") == "2027年3月31日（水）23:30"
    assert dates.format_datetime(FIRST_HALF_HOUR_OF_FY2027, "ja") == "2027年4月1日（木）00:30"
    assert dates.format_datetime(FIRST_HALF_HOUR_OF_FY2027, "en") == "1 April 2027 (Thu) 00:30"
    assert dates.tokyo_date(FIRST_HALF_HOUR_OF_FY2027) == datetime.date(2027, 4, 1)
    assert fiscal_year_of(LAST_HALF_HOUR_OF_FY2026) == 2026
    assert fiscal_year_of(FIRST_HALF_HOUR_OF_FY2027) == 2027


def test_a_date_is_its_own_day_and_a_naive_moment_is_tokyos_wall_clock():
    assert dates.format_date(datetime.date(2019, 5, 1), "ja") == "2019年5月1日（水）"
    assert dates.format_datetime(datetime.datetime(2026, 12, 2, 13, 0), "en").endswith("13:00")


def test_wareki_dates_of_official_notices_use_tokyos_day():
    assert dates.wareki_date(datetime.date(2026, 12, 2)) == "令和8年12月2日"
    assert dates.wareki_date(FIRST_HALF_HOUR_OF_FY2027) == "令和9年4月1日"
    assert dates.wareki_date(datetime.date(2019, 4, 30)) == "平成31年4月30日"


def test_machines_read_iso_with_tokyos_offset():
    assert dates.iso(ONE_PM_TOKYO) == "2026-12-02T13:00:00+09:00"
    assert dates.iso(datetime.date(2026, 12, 2)) == "2026-12-02"
    assert dates.iso_month(FIRST_HALF_HOUR_OF_FY2027) == "2027-04"
    assert dates.iso(None) == ""


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ja", "2026年12月2日（水）13:00|2026年12月2日（水）|13:00|水|2026年12月"),
        ("en", "2 December 2026 (Wed) 13:00|2 December 2026 (Wed)|13:00|Wed|December 2026"),
    ],
)
def test_the_template_filters_follow_the_active_language(language, expected):
    template = engines["django"].from_string(
        "{% load portal %}{{ m|local_datetime }}|{{ m|local_date }}|{{ m|local_time }}"
        "|{{ m|local_weekday }}|{{ m|local_month }}"
    )
    with translation.override(language):
        assert template.render({"m": ONE_PM_TOKYO}) == expected


# --- Every template formats dates through the filters above -----------------------------------

FORBIDDEN_IN_TEMPLATES = re.compile(
    r"\|\s*(date|time|naturalday|naturaltime|timesince|timeuntil)\b|isoformat|strftime|\{%\s*now\b"
)


def project_templates():
    skip = {".venv", "node_modules", ".git"}
    for path in BASE_DIR.rglob("*"):
        if skip & set(path.parts) or path.suffix not in {".html", ".txt", ".xml", ".ics"}:
            continue
        if "templates" in path.parts:
            yield path


def test_the_project_has_templates_to_scan():
    assert len(list(project_templates())) > 50


def test_no_template_formats_a_date_but_through_the_portal_filters():
    offenders = [
        f"{path.relative_to(BASE_DIR)}:{number}: {line.strip()[:120]}"
        for path in project_templates()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if FORBIDDEN_IN_TEMPLATES.search(line)
    ]
    assert offenders == []


# Where Python formats a moment itself, and why that is not for a person's eyes.
PYTHON_FORMATTING_ALLOWED = {
    "core/dates.py": "the one module for readers",
    "core/exports.py": "spreadsheet cells (2026/05/01 13:00, Tokyo), io's writer",
    "events/admin.py": "a file name stamp",
    "scripts/bench.py": "the benchmark's own UTC stamp",
}
FORMATTING_IN_PYTHON = re.compile(r"strftime\(|:%[YmdHMBbaA]|date_format\(|naturaltime\(")


def test_no_python_module_formats_a_date_for_a_reader_but_core_dates():
    offenders = []
    for path in BASE_DIR.rglob("*.py"):
        relative = path.relative_to(BASE_DIR).as_posix()
        if relative.startswith((".venv/", "tests/")) or "/migrations/" in relative:
            continue
        if relative in PYTHON_FORMATTING_ALLOWED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if FORMATTING_IN_PYTHON.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()[:120]}")
    assert offenders == []
