"""A browser for the topology tests: its own cookies, sent to whichever server it asks.

The servers believe they are behind HTTPS (X-Forwarded-Proto, which nginx sets itself), so
their cookies are Secure; a real browser sends them to the proxy's one address, and this one
sends them to the proxy and to each server alike, as a load balancer would spread a browser's
requests. Redirects are not followed: the tests read where they lead.
"""

import urllib.error
import urllib.request
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

# The servers' CSRF check compares Origin with https://<Host>.
ORIGIN = "https://127.0.0.1"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


class Response:
    def __init__(self, status: int, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


class Visitor:
    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, method: str, url: str, *, data=None, files=None, headers=None, timeout=30):
        sent = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if method == "POST":
            sent.setdefault("Origin", ORIGIN)
            if "csrftoken" in self.cookies:
                sent.setdefault("X-CSRFToken", self.cookies["csrftoken"])
            if files:
                body = encode_multipart(BOUNDARY, {**(data or {}), **files})
                sent["Content-Type"] = MULTIPART_CONTENT
            else:
                body = urlencode(data or {}, doseq=True).encode()
                sent["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(url, data=body, headers=sent, method=method)  # noqa: S310
        try:
            with _opener.open(request, timeout=timeout) as answer:
                response = Response(answer.status, answer.headers, answer.read())
        except urllib.error.HTTPError as error:
            response = Response(error.code, error.headers, error.read())
        self._keep_cookies(response.headers)
        return response

    def get(self, url: str, **kwargs) -> Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, data=None, **kwargs) -> Response:
        return self.request("POST", url, data=data, **kwargs)

    def submit(self, url: str, values: dict, *, files=None, form_id: str | None = None):
        """Open the form at `url`, keep what it already holds (hidden fields, selected options,
        the CSRF token), change `values`, and post it back to `url`."""
        page = self.get(url)
        assert page.status == 200, (url, page.status, page.location)
        fields = form_fields(page.text, form_id=form_id)
        fields.update(values)
        return self.post(url, fields, files=files)

    def _keep_cookies(self, headers) -> None:
        for header in headers.get_all("Set-Cookie") or ():
            parsed = SimpleCookie()
            parsed.load(header)
            for name, morsel in parsed.items():
                if morsel.value == "" or morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value


class _FormParser(HTMLParser):
    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.done = form_id, False, False
        self.fields: dict[str, list[str]] = {}
        self._select: str | None = None
        self._select_options: list[tuple[str, bool]] = []
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.done:
            wanted = attrs.get("id") == self.form_id if self.form_id else True
            self.inside = wanted and (attrs.get("method") or "").lower() == "post"
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and "__prefix__" not in name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "select" and name and "__prefix__" not in name:
            self._select, self._select_options = name, []
            self._multiple = "multiple" in attrs
        elif tag == "option" and self._select:
            self._select_options.append((attrs.get("value") or "", "selected" in attrs))
        elif tag == "textarea" and name and "__prefix__" not in name:
            self._textarea = name
            self.fields[name] = [""]

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside, self.done = False, True
        elif tag == "textarea" and self._textarea:
            # A browser drops the one newline that follows <textarea>.
            value = self.fields[self._textarea][0]
            self.fields[self._textarea][0] = value.removeprefix("\n")
            self._textarea = None
        elif tag == "select" and self._select:
            chosen = [value for value, selected in self._select_options if selected]
            if not chosen and not self._multiple and self._select_options:
                chosen = [self._select_options[0][0]]
            if chosen:
                self.fields[self._select] = chosen
            self._select = None


def form_fields(html: str, *, form_id: str | None = None) -> dict:
    """What a browser would post for the page's first POST form (or the one with `form_id`)."""
    parser = _FormParser(form_id)
    parser.feed(html)
    return {
        name: values if len(values) > 1 else values[0] for name, values in parser.fields.items()
    }
