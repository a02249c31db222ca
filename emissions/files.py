"""Reading the CSV files of the public contract (docs/data-formats.md), checked by content.

Every problem is collected as a RowError (file, row, column, reason); nothing is written by this
module. Row numbers count lines as a spreadsheet does: the header is row 1.
"""

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from core.fiscal import FIRST_STATISTICS_YEAR, TOKYO, current_fiscal_year
from core.params import normalise_cell, whole_number
from municipalities.codes import check_digit

from .codes import SOURCE_UNITS, TOKYO_TOTAL_CODE, UNIT_SPELLINGS, EnergySource, Gas, Sector

MAX_DECIMAL_PLACES = 12
MAX_INTEGER_DIGITS = 18
# Counts of a municipality (residents, households): Tokyo as a whole has about 14 million.
MAX_MUNICIPAL_COUNT = 15_000_000
INDICATOR_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$", re.ASCII)
GROUPED_NUMBER = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$", re.ASCII)


@dataclass(frozen=True)
class RowError:
    file: str
    row: int
    column: str
    message: str

    def __str__(self):
        return _("%(file)s, row %(row)s, column “%(column)s”: %(message)s") % {
            "file": self.file,
            "row": self.row,
            "column": self.column or "—",
            "message": self.message,
        }


class FileErrors(Exception):
    """Raised with every error found in one or more files."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = in_reading_order(errors)


def decode(data: bytes, file: str, errors: list[RowError]) -> str | None:
    """UTF-8 (with or without BOM) or Shift_JIS (read as CP932, its Windows superset)."""
    if not data.strip():
        errors.append(RowError(file, 1, "", _("The file is empty.")))
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        errors.append(
            RowError(file, 1, "", _("The file is UTF-16; save it as UTF-8 or Shift_JIS."))
        )
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp932")
        except UnicodeDecodeError:
            errors.append(RowError(file, 1, "", _("The file is neither UTF-8 nor Shift_JIS text.")))
            return None
    if "\x00" in text:
        errors.append(RowError(file, 1, "", _("The file contains NUL bytes; it is not a CSV.")))
        return None
    return text


def normalise(cell: str) -> str:
    """Full-width digits and letters become ASCII; surrounding spaces go (core.params)."""
    return normalise_cell(cell)


def read_rows(
    data: bytes,
    *,
    file: str,
    required: list[str],
    optional: Iterable[str] = (),
    errors: list[RowError],
) -> list[tuple[int, dict[str, str]]]:
    """The data rows as (row number, {column: normalised cell}); problems go to `errors`."""
    text = decode(data, file, errors)
    if text is None:
        return []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    optional = list(optional)
    try:
        header = next(reader, None)
    except csv.Error as error:
        errors.append(RowError(file, 1, "", _("The header row is not valid CSV: %s") % error))
        return []
    if not header:
        errors.append(RowError(file, 1, "", _("The header row is missing.")))
        return []
    names = [normalise(name).lstrip("\ufeff").lower() for name in header]
    header_ok = True
    for name in required:
        if name not in names:
            errors.append(RowError(file, 1, name, _("The column is missing.")))
            header_ok = False
    seen: set[str] = set()
    for name in names:
        if not name:
            continue  # spreadsheets add empty trailing columns; their cells must stay empty
        if name in seen:
            errors.append(RowError(file, 1, name, _("The column appears twice.")))
            header_ok = False
        elif name not in required and name not in optional:
            errors.append(RowError(file, 1, name, _("Unknown column.")))
            header_ok = False
        seen.add(name)
    if not header_ok:
        return []
    rows = []
    row_number = 1
    while True:
        row_number += 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            errors.append(RowError(file, row_number, "", _("Not valid CSV: %s") % error))
            break
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(names):
            errors.append(
                RowError(
                    file,
                    row_number,
                    "",
                    _("Expected %(expected)s cells, found %(found)s.")
                    % {"expected": len(names), "found": len(cells)},
                )
            )
            continue
        if any(cell.strip() for name, cell in zip(names, cells, strict=True) if not name):
            errors.append(
                RowError(file, row_number, "", _("A value stands in a column without a name."))
            )
            continue
        rows.append(
            (
                row_number,
                {name: normalise(cell) for name, cell in zip(names, cells, strict=True) if name},
            )
        )
    if not rows and not any(error.file == file for error in errors):
        errors.append(RowError(file, 2, "", _("The file has no data rows.")))
    return rows


class RowReader:
    """Parses the cells of one row, noting each bad cell; `ok` is False if any was bad."""

    def __init__(self, file: str, row: int, cells: dict[str, str], errors: list[RowError]):
        self.file, self.row, self.cells, self.errors = file, row, cells, errors
        self.ok = True

    def fail(self, column: str, message: str):
        self.errors.append(RowError(self.file, self.row, column, message))
        self.ok = False
        return None

    def fiscal_year(self, column: str = "fiscal_year", *, latest: int | None = None) -> int | None:
        """A fiscal year of statistics: FY1990 (the Kyoto base year) to the current one."""
        text = self.cells[column]
        if not text:
            return self.fail(column, _("The value is missing."))
        if not text.isascii() or not text.isdigit() or len(text) != 4:
            return self.fail(column, _("“%s” is not a fiscal year (e.g. 2021).") % text)
        year = int(text)
        latest = latest if latest is not None else current_fiscal_year()
        if not FIRST_STATISTICS_YEAR <= year <= latest:
            return self.fail(
                column,
                _("Year %(year)s is outside %(first)s–%(last)s: statistics are never ahead.")
                % {"year": year, "first": FIRST_STATISTICS_YEAR, "last": latest},
            )
        return year

    def calendar_year(self, column: str = "year") -> int | None:
        """A calendar year of statistics (populations on 1 January …): not after this year."""
        return self.fiscal_year(column, latest=timezone.localdate(timezone=TOKYO).year)

    def count(self, column: str, *, maximum: int = MAX_MUNICIPAL_COUNT) -> int | None:
        """A whole number of people or things, 0 to `maximum`, in ASCII or full-width digits."""
        text = self.cells[column]
        if not text:
            return self.fail(column, _("The value is missing."))
        value = whole_number(text)
        if value is None:
            return self.fail(column, _("A count must be a whole number."))
        if value > maximum:
            return self.fail(
                column,
                _("%(value)s is more than %(maximum)s.")
                % {"value": f"{value:,}", "maximum": f"{maximum:,}"},
            )
        return value

    def municipality_code(
        self, known: set[str], *, allow_tokyo: bool, column: str = "municipality_code"
    ) -> str | None:
        code = self.cells[column]
        if not code:
            return self.fail(column, _("The value is missing."))
        if len(code) != 6 or not code.isascii() or not code.isdigit():
            return self.fail(column, _("“%s” is not a 6-digit local government code.") % code)
        if check_digit(code[:5]) != int(code[5]):
            return self.fail(column, _("%s has a bad check digit.") % code)
        if code == TOKYO_TOTAL_CODE:
            if allow_tokyo:
                return code
            return self.fail(column, _("130001 (Tokyo-wide total) is not allowed in this file."))
        if code not in known:
            return self.fail(column, _("%s is not one of Tokyo's 62 municipalities.") % code)
        return code

    def choice(self, column: str, choices, *, exclude: tuple[str, ...] = ()) -> str | None:
        text = self.cells[column]
        if not text:
            return self.fail(column, _("The value is missing."))
        canonical = {value.lower(): value for value in choices.values}
        value = canonical.get(text.lower())
        if value is None or value in exclude:
            return self.fail(column, _("Unknown code “%s”.") % text)
        return value

    def sector(self, *, allow_all: bool) -> str | None:
        return self.choice("sector", Sector, exclude=() if allow_all else (Sector.ALL,))

    def gas(self) -> str | None:
        return self.choice("gas", Gas)

    def energy_source(self) -> str | None:
        return self.choice("energy_source", EnergySource)

    def unit(self, source: str | None) -> None:
        """The optional `unit` column must name the source's unit when it is filled in."""
        text = self.cells.get("unit", "")
        if not text or source is None:
            return
        unit = SOURCE_UNITS[source]
        if text.lower() not in UNIT_SPELLINGS[unit] and text != unit:
            self.fail(
                "unit",
                _("%(source)s is given in %(unit)s, not “%(given)s”.")
                % {"source": source, "unit": unit, "given": text},
            )

    def indicator(self) -> str | None:
        text = self.cells["indicator"]
        if not text:
            return self.fail("indicator", _("The value is missing."))
        if not INDICATOR_PATTERN.match(text):
            return self.fail(
                "indicator",
                _("“%s” is not an indicator name (lower-case letters, digits, _).") % text,
            )
        return text

    def amount(self, column: str) -> Decimal | None:
        text = self.cells[column]
        if not text:
            return self.fail(column, _("The value is missing."))
        if GROUPED_NUMBER.match(text):
            text = text.replace(",", "")
        if not PLAIN_NUMBER.match(text):
            return self.fail(column, _("“%s” is not a number.") % self.cells[column])
        try:
            value = Decimal(text)
        except InvalidOperation:
            return self.fail(column, _("“%s” is not a number.") % self.cells[column])
        if value < 0:
            return self.fail(column, _("The value must not be negative."))
        sign, digits, exponent = value.as_tuple()
        if -exponent > MAX_DECIMAL_PLACES:
            return self.fail(column, _("More than %s decimal places.") % MAX_DECIMAL_PLACES)
        if len(digits) + exponent > MAX_INTEGER_DIGITS:
            return self.fail(column, _("The value is too large."))
        return value + Decimal(0)  # turns -0 into 0


def in_reading_order(errors: list[RowError]) -> list[RowError]:
    """Errors by file (in the order first met) and row, so a reader can walk the file."""
    files: dict[str, int] = {}
    for error in errors:
        files.setdefault(error.file, len(files))
    return sorted(errors, key=lambda error: (files[error.file], error.row))


def check_unique(
    keyed_rows: list[tuple[tuple, int]], *, file: str, column: str, errors: list[RowError]
) -> None:
    """Report every row whose key was already given on an earlier row."""
    first_row: dict[tuple, int] = {}
    for key, row in keyed_rows:
        if key in first_row:
            errors.append(
                RowError(
                    file, row, column, _("Duplicate key: the same as row %s.") % first_row[key]
                )
            )
        else:
            first_row[key] = row
