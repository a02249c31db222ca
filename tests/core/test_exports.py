"""core.exports: one policy for every table that leaves the portal."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import StreamingHttpResponse
from openpyxl import load_workbook

from accounts.models import AccessEvent
from core import exports
from core.exports import PersonalData, Table, csv_bytes, csv_response, xlsx_response
from tests.exporting import HOSTILE_CELLS, assert_inert, csv_rows, downloaded

UTC = datetime.UTC
ONE_PM_IN_TOKYO = datetime.datetime(2026, 5, 1, 4, 0, tzinfo=UTC)


def hostile_table() -> Table:
    return Table(
        name="hostile",
        header=["text", "number"],
        rows=[[text, -1] for text in HOSTILE_CELLS],
    )


def test_csv_starts_with_the_bom_and_neutralises_every_hostile_cell():
    rows = csv_rows(csv_response(hostile_table()))
    assert rows[0] == ["text", "number"]
    assert_inert(rows)


def test_numbers_stay_numbers_and_decimals_are_positional():
    table = Table(
        name="n", header=["a"], rows=[[-1, Decimal("-12.50"), Decimal("1E+3"), 2.5, None, True]]
    )
    assert csv_rows(csv_bytes(table))[1] == ["-1", "-12.50", "1000", "2.5", "", "1"]


def test_times_are_written_in_tokyo_at_13_00_and_across_midnight():
    late_on_31_march_utc = datetime.datetime(2026, 3, 31, 15, 30, tzinfo=UTC)
    table = Table(
        name="t",
        header=["at"],
        rows=[[ONE_PM_IN_TOKYO], [late_on_31_march_utc], [datetime.date(2026, 4, 1)]],
    )
    assert csv_rows(csv_bytes(table))[1:] == [
        ["2026/05/01 13:00"],
        ["2026/04/01 00:30"],
        ["2026/04/01"],
    ]


def test_csv_is_streamed_with_crlf_and_not_cached():
    response = csv_response(Table(name="s", header=["a"], rows=iter([["x"], ["y"]])))
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="s.csv"'
    assert response["Cache-Control"] == "private, no-store"
    assert downloaded(response) == "\ufeffa\r\nx\r\ny\r\n".encode()


def test_headers_are_translated_in_the_active_language(settings):
    from django.utils import translation
    from django.utils.translation import gettext_lazy

    with translation.override("ja"):
        rows = csv_rows(csv_bytes(Table(name="h", header=[gettext_lazy("Status")], rows=[])))
    assert rows[0] == ["状態"]


def test_xlsx_keeps_hostile_text_as_text_and_times_in_tokyo():
    table = Table(
        name="x",
        header=["text", "at", "yen"],
        rows=[[text, ONE_PM_IN_TOKYO, 1_500_000] for text in HOSTILE_CELLS],
    )
    data = downloaded(xlsx_response(table))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        sheet_xml = package.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml, "no cell of the workbook is a formula"
    sheet = load_workbook(io.BytesIO(data)).active
    texts = [row[0].value for row in sheet.iter_rows(min_row=2)]
    # XML reads a carriage return back as a line feed; the cell is text either way.
    assert texts == [text.replace("\r", "\n") for text in HOSTILE_CELLS]
    first = next(sheet.iter_rows(min_row=2))
    assert first[0].data_type == "s" and first[0].quotePrefix
    assert first[1].value == datetime.datetime(2026, 5, 1, 13, 0)
    assert first[2].value == 1_500_000 and first[2].data_type == "n"


@pytest.mark.django_db
def test_personal_data_writes_one_access_log_row(django_user_model):
    user = django_user_model.objects.create_user(email="sec@example.jp", password="x" * 12)
    csv_response(
        hostile_table(),
        personal=PersonalData(user=user, what="registrants", count=7, ip_address="192.0.2.1"),
    )
    logged = AccessEvent.objects.get(kind=AccessEvent.Kind.PERSONAL_DATA_EXPORT)
    assert (logged.user, logged.what, logged.count) == (user, "registrants", 7)


def test_personal_data_is_never_exported_without_an_access_log(monkeypatch):
    monkeypatch.setattr(exports, "_access_log", None)
    with pytest.raises(ImproperlyConfigured):
        csv_response(hostile_table(), personal=PersonalData(user=None, what="x", count=1))
