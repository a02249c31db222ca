"""Background jobs and the registration burst of `make bench`, against its data set.

Run by scripts/bench.py with the production-like environment (PostgreSQL, Redis). Prints
Markdown table rows. Each part starts the real pieces it measures: a Celery worker and an
aiosmtpd SMTP sink for the newsletter, gunicorn for the registration burst.
"""

import datetime
import http.cookiejar
import os
import re
import smtplib
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from email.message import EmailMessage
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eco62.settings")
SMTP_PORT = int(os.environ.get("BENCH_SMTP_PORT", "2525"))
BURST_PORT = int(os.environ.get("BENCH_BURST_PORT", "8090"))
BARE_SMTP_MESSAGES = 5000
BURST_REQUESTS = 200
BURST_SEATS = 50
# make bench must finish in 15 minutes; past this the rate so far is reported.
NEWSLETTER_TIME_LIMIT_SECONDS = int(os.environ.get("BENCH_NEWSLETTER_SECONDS", "240"))


# --- SMTP sink ------------------------------------------------------------------------


class CountingHandler:
    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        with self.lock:
            self.count += 1
        return "250 OK"


def start_sink():
    import logging

    from aiosmtpd.controller import Controller

    # aiosmtpd logs every SMTP command at INFO; at 100,000 messages that is the bottleneck.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    handler = CountingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=SMTP_PORT)
    controller.start()
    return controller, handler


def bare_smtplib_rate(handler) -> float:
    """Messages per second of a plain smtplib loop on one connection: the ceiling."""
    before = handler.count
    started = time.monotonic()
    with smtplib.SMTP("127.0.0.1", SMTP_PORT) as client:
        for index in range(BARE_SMTP_MESSAGES):
            message = EmailMessage()
            message["From"] = "bench@eco62.example"
            message["To"] = f"s{index}@bench.example"
            message["Subject"] = "ECOネット東京62 ニュースレター"
            message.set_content("本文 " * 200)
            message.add_alternative("<p>" + "本文 " * 200 + "</p>", subtype="html")
            client.send_message(message)
    elapsed = time.monotonic() - started
    assert handler.count - before == BARE_SMTP_MESSAGES
    return BARE_SMTP_MESSAGES / elapsed


# --- process memory -----------------------------------------------------------------


def tree_memory_mb(pid: int) -> tuple[float, float]:
    """(PSS, RSS) of a process and its children, in MB (Linux /proc).

    Prefork children share the parent's pages copy-on-write; a sum of RSS counts those pages
    once per process. PSS divides each shared page among the processes sharing it, so its sum
    is the memory the worker really holds.
    """
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(child) for child in children]
    except OSError:
        pass
    pss = rss = 0
    for one in pids:
        try:
            rollup = Path(f"/proc/{one}/smaps_rollup").read_text()
            pss += int(re.search(r"^Pss:\s+(\d+)", rollup, re.M).group(1))
            rss += int(re.search(r"^Rss:\s+(\d+)", rollup, re.M).group(1))
        except (OSError, AttributeError):
            continue
    return pss / 1024, rss / 1024


class MemorySampler(threading.Thread):
    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.samples: list[float] = []
        self.rss_samples: list[float] = []
        self.running = True

    def run(self):
        while self.running:
            pss, rss = tree_memory_mb(self.pid)
            self.samples.append(pss)
            self.rss_samples.append(rss)
            time.sleep(0.5)


# --- newsletter ---------------------------------------------------------------------


def discard_issue(issue) -> None:
    """A measurement's issue: its million deliveries go, in one statement (a queryset delete
    would send a signal per row), and it stays out of the digest and the archive."""
    from django.db import connection

    from newsletter.models import Issue, IssueStatus

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM newsletter_delivery WHERE issue_id = %s", [issue.pk])
    Issue.objects.filter(pk=issue.pk).update(status=IssueStatus.DRAFT)


def bench_newsletter(rows: list[str]) -> None:
    import django

    django.setup()
    from accounts.models import User
    from newsletter import services
    from newsletter.models import Delivery, Issue, Subscriber

    controller, handler = start_sink()
    try:
        bare_rate = bare_smtplib_rate(handler)
        subscribers = Subscriber.objects.receiving().count()
        actor, _created = User.objects.get_or_create(
            email="bench-secretariat@eco62.example",
            defaults={"is_staff": True, "is_superuser": True},
        )
        issue = Issue.objects.create(
            subject_ja="ベンチマーク号",
            subject_en="Benchmark issue",
            subject="ベンチマーク号",
            body_ja="## 今月のお知らせ\n\n" + "本文です。" * 100,
            body_en="## This month\n\n" + "Body text. " * 100,
            body="## 今月のお知らせ\n\n" + "本文です。" * 100,
        )
        queue = f"bench-{uuid.uuid4().hex[:8]}"
        env = {
            **os.environ,
            "EMAIL_URL": f"smtp://127.0.0.1:{SMTP_PORT}",
            "NEWSLETTER_MESSAGES_PER_SECOND": "0",
            "CELERY_QUEUE": queue,
        }
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "eco62",
                "worker",
                "--concurrency=2",
                "-Q",
                queue,
                "--loglevel=warning",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        sampler = MemorySampler(worker.pid)
        sampler.start()
        from eco62.celery import app

        app.conf.task_default_queue = queue
        app.conf.task_always_eager = False
        time.sleep(5)  # the worker connects to the broker
        before = handler.count
        started = time.monotonic()
        services.start_sending(issue_id=issue.pk, actor=actor)
        deadline = started + NEWSLETTER_TIME_LIMIT_SECONDS
        fanned_out = None  # seconds until every subscriber has a delivery row
        fan_out_samples = 0
        first_message = None
        while time.monotonic() < deadline:
            issue.refresh_from_db()
            if first_message is None and handler.count > before:
                first_message = time.monotonic() - started
            if fanned_out is None and (
                Delivery.objects.filter(issue=issue).count() >= subscribers
                or issue.status != "sending"
            ):
                fanned_out = time.monotonic() - started
                fan_out_samples = len(sampler.samples)
            if issue.status != "sending":
                break
            time.sleep(1)
        elapsed = time.monotonic() - started
        sampler.running = False
        worker.terminate()
        worker.wait(timeout=30)
        received = handler.count - before
        deliveries = Delivery.objects.filter(issue=issue)
        sent = deliveries.filter(status="sent").count()
        # The rate of sending, from the first message on: the fan-out before it is shown apart.
        sending_seconds = elapsed - (first_message or 0)
        rate = received / sending_seconds if sending_seconds else 0
        duplicates = received - sent
        discard_issue(issue)
        peak = max(sampler.samples) if sampler.samples else 0
        first_half = sampler.samples[: len(sampler.samples) // 2] or [0]
        second_half = sampler.samples[len(sampler.samples) // 2 :] or [0]
        fan_out_peak = max(sampler.samples[: fan_out_samples or None] or [0])
        rows += [
            f"| newsletter: subscribers receiving | {subscribers:,} | |",
            "| newsletter: fan-out (a delivery row per subscriber) | "
            + (f"{subscribers:,} rows in {fanned_out:.0f} s" if fanned_out else "not finished")
            + f", worker peak {fan_out_peak:.0f} MB PSS meanwhile | bounded time and memory |",
            f"| newsletter: messages received by the SMTP sink | {received:,} (delivery records sent: {sent:,}; duplicates: {duplicates}) | every subscriber once |",
            f"| newsletter: messages/s through Celery | {rate:,.0f} ({sending_seconds:.0f} s "
            f"sending, after {first_message or 0:.0f} s of fan-out; {elapsed:.0f} s in all) | |",
            f"| newsletter: bare smtplib loop, messages/s | {bare_rate:,.0f} | |",
            f"| newsletter: ratio to bare smtplib | {rate / bare_rate:.2f} | ≥ 0.80 |",
            f"| newsletter: worker peak memory (PSS of all processes) | {peak:.0f} MB (median of first half {statistics.median(first_half):.0f} MB, of second half {statistics.median(second_half):.0f} MB; RSS summed per process {max(sampler.rss_samples or [0]):.0f} MB) | < 300 MB, flat |",
        ]
    finally:
        controller.stop()


# --- emissions, report --------------------------------------------------------------


def bench_emissions(rows: list[str]) -> None:
    output = subprocess.run(
        [sys.executable, "manage.py", "bench_emissions"],
        cwd=BASE_DIR,
        env=os.environ,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    rows.append(
        f"| emissions: 62 × 33 years calculation | {' '.join(output.split())} | ≤ 3× bare insert |"
    )


REPORT_CODE = """
import resource, time, django
django.setup()
from accounts.models import User
from reports import services
actor, _ = User.objects.get_or_create(email="bench-secretariat@eco62.example", defaults={"is_staff": True, "is_superuser": True})
started = time.monotonic()
report = services.request_build(fiscal_year=2011, actor=actor)
report = services.build_report(report_id=report.pk)
elapsed = time.monotonic() - started
print(f"{elapsed:.1f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} {report.status}")
"""


def bench_report(rows: list[str]) -> None:
    env = {**os.environ, "CELERY_TASK_ALWAYS_EAGER": "true"}
    output = subprocess.run(
        [sys.executable, "-c", REPORT_CODE],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    seconds, peak, status = output[-3:]
    rows.append(
        f"| annual report FY2011 (HTML + PDF + CSV) | {seconds} s, peak {peak} MB, {status} | |"
    )


# --- registration burst -------------------------------------------------------------


def create_burst_event() -> int:
    import django

    django.setup()
    from django.utils import timezone

    from events.models import Event

    now = timezone.now()
    event = Event.objects.create(
        title="ベンチマーク講座",
        title_ja="ベンチマーク講座",
        title_en="Benchmark course",
        description="負荷試験用",
        description_ja="負荷試験用",
        category="public_course",
        start=now + datetime.timedelta(days=30),
        end=now + datetime.timedelta(days=30, hours=3),
        registration_mode="first_come",
        capacity=BURST_SEATS,
        max_party_size=1,
        registration_opens=now - datetime.timedelta(days=1),
        registration_closes=now + datetime.timedelta(days=20),
    )
    return event.pk


def bench_burst(rows: list[str]) -> None:
    sys.path.insert(0, str(BASE_DIR / "scripts"))
    from bench import serve, stop

    event_id = create_burst_event()
    env = {**os.environ, "PUBLIC_FORM_RATE_LIMIT": "100000", "ANONYMOUS_PAGE_CACHE_SECONDS": "0"}
    server = serve(env, port=BURST_PORT, workers=2)
    try:
        base = f"http://127.0.0.1:{BURST_PORT}"
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(f"{base}/events/{event_id}/register/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        cookie = "; ".join(f"{c.name}={c.value}" for c in jar)

        def register(index: int) -> tuple[int, float]:
            body = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": token,
                    "name": f"参加者{index}",
                    "kana": "さんかしゃ",
                    "email": f"burst{index}@bench.example",
                    "phone": "0312345678",
                    "party_size": "1",
                    "accessibility_needs": "",
                    "privacy_consent": "on",
                    "website": "",
                }
            ).encode()
            request = urllib.request.Request(
                f"{base}/events/{event_id}/register/",
                data=body,
                method="POST",
                headers={
                    "Cookie": cookie,
                    "Referer": f"{base}/events/{event_id}/register/",
                    "Content-Type": "application/x-www-form-urlencoded",
                },
            )
            started = time.monotonic()
            try:
                with urllib.request.build_opener(NoRedirect).open(request, timeout=60) as response:
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            return status, (time.monotonic() - started) * 1000

        with ThreadPoolExecutor(max_workers=BURST_REQUESTS) as pool:
            results = list(pool.map(register, range(BURST_REQUESTS)))
    finally:
        stop(server)
    from events.models import Registration

    confirmed = Registration.objects.filter(event_id=event_id, status="confirmed").count()
    waiting = Registration.objects.filter(event_id=event_id, status="waitlisted").count()
    errors = sum(1 for status, _ in results if status not in (302, 303))
    latencies = sorted(ms for _, ms in results)
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    rows.append(
        f"| registration burst: {BURST_REQUESTS} at once for {BURST_SEATS} seats | "
        f"confirmed {confirmed}, waiting {waiting}, errors {errors}, p99 {p99:.0f} ms | "
        f"exactly {BURST_SEATS} confirmed, {BURST_REQUESTS - BURST_SEATS} waiting, 0 errors |"
    )


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def main() -> None:
    rows = ["| job | measured | target |", "| --- | --- | --- |"]
    for part in (bench_emissions, bench_report, bench_burst, bench_newsletter):
        try:
            part(rows)
        except Exception as error:  # noqa: BLE001 - report the failure in the table, go on
            rows.append(f"| {part.__name__} | FAILED: {type(error).__name__}: {error} | |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
