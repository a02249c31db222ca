"""What the hostile-input tests send, and the client that records what broke."""

import sys
from urllib.parse import quote

from django.core.signals import got_request_exception
from django.test import Client

HUGE = "99999999999999999999"  # past PostgreSQL's bigint
NUL = "\x00"

# Raw (already percent-encoded where it matters) query values.
HOSTILE_VALUES = [
    "-1",
    "0",
    "abc",
    "99999999999999999999999",
    "-" + HUGE,
    "2147483648",
    "1e9",
    "1.5",
    "%00",
    "131016%00",
    "x" * 10_000,
    quote("' OR 1=1--"),
    quote("<script>alert(1)</script>"),
    "2026-02-30",
    "2026-13",
    "0001-01-01",
    "9999-12-31",
    quote("日本語"),
    quote("²"),  # str.isdigit() is true, int() refuses it
    quote("１２"),
    "%ff%fe",
    "%20",
]

# Every filter a public page or the API reads, and the usual guesses of a fuzzer.


class Probe:
    """A client that answers 500 instead of raising, and remembers why a request failed."""

    def __init__(self, client: Client):
        self.client = client
        self.failures: list[str] = []
        self._error = ""

    def _record(self, sender, **kwargs):
        error = sys.exc_info()[1]
        self._error = f"{type(error).__name__}: {str(error)[:200]}"

    def get(self, url: str):
        self._error = ""
        got_request_exception.connect(self._record)
        try:
            response = self.client.get(url)
        finally:
            got_request_exception.disconnect(self._record)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if response.status_code >= 500 or b"Traceback" in body:
            self.failures.append(f"GET {url[:160]} -> {response.status_code} {self._error}")
        return response

    def post(self, url: str, data: dict):
        self._error = ""
        got_request_exception.connect(self._record)
        try:
            response = self.client.post(url, data)
        finally:
            got_request_exception.disconnect(self._record)
        if response.status_code >= 500 or b"Traceback" in response.content:
            self.failures.append(f"POST {url[:160]} -> {response.status_code} {self._error}")
        return response
