"""Tables that come in as files (CSV in UTF-8 or Shift_JIS, or XLSX), read as a secretariat
keeps them: headers in Japanese or English, full-width digits, blank rows between blocks.

Nothing is written here; every problem is a RowError naming the row (the header is row 1, as a
spreadsheet counts) and the column, so an import can refuse the whole file and say why.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .params import normalise_cell

MAX_TABLE_BYTES = 5 * 1024 * 1024
MAX_TABLE_ROWS = 20_000


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self):
        return _("Row %(row)s, column “%(column)s”: %(message)s") % {
            "row": self.row,
            "column": self.column or "—",
            "message": self.message,
        }


class TableErrors(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = sorted(errors, key=lambda error: error.row)


def normalise(value) -> str:
    """A cell as text: full-width digits and letters made ASCII, spaces around it gone."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalise_cell(str(value))


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TableErrors(
            [RowError(1, "", _("The file is UTF-16; save it as UTF-8 or Shift_JIS."))]
        )
    try:
        return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp932")  # Shift_JIS as Windows writes it
    except UnicodeDecodeError:
        raise TableErrors(
            [RowError(1, "", _("The file is neither UTF-8 nor Shift_JIS text."))]
        ) from None


def _csv_rows(data: bytes) -> list[list[str]]:
    text = _decode(data)
    if "\x00" in text:
        raise TableErrors([RowError(1, "", _("The file is not a CSV file."))])
    try:
        return list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as error:
        raise TableErrors([RowError(1, "", _("Not valid CSV: %s") % error)]) from error


def _xlsx_rows(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(values_only=True, max_row=MAX_TABLE_ROWS + 1)]
        workbook.close()
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError) as error:
        raise TableErrors(
            [RowError(1, "", _("The file is not a readable XLSX workbook."))]
        ) from error
    return rows


def read_table(
    data: bytes, *, filename: str, columns: dict[str, tuple[str, ...]], required: tuple[str, ...]
) -> list[tuple[int, dict[str, str]]]:
    """The rows as (row number, {column key: normalised text}), CSV or XLSX by content.

    `columns` maps each key to the header spellings accepted for it (compared without case and
    width); other columns (a 備考 column) are ignored. Raises TableErrors for a file that cannot
    be read as a table or lacks a required column.
    """
    if not data.strip():
        raise TableErrors([RowError(1, "", _("The file is empty."))])
    if len(data) > MAX_TABLE_BYTES:
        raise TableErrors([RowError(1, "", _("The file is larger than 5 MB."))])
    raw = _xlsx_rows(data) if data.startswith(b"PK\x03\x04") else _csv_rows(data)
    if len(raw) > MAX_TABLE_ROWS + 1:
        raise TableErrors([RowError(1, "", _("The file has more than 20,000 rows."))])
    header = [normalise(cell).lower() for cell in (raw[0] if raw else [])]
    spellings = {
        normalise(spelling).lower(): key for key, names in columns.items() for spelling in names
    }
    positions: dict[str, int] = {}
    errors = []
    for index, name in enumerate(header):
        key = spellings.get(name)
        if key is None:
            continue
        if key in positions:
            errors.append(RowError(1, name, _("The column appears twice.")))
        positions[key] = index
    for key in required:
        if key not in positions:
            errors.append(RowError(1, columns[key][0], _("The column is missing.")))
    if errors:
        raise TableErrors(errors)
    rows = []
    for number, cells in enumerate(raw[1:], start=2):
        values = {
            key: normalise(cells[i]) if i < len(cells) else "" for key, i in positions.items()
        }
        if any(values.values()):
            rows.append((number, values))
    return rows
