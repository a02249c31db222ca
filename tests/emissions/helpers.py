"""Builders for the CSV files of the public contract."""

from municipalities.models import Municipality


def csv_bytes(header: str, rows: list[str], *, encoding: str = "utf-8", bom: bool = False) -> bytes:
    text = "\r\n".join([header, *rows]) + "\r\n"
    data = text.encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def all_codes() -> list[str]:
    return list(Municipality.objects.ordered().values_list("code", flat=True))
