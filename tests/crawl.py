"""A crawler of the public site, for tests: it finds addresses the way a visitor or a robot does.

It starts from the sitemaps, the OpenAPI document and every URL pattern without parameters, in
Japanese and English, then follows links, feeds and GET forms (each filter's options, one at a
time) on every HTML page it fetches. Addresses are kept per URL pattern (several instances each,
a few of each pagination or filter variant), so a new page is crawled as soon as anything links
to it. Every response is fetched as an anonymous visitor; any 5xx or a traceback is a failure.
"""

import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from django.conf import settings
from django.core.signals import got_request_exception
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils import translation

# Instances of one URL pattern (detail pages of one kind), and of one filter or page variant.
INSTANCES_PER_PATTERN = 40
INSTANCES_PER_VARIANT = 3
MAX_URLS = 6000
SEARCH_TERM = "ゴーヤ"
LANGUAGE_NEUTRAL = ("/api/", "/sitemap", "/robots.txt", "/healthz", "/media/", "/static/")
# The API's browsable docs are a page of the site in both languages, unlike the API itself.
BILINGUAL_UNDER_NEUTRAL = ("/api/docs",)


class _Links(HTMLParser):
    """Links, feeds and the variants of each GET form on one page."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self._form: dict | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("a", "link") and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self._form = {"action": attrs.get("action") or "", "fields": defaultdict(list)}
        elif self._form is not None and tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
        elif self._form is not None and tag == "option" and self._select:
            if attrs.get("value"):
                self._form["fields"][self._select].append(attrs["value"])
        elif self._form is not None and tag == "input" and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and attrs.get("value"):
                self._form["fields"][attrs["name"]].append(attrs["value"])
            elif kind in ("text", "search") and attrs["name"] == "q":
                self._form["fields"]["q"].append(SEARCH_TERM)
            elif kind == "date":
                self._form["fields"][attrs["name"]].append("2026-06-01")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form" and self._form is not None:
            action = self._form["action"]
            for name, values in self._form["fields"].items():
                for value in values[: INSTANCES_PER_VARIANT + 1]:
                    self.links.append(f"{action}?{urlencode({name: value})}")
            self._form = None


def url_patterns() -> dict[str, str]:
    """Every route of the site outside the admin, by its name: {"news:detail": "news/<int:pk>/"}."""
    found = {}

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                found[name] = prefix + str(pattern.pattern)

    walk(get_resolver().url_patterns, "", None)
    return found


def language_of(path: str) -> str:
    if path.startswith(LANGUAGE_NEUTRAL) and not path.startswith(BILINGUAL_UNDER_NEUTRAL):
        return "neutral"
    return "en" if path.startswith("/en/") else "ja"


def route_of(path: str) -> str | None:
    """The URL pattern's name that serves the path, or None outside the site's routes."""
    language = "en" if path.startswith("/en/") else settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            match = resolve(path)
        except Resolver404:
            return None
    return match.view_name


@dataclass
class Crawl:
    client: Client
    failures: list[str] = field(default_factory=list)
    visited: dict[str, int] = field(default_factory=dict)
    routes: Counter = field(default_factory=Counter)
    _variants: Counter = field(default_factory=Counter)
    _queue: list[str] = field(default_factory=list)
    _seen: set[str] = field(default_factory=set)
    per_pattern: int = INSTANCES_PER_PATTERN

    def add(self, url: str, *, base: str = "/") -> None:
        """Queue an address of this site unless its pattern or variant has enough instances."""
        absolute = urljoin(base, url.strip())
        parts = urlsplit(absolute)
        site = urlsplit(settings.SITE_URL)
        if parts.scheme not in ("http", "https", "") or (
            parts.netloc and parts.netloc not in (site.netloc, "testserver")
        ):
            return
        path = parts.path
        if not path.startswith("/") or path.startswith(("/admin/", "/static/", "/media/")):
            return
        query = urlencode(sorted(parse_qsl(parts.query)))
        address = f"{path}?{query}" if query else path
        if address in self._seen:
            return
        route = route_of(path) or "unrouted"
        language = language_of(path)
        variant = (route, language, tuple(sorted(k for k, _v in parse_qsl(parts.query))))
        if self.routes[(route, language)] >= self.per_pattern:
            return
        if variant[2] and self._variants[variant] >= INSTANCES_PER_VARIANT:
            return
        self._seen.add(address)
        self.routes[(route, language)] += 1
        self._variants[variant] += 1
        self._queue.append(address)

    def run(self) -> None:
        while self._queue and len(self.visited) < MAX_URLS:
            address = self._queue.pop(0)
            response = self._get(address)
            content_type = response.get("Content-Type", "")
            if response.status_code != 200 or response.streaming:
                continue
            if content_type.startswith("text/html"):
                parser = _Links()
                parser.feed(response.content.decode("utf-8", "replace"))
                for link in parser.links:
                    self.add(link, base=address)
            elif "xml" in content_type or "rss" in content_type or "atom" in content_type:
                for link in re.findall(r"<(?:loc|link)>([^<]+)</", response.content.decode()):
                    self.add(link, base=address)
                for link in re.findall(r'<link[^>]+href="([^"]+)"', response.content.decode()):
                    self.add(link, base=address)
            elif content_type.startswith("application/json"):
                for link in _urls_in(response.json()):
                    self.add(link, base=address)

    def _get(self, address: str):
        response, failure = send_recording_failure(self.client.get, "GET", address)
        self.visited[address] = response.status_code
        if failure:
            self.failures.append(failure)
        return response

    def per_language(self) -> dict[str, int]:
        return dict(Counter(language_of(address) for address in self.visited))


def send_recording_failure(send, method: str, address: str, *args):
    """The response to `send(address, *args)`, and what makes it a failure ("" if nothing): a
    5xx or any "Traceback" in the body, with the exception the request raised."""
    raised = []

    def record(sender, **kwargs):
        error = sys.exc_info()[1]
        raised.append(f"{type(error).__name__}: {str(error)[:300]}")

    got_request_exception.connect(record)
    try:
        response = send(address, *args)
    finally:
        got_request_exception.disconnect(record)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.status_code < 500 and b"Traceback" not in body:
        return response, ""
    return response, f"{method} {address[:200]} -> {response.status_code} {' '.join(raised)}"


def _urls_in(data) -> list[str]:
    """Addresses of this site named anywhere in a JSON answer (the API's `url` fields)."""
    found = []
    if isinstance(data, dict):
        for value in data.values():
            found += _urls_in(value)
    elif isinstance(data, list):
        for value in data:
            found += _urls_in(value)
    elif isinstance(data, str) and (
        data.startswith(settings.SITE_URL + "/") or re.fullmatch(r"/[\w/.-]*", data)
    ):
        found.append(data)
    return found


def api_addresses(client: Client) -> list[str]:
    """Every path of the OpenAPI document, its parameters taken from the lists it answers.

    `/api/news/articles/{article_id}` takes the ids of `/api/news/articles`' items; a list's
    parameters come from its item fields and its second page.
    """
    document = client.get("/api/openapi.json").json()
    paths = sorted(document["paths"])
    items_of: dict[str, list] = {}
    addresses = []
    for path in paths:
        if "{" in path:
            continue
        addresses.append(path)
        response = client.get(path)
        body = response.json() if response.status_code == 200 else None
        items = body.get("items", []) if isinstance(body, dict) else body or []
        items_of[path.rstrip("/")] = items if isinstance(items, list) else []
        parameters = document["paths"][path].get("get", {}).get("parameters", [])
        names = {p["name"] for p in parameters}
        if {"limit", "offset"} <= names:
            addresses.append(f"{path}?limit=5&offset=5")
        if {"page", "page_size"} <= names:
            addresses.append(f"{path}?page=2&page_size=5")
        for parameter in names - {"limit", "offset", "page", "page_size"}:
            values = {
                str(item.get(parameter) or item.get(parameter.removesuffix("_code")) or "")
                for item in items_of[path.rstrip("/")][:20]
                if isinstance(item, dict)
            } - {""}
            for value in sorted(values)[:INSTANCES_PER_VARIANT]:
                addresses.append(f"{path}?{urlencode({parameter: value})}")
    for path in paths:
        if "{" not in path:
            continue
        parent, parameter = re.match(r"(.*?)/\{(\w+)\}", path).groups()
        items = items_of.get(parent.rstrip("/"), [])
        for item in items[: INSTANCES_PER_VARIANT + 2]:
            if not isinstance(item, dict):
                continue
            value = item.get(parameter, item.get("id", item.get("code", item.get("year"))))
            if value is not None:
                addresses.append(re.sub(r"\{\w+\}", str(value), path, count=1))
    return [a for a in addresses if "{" not in a]


def sitemap_addresses(client: Client) -> list[str]:
    index = client.get("/sitemap.xml").content.decode()
    found = []
    for section in re.findall(r"<loc>([^<]+)</loc>", index):
        path = urlsplit(section).path
        found.append(path)
        found += re.findall(r"<loc>([^<]+)</loc>", client.get(path).content.decode())
    return found


def crawl_site(client: Client, *, per_pattern: int = INSTANCES_PER_PATTERN) -> Crawl:
    """Every public address found from the starting points, at most `per_pattern` a route."""
    crawl = Crawl(client, per_pattern=per_pattern)
    for route, pattern in url_patterns().items():
        if "<" not in pattern and "(?P" not in pattern:
            crawl.add("/" + pattern)
            if route_of("/en/" + pattern) == route:
                crawl.add("/en/" + pattern)
    for address in sitemap_addresses(client) + api_addresses(client):
        crawl.add(address)
    crawl.run()
    return crawl


def dump(crawl: Crawl) -> str:
    """The visited addresses with their status, for a failing run's message."""
    return json.dumps(crawl.visited, ensure_ascii=False, indent=0)[:5000]
