"""Reading exported tables back as a spreadsheet would, to prove every export is inert."""

import csv
import io

from core.exports import BOM

# What a hostile registrant, entrant or applicant types to make a cell run in Excel.
HOSTILE_CELLS = (
    '=HYPERLINK("http://x")',
    "=1+1",
    "+1",
    "-1+1",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
)


def downloaded(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def csv_rows(response_or_bytes) -> list[list[str]]:
    """The rows of a CSV export; fails unless the file starts with the UTF-8 byte-order mark."""
    data = (
        response_or_bytes if isinstance(response_or_bytes, bytes) else downloaded(response_or_bytes)
    )
    text = data.decode("utf-8")
    assert text.startswith(BOM), "a CSV for Excel starts with the byte-order mark"
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def assert_inert(rows: list[list[str]], hostile=HOSTILE_CELLS) -> None:
    """Every hostile text came out with the apostrophe that keeps it text, none came out live."""
    cells = {cell for row in rows for cell in row}
    for text in hostile:
        assert text not in cells, f"{text!r} is exported as a live formula"
        assert "'" + text in cells, f"{text!r} is missing from the export"
