"""What the hostile-input tests send, and the client that records what broke."""

from urllib.parse import quote

from django.test import Client

from tests.crawl import send_recording_failure

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

    def get(self, url: str):
        return self._send(self.client.get, "GET", url)

    def post(self, url: str, data: dict):
        return self._send(self.client.post, "POST", url, data)

    def _send(self, send, method: str, url: str, *args):
        response, failure = send_recording_failure(send, method, url, *args)
        if failure:
            self.failures.append(failure)
        return response
