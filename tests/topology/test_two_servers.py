"""Two gunicorn servers of the portal behind the repository's nginx, on PostgreSQL + Redis.

One topology is started for the module (tests/topology/servers.py). Each test prints its
figures as `TOPOLOGY name=value` lines, also listed at the end of the run (the summary hook in
tests/conftest.py), so `make test-services` and CI show them without -s.
"""

import gzip
import re
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core import signing
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import Role
from core.files.access import SALT as PRIVATE_ADDRESS_SALT
from news.models import Article, Status
from tests.conftest import make_staff
from tests.news.factories import image_upload, make_article
from tests.participation.conftest import PASSWORD as MEMBER_PASSWORD
from tests.participation.conftest import make_organisation
from tests.topology.proxy import FAIL_TIMEOUT_SECONDS
from tests.topology.servers import (
    PUBLIC_FORM_RATE_LIMIT,
    SECRET_KEY,
    fetch,
    nginx_path,
    start_topology,
)
from tests.topology.visitor import Visitor

# Records are committed for the servers to read. Every server process caches content type
# ids (the admin's log, the audit trail), and the flush after each test recreates those rows:
# with sequences reset they come back with the same ids (the module starts from such a flush).
pytestmark = [
    pytest.mark.topology,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True, reset_sequences=True),
]

STAFF_PASSWORD = "correct horse battery"  # what tests.conftest.make_staff sets
PROPAGATION_LIMIT_SECONDS = 2.0
POLL_SECONDS = 0.05
# The rolling restart's load: this many visitors asking every 50 ms until both servers are back.
RESTART_VISITORS = 4
MAX_REQUESTS_PER_VISITOR = 1000


@pytest.fixture(scope="module")
def flushed_with_sequences_reset(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def topology(flushed_with_sequences_reset):
    if nginx_path() is None:
        pytest.skip("needs nginx: `make system-packages` installs Debian's nginx package")
    from django.db import connection

    # Not under pytest's basetemp, which any later pytest run on the machine may prune.
    with tempfile.TemporaryDirectory(prefix="eco62-topology-") as root:
        yield from start_topology(Path(root), connection.settings_dict)


@pytest.fixture
def figure(record_property):
    """Print one measured figure and list it in the run's summary."""

    def report(name: str, value) -> None:
        line = f"TOPOLOGY {name}={value}"
        print(line)
        record_property("summary", line)

    return report


def sign_in_staff(server: str) -> Visitor:
    """A secretariat member with an authenticator signs in on `server`: password, then code."""
    user = make_staff(f"secretariat-{time.monotonic_ns()}@example.jp", Role.SECRETARIAT)
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    staff = Visitor()
    password_step = staff.submit(
        f"{server}/admin/login/",
        {"username": user.email, "password": STAFF_PASSWORD, "next": "/admin/"},
        form_id="login-form",
    )
    assert password_step.status == 302, password_step.text[:2000]
    asked = staff.get(f"{server}{password_step.location}")
    assert asked.status == 302 and asked.location.startswith("/admin/two-factor/verify/")
    code_step = staff.submit(
        f"{server}{asked.location}",
        {"code": f"{TOTP(device.bin_key).token():06d}"},
        form_id="login-form",
    )
    assert code_step.status == 302, code_step.text[:2000]
    assert not code_step.location.startswith("/admin/two-factor/"), code_step.location
    return staff


def poll_until_shown(url: str, text: str, *, within: float = 10.0):
    """Ask `url` anonymously every 50 ms until it shows `text`: (when, polls, page)."""
    visitor, polls, deadline = Visitor(), 0, time.monotonic() + within
    while time.monotonic() < deadline:
        polls += 1
        page = visitor.get(url).text
        if text in page:
            return time.monotonic(), polls, page
        time.sleep(POLL_SECONDS)
    return float("inf"), polls, page


def test_a_publication_on_one_server_reaches_the_others_cached_pages_within_two_seconds(
    topology, figure
):
    shown = make_article(title="伝播前から公開の記事")
    draft = make_article(title="サーバーAで公開する記事", status=Status.DRAFT)
    staff = sign_in_staff(topology.a)
    visitor = Visitor()  # anonymous: the whole-page cache serves it

    assert "伝播前から公開の記事" in visitor.get(f"{topology.b}/news/").text
    # Renamed behind the portal's back (no save signal): B still answering with the old title
    # shows its page comes from the cache, which only a new data version refreshes.
    Article.objects.filter(pk=shown.pk).update(title_ja="キャッシュの外で変えた題")
    time.sleep(1.1)  # past the second each process trusts the version it read
    cached = visitor.get(f"{topology.b}/news/").text
    assert "伝播前から公開の記事" in cached and "キャッシュの外で変えた題" not in cached

    # B keeps answering visitors all along, so its processes hold a version they trust.
    with ThreadPoolExecutor(max_workers=1) as pool:
        polling = pool.submit(poll_until_shown, f"{topology.b}/news/", "サーバーAで公開する記事")
        time.sleep(0.3)
        published = staff.submit(
            f"{topology.a}/admin/news/article/",
            {"action": "publish_selected", "_selected_action": str(draft.pk), "index": "0"},
            form_id="changelist-form",
        )
        answered_at = time.monotonic()
        shown_at, polls, page = polling.result()
    assert published.status == 302, published.text[:2000]
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    propagation = max(shown_at - answered_at, 0.0)
    figure("propagation_seconds", f"{propagation:.2f}")
    figure("propagation_polls", polls)
    assert propagation <= PROPAGATION_LIMIT_SECONDS
    assert "キャッシュの外で変えた題" in page  # the whole page was rebuilt, not patched


def test_a_sign_in_on_one_server_is_valid_on_the_other_with_its_second_factor(topology, figure):
    make_organisation("トポロジー小学校", "131016", member_email="teacher@topology.example.jp")
    member = Visitor()
    assert member.get(f"{topology.b}/participation/account/").status == 302
    signed_in = member.submit(
        f"{topology.a}/participation/login/",
        {"email": "teacher@topology.example.jp", "password": MEMBER_PASSWORD},
    )
    assert signed_in.status == 302, signed_in.text[:2000]
    dashboard = member.get(f"{topology.b}/participation/account/")
    assert dashboard.status == 200 and "トポロジー小学校" in dashboard.text

    user = make_staff(f"half-{time.monotonic_ns()}@example.jp", Role.SECRETARIAT)
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    half = Visitor()
    half.submit(
        f"{topology.a}/admin/login/",
        {"username": user.email, "password": STAFF_PASSWORD, "next": "/admin/"},
        form_id="login-form",
    )
    # A password alone on A is a password alone on B: B asks for the code.
    refused = half.get(f"{topology.b}/admin/news/article/")
    assert refused.status == 302 and "/admin/two-factor/verify/" in refused.location

    staff = sign_in_staff(topology.a)
    pages = ["/admin/", "/admin/news/article/", "/admin/accounts/user/"]
    statuses = {page: staff.get(f"{topology.b}{page}").status for page in pages}
    through_proxy = staff.get(f"{topology.proxy}/admin/news/article/")
    figure("staff_pages_on_b_without_a_second_code", sum(s == 200 for s in statuses.values()))
    assert statuses == dict.fromkeys(pages, 200)
    assert through_proxy.status == 200


def test_an_upload_through_one_server_is_served_by_the_other_and_the_proxy(topology, figure):
    staff = sign_in_staff(topology.a)
    added = staff.submit(
        f"{topology.a}/admin/news/article/add/",
        {
            "kind": "topic",
            "title_ja": "写真つきの記事",
            "lead_ja": "リードです。",
            "body_ja": "本文です。",
            "hero_image_alt_ja": "緑のカーテン",
            "_save_and_publish": "1",
        },
        files={"hero_image": image_upload("curtain.jpg", size=(640, 480))},
        form_id="article_form",
    )
    assert added.status == 302, re.findall(r'class="errorlist[^"]*">(.*?)</ul>', added.text)
    article = Article.objects.get(title_ja="写真つきの記事")
    assert article.status == Status.PUBLISHED
    assert (topology.private / article.hero_image.name).is_file()

    page = Visitor().get(f"{topology.b}/news/{article.pk}/")
    assert page.status == 200
    renditions = sorted(set(re.findall(r"/media/renditions/[0-9a-f]+-\d+\.webp", page.text)))
    assert renditions, "B's page shows no public rendition of A's upload"
    served = [fetch(f"{topology.proxy}{address}") for address in renditions]
    figure("upload_renditions_served_by_proxy", f"{sum(s == 200 for s, _h, _b in served)}")
    for status, headers, body in served:
        assert status == 200
        assert headers["Content-Type"] == "image/webp"
        assert body[:4] == b"RIFF" and body[8:12] == b"WEBP"
    # The web servers themselves serve no uploads once DEBUG is off: the proxy does.
    assert fetch(f"{topology.b}{renditions[0]}", {"X-Forwarded-Proto": "https"})[0] == 404


def test_rate_limits_are_counted_across_servers_and_a_forged_forwarded_for_changes_nothing(
    topology, figure
):
    into_the_hour = time.time() % 3600  # the limiter's window: all posts in the same one
    if into_the_hour > 3600 - 15:
        time.sleep(3600 - into_the_hour + 0.5)
    visitor = Visitor()
    assert visitor.get(f"{topology.proxy}/newsletter/subscribe/").status == 200
    targets = [
        (topology.a, {}),
        (topology.b, {}),
        # nginx replaces the client's header; the app reads TRUSTED_PROXY_COUNT=1 from the right.
        (topology.proxy, {"X-Forwarded-For": "198.51.100.{n}"}),
    ]
    statuses = []
    for n in range(PUBLIC_FORM_RATE_LIMIT + 4):
        server, headers = targets[n % len(targets)]
        forged = {name: value.format(n=n) for name, value in headers.items()}
        response = visitor.post(
            f"{server}/newsletter/subscribe/",
            {"email": "not an address", "csrfmiddlewaretoken": visitor.cookies["csrftoken"]},
            headers=forged,
        )
        statuses.append(response.status)
    allowed = sum(1 for status in statuses if status != 429)
    figure("rate_limit_posts_allowed", f"{allowed}_of_limit_{PUBLIC_FORM_RATE_LIMIT}")
    assert statuses[:PUBLIC_FORM_RATE_LIMIT] == [200] * PUBLIC_FORM_RATE_LIMIT, statuses
    assert statuses[PUBLIC_FORM_RATE_LIMIT:] == [429] * 4, statuses


def test_a_private_file_leaves_through_the_proxys_internal_location_only_when_permitted(
    topology, figure
):
    name = "grants/topology-notice.pdf"
    (topology.private / "grants").mkdir(exist_ok=True)
    (topology.private / name).write_bytes(b"%PDF-1.4 private notice")
    token = signing.dumps(
        {"n": name, "w": 0, "u": "staff"}, salt=PRIVATE_ADDRESS_SALT, key=SECRET_KEY
    )
    address = reverse("core:private_file", args=[token])
    staff = sign_in_staff(topology.a)

    delegated = staff.get(f"{topology.b}{address}")
    assert delegated.status == 200
    assert delegated.headers["X-Accel-Redirect"] == f"/_private/{name}"
    assert delegated.body == b""

    permitted = staff.get(f"{topology.proxy}{address}")
    assert permitted.status == 200
    assert permitted.body == b"%PDF-1.4 private notice"
    assert permitted.headers["Content-Type"] == "application/pdf"
    assert "X-Accel-Redirect" not in permitted.headers
    assert permitted.headers.get_all("Cache-Control") == ["private, no-store"]
    assert permitted.headers["X-Content-Type-Options"] == "nosniff"

    anonymous = fetch(f"{topology.proxy}{address}")
    direct = fetch(f"{topology.proxy}/_private/{name}")
    figure(
        "private_file_statuses",
        f"permitted_{permitted.status}_anonymous_{anonymous[0]}_direct_{direct[0]}",
    )
    assert anonymous[0] == 404 and b"private notice" not in anonymous[2]
    assert direct[0] == 404 and b"private notice" not in direct[2]


def test_nginx_serves_files_and_compressed_pages_and_a_rolling_restart_loses_nothing(
    topology, figure
):
    proxy, servers = topology.proxy, topology.servers
    (topology.media / "photo.txt").write_bytes(b"uploaded once, served by the proxy")
    assert fetch(f"{proxy}/media/photo.txt")[2] == b"uploaded once, served by the proxy"

    static = sorted((topology.var / "static").rglob("*.css"))[0]
    relative = static.relative_to(topology.var / "static")
    status, _headers, _body = fetch(f"{proxy}/static/{relative}")
    assert status == 200

    status, headers, body = fetch(f"{proxy}/", {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers.get("Content-Encoding") == "gzip"
    assert b"<html" in gzip.decompress(body)

    restarted = threading.Event()

    def steady_visitor():
        statuses = []
        while not restarted.is_set() and len(statuses) < MAX_REQUESTS_PER_VISITOR:
            try:
                statuses.append(fetch(f"{proxy}/healthz", timeout=30)[0])
            except OSError:
                statuses.append(0)
            time.sleep(0.05)
        return statuses

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=RESTART_VISITORS) as pool:
        visitors = [pool.submit(steady_visitor) for _ in range(RESTART_VISITORS)]
        time.sleep(1)
        for server in servers:
            server.stop()
            server.start()
            # nginx skips a server for fail_timeout after it refused a connection while down;
            # stopping the other one sooner would leave the proxy with no server it would try.
            time.sleep(FAIL_TIMEOUT_SECONDS + 0.5)
        restarted.set()
        statuses = [status for visitor in visitors for status in visitor.result()]
    lost = sum(1 for status in statuses if status != 200)
    figure("rolling_restart_requests", len(statuses))
    figure("rolling_restart_lost", lost)
    figure("rolling_restart_seconds", f"{time.monotonic() - started:.1f}")
    assert lost == 0
