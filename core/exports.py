"""Every table that leaves the portal as a file: CSV (and XLSX where the secretariat needs it).

One policy for all of them: UTF-8 with a byte-order mark (Excel reads Japanese CSV as UTF-8 only
with it), CRLF rows, every text cell that a spreadsheet would read as a formula made inert,
numbers left as numbers, times in Asia/Tokyo written as a Japanese reader and Excel expect
(2026/05/01 13:00), headers translated in the language of the request, rows streamed, and one
access-log row when the file holds personal data.
"""

import csv
import datetime
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.exceptions import ImproperlyConfigured
from django.http import FileResponse, StreamingHttpResponse
from django.utils.encoding import force_str
from django.utils.functional import Promise
from django.utils.http import content_disposition_header

TOKYO = ZoneInfo("Asia/Tokyo")
BOM = "\ufeff"
# A spreadsheet treats a cell starting with one of these as a formula (CSV injection); tab and
# carriage return let a formula hide behind leading white space.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
DATETIME_FORMAT = "%Y/%m/%d %H:%M"
DATE_FORMAT = "%Y/%m/%d"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Table:
    """A file's name without its suffix, its header row and its rows (any iterable, even a
    generator over a QuerySet's iterator(): it is read once, while the response streams)."""

    name: str
    header: Sequence
    rows: Iterable[Sequence]


@dataclass(frozen=True)
class PersonalData:
    """Who takes which personal data out: one line of the access log, written before the file
    goes out (a download cut short has still been handed out)."""

    user: object
    what: str
    count: int
    ip_address: str | None = None

    @classmethod
    def taken_by(cls, request, *, what: str, count: int) -> "PersonalData":
        from .ratelimit import client_address

        return cls(
            user=request.user, what=what, count=count, ip_address=client_address(request) or None
        )


_access_log: Callable[..., object] | None = None


def register_access_log(record: Callable[..., object]) -> None:
    """The accounts app hands core the function that writes a personal-data export line."""
    global _access_log
    _access_log = record


def _log(personal: PersonalData | None) -> None:
    if personal is None:
        return
    if _access_log is None:
        # Personal data must never leave unlogged: refuse rather than export silently.
        raise ImproperlyConfigured("No access log is registered for personal-data exports.")
    _access_log(
        user=personal.user,
        what=personal.what,
        count=personal.count,
        ip_address=personal.ip_address,
    )


def neutralise(text: str) -> str:
    """Text that a spreadsheet would run as a formula, prefixed with an apostrophe."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def in_tokyo(moment: datetime.datetime) -> datetime.datetime:
    """An aware time as the naive wall-clock time in Tokyo (naive times are taken as Tokyo's)."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(TOKYO).replace(tzinfo=None)


def plain_decimal(value: Decimal) -> str:
    """A decimal in positional notation (never 1E+3), as written, "-0" as "0"."""
    text = format(value, "f")
    return "0" if text.lstrip("-").strip("0.") == "" else text


def csv_cell(value) -> str | int | float:
    """One cell as CSV text: numbers as numbers, times in Tokyo, text inert."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return value
    if isinstance(value, Decimal):
        return plain_decimal(value)
    if isinstance(value, datetime.datetime):
        return in_tokyo(value).strftime(DATETIME_FORMAT)
    if isinstance(value, datetime.date):
        return value.strftime(DATE_FORMAT)
    return neutralise(force_str(value))


class _Echo:
    """A file whose write() hands the line back, so csv.writer can feed a stream."""

    def write(self, value):
        return value


def csv_lines(table: Table) -> Iterator[str]:
    """The CSV text of a table, one row at a time, beginning with the byte-order mark."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield BOM + writer.writerow([csv_cell(cell) for cell in table.header])
    for row in table.rows:
        yield writer.writerow([csv_cell(cell) for cell in row])


def csv_bytes(table: Table) -> bytes:
    """The whole CSV file, for files the portal stores (the annual report's appendix)."""
    return "".join(csv_lines(table)).encode("utf-8")


def _attachment(response, filename: str) -> None:
    response["Content-Disposition"] = content_disposition_header(True, filename)
    # An export is for the person who asked: never kept by a shared cache or the browser.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"


def csv_response(table: Table, *, personal: PersonalData | None = None) -> StreamingHttpResponse:
    """The table as a streamed CSV download."""
    _log(personal)
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in csv_lines(table)), content_type=CSV_CONTENT_TYPE
    )
    _attachment(response, f"{table.name}.csv")
    return response


def xlsx_response(table: Table, *, personal: PersonalData | None = None) -> FileResponse:
    """The table as an Excel workbook; written to a spooled file and streamed from it, so a
    large table is never held twice in memory."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    _log(personal)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=table.name[:31] or "data")

    def xlsx_cell(value) -> WriteOnlyCell:
        if isinstance(value, datetime.datetime):
            cell = WriteOnlyCell(sheet, value=in_tokyo(value))
            cell.number_format = "yyyy/mm/dd hh:mm"
        elif isinstance(value, datetime.date):
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = "yyyy/mm/dd"
        elif isinstance(value, bool | int | float | Decimal) or value is None:
            cell = WriteOnlyCell(sheet, value=value)
        else:
            text = force_str(value) if isinstance(value, Promise) else str(value)
            cell = WriteOnlyCell(sheet, value=text)
            # Stored as text whatever it starts with; the quote prefix keeps it text when
            # someone edits the cell in Excel.
            cell.data_type = "s"
            if text.startswith(FORMULA_PREFIXES):
                cell.quotePrefix = True
        return cell

    sheet.append([xlsx_cell(force_str(cell)) for cell in table.header])
    for row in table.rows:
        sheet.append([xlsx_cell(cell) for cell in row])
    spooled = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - the response closes it
    workbook.save(spooled)
    spooled.seek(0)
    response = FileResponse(spooled, content_type=XLSX_CONTENT_TYPE)
    _attachment(response, f"{table.name}.xlsx")
    return response


def table_response(table: Table, *, file_format: str = "csv", personal: PersonalData | None = None):
    """CSV or XLSX, as the caller's `?format=` asked (anything else is CSV)."""
    if file_format == "xlsx":
        return xlsx_response(table, personal=personal)
    return csv_response(table, personal=personal)
