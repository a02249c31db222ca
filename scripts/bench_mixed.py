"""The mixed workload of `make bench`: the page mix read while the site is written to.

Run by scripts/bench.py with the production-like environment, against its gunicorn (page cache
on). Two rounds of the same length, back to back: read-only, then with writers. Every page of
the mix gets its own wrk (one connection), so each page's requests/s and p99 are its own. The
writers, all at once:

- a publisher: a new article or a new event every 5 s, saved as staff save one; after each,
  the home page (article) or the events list (event) is polled until it shows the new title:
  that delay is the staleness measured against the documented bound;
- registrations at about 5 per second, posted through the public form;
- a newsletter send in progress: a real Celery worker, at the configured pace, sending to an
  aiosmtpd sink. At 20 messages a second a million subscribers take 14 hours; the send's first
  step, one INSERT … SELECT of every delivery row, about 30 s. The round starts once the first
  message is out, so it measures what the site meets for nearly all of a send; the fan-out's own
  time is reported (the newsletter scenario measures it alone).

Prints Markdown table rows.

    python scripts/bench_mixed.py PORT SECONDS '{"home": "/", ...}'
"""

import datetime
import http.cookiejar
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(BASE_DIR / "scripts"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eco62.settings")

PUBLISH_EVERY_SECONDS = 5
REGISTRATIONS_PER_SECOND = 5
TARGET_THROUGHPUT_SHARE = 0.70
TARGET_P99_MS = 150
# The page cache trusts the data version it read for DATA_VERSION_LOCAL_SECONDS (1 s): a publish
# reaches every process within that, plus the time to render the page again.
STALENESS_BOUND_SECONDS = 2.0
FAN_OUT_WAIT_SECONDS = 300
# Every gunicorn worker (gunicorn.conf.py: five on two cores) renders its first pages slowly.
WARM_UP_SECONDS = 10


def wrk_mix(port: int, pages: dict[str, str], seconds: int) -> dict[str, dict]:
    from bench import to_ms

    runs = {
        name: subprocess.Popen(
            ["wrk", "-t1", "-c1", f"-d{seconds}s", "--latency", f"http://127.0.0.1:{port}{path}"],
            stdout=subprocess.PIPE,
            text=True,
        )
        for name, path in pages.items()
    }
    results = {}
    for name, run in runs.items():
        output = run.communicate(timeout=seconds + 60)[0]
        non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
        results[name] = {
            "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
            "p99": to_ms(re.search(r"\s99%\s+([\d.]+\w+)", output).group(1)),
            "errors": int(non_2xx.group(1)) if non_2xx else 0,
        }
    return results


class Publisher(threading.Thread):
    """A new article or event every few seconds, and how long until the site shows it."""

    def __init__(self, port: int, stop: threading.Event):
        super().__init__(daemon=True)
        self.base = f"http://127.0.0.1:{port}"
        self.stop_event = stop
        self.staleness: list[tuple[str, float]] = []
        self.errors: list[str] = []
        self.records: list = []  # deleted after the round: they were measurements

    def run(self):
        from django.db import close_old_connections

        number = 0
        while not self.stop_event.wait(PUBLISH_EVERY_SECONDS if number else 1):
            number += 1
            try:
                kind, title, page = self.publish(number)
                published = time.monotonic()
                while time.monotonic() - published < 30:
                    with urllib.request.urlopen(self.base + page, timeout=10) as response:
                        if title in response.read().decode():
                            break
                    time.sleep(0.05)
                self.staleness.append((kind, time.monotonic() - published))
            except Exception as error:  # noqa: BLE001 - reported in the table
                self.errors.append(f"{type(error).__name__}: {error}")
            close_old_connections()

    def publish(self, number: int) -> tuple[str, str, str]:
        from django.utils import timezone

        from events.models import Event
        from news.models import Article, Status

        tag = uuid.uuid4().hex[:8]
        now = timezone.now()
        if number % 2:
            title = f"ベンチ速報 {tag}"
            article = Article.objects.create(
                title=title,
                title_ja=title,
                lead_ja="混在負荷の計測中に公開した記事です。",
                body_ja="本文です。",
                status=Status.PUBLISHED,
                published_at=now,
            )
            self.records.append(article)
            return "article", title, "/"
        title = f"ベンチ講座 {tag}"
        event = Event.objects.create(
            title=title,
            title_ja=title,
            description_ja="混在負荷の計測中に公開した講座です。",
            category="public_course",
            start=now - datetime.timedelta(minutes=30),
            end=now + datetime.timedelta(hours=2),
        )
        self.records.append(event)
        return "event", title, "/events/"


class Registrations(threading.Thread):
    """Registrations posted through the public form at a steady rate."""

    def __init__(self, port: int, event_id: int, stop: threading.Event):
        super().__init__(daemon=True)
        self.url = f"http://127.0.0.1:{port}/events/{event_id}/register/"
        self.stop_event = stop
        self.accepted = 0
        self.refused = 0

    def run(self):
        from bench_jobs import NoRedirect

        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(self.url).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
        number = 0
        next_at = time.monotonic()
        while not self.stop_event.is_set():
            number += 1
            body = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": token,
                    "name": f"参加者{number}",
                    "kana": "さんかしゃ",
                    "email": f"mixed{number}.{uuid.uuid4().hex[:6]}@bench.example",
                    "phone": "0312345678",
                    "party_size": "1",
                    "privacy_consent": "on",
                    "website": "",
                }
            ).encode()
            request = urllib.request.Request(
                self.url,
                data=body,
                method="POST",
                headers={"Cookie": cookie, "Referer": self.url},
            )
            try:
                with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as answer:
                    status = answer.status
            except urllib.error.HTTPError as error:
                status = error.code
            if status in (302, 303):
                self.accepted += 1
            else:
                self.refused += 1
            next_at += 1 / REGISTRATIONS_PER_SECOND
            time.sleep(max(0.0, next_at - time.monotonic()))


def open_event() -> int:
    from django.utils import timezone

    from events.models import Event

    now = timezone.now()
    return Event.objects.create(
        title="混在負荷 受付中の講座",
        title_ja="混在負荷 受付中の講座",
        description_ja="負荷試験用",
        category="public_course",
        start=now + datetime.timedelta(days=30),
        end=now + datetime.timedelta(days=30, hours=2),
        registration_mode="first_come",
        capacity=100_000,
        max_party_size=1,
        registration_opens=now - datetime.timedelta(days=1),
        registration_closes=now + datetime.timedelta(days=20),
    ).pk


def start_newsletter_send():
    """A Celery worker sending a new issue to every subscriber into an SMTP sink."""
    from bench_jobs import SMTP_PORT, start_sink

    from accounts.models import User
    from eco62.celery import app
    from newsletter import services
    from newsletter.models import Issue

    controller, handler = start_sink()
    queue = f"mixed-{uuid.uuid4().hex[:8]}"
    worker = subprocess.Popen(
        [
            # As docker-compose.yml gives the worker a quarter of the web's CPU weight: a send
            # can wait, a visitor cannot.
            "nice",
            "-n",
            "6",  # CPU weight 272 against 1024
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
        ],  # fmt: skip
        cwd=BASE_DIR,
        env={
            **os.environ,
            "EMAIL_URL": f"smtp://127.0.0.1:{SMTP_PORT}",
            # At the configured pace, as in production (the newsletter scenario measures the
            # unpaced rate); NEWSLETTER_MESSAGES_PER_SECOND from the environment, if set.
            "CELERY_QUEUE": queue,
        },
        stdout=subprocess.DEVNULL,
    )
    app.conf.task_default_queue = queue
    app.conf.task_always_eager = False
    time.sleep(5)
    actor, _created = User.objects.get_or_create(
        email="bench-secretariat@eco62.example", defaults={"is_staff": True, "is_superuser": True}
    )
    issue = Issue.objects.create(
        subject="混在負荷の号",
        subject_ja="混在負荷の号",
        subject_en="Mixed-load issue",
        body="本文です。" * 100,
        body_ja="本文です。" * 100,
        body_en="Body text. " * 100,
    )
    services.start_sending(issue_id=issue.pk, actor=actor)
    return controller, handler, worker, issue


def stop_newsletter_send(controller, worker, issue) -> None:
    from bench_jobs import discard_issue

    worker.terminate()
    worker.wait(timeout=60)
    controller.stop()
    discard_issue(issue)


def main() -> None:
    import django

    django.setup()
    from events.models import Event

    port, seconds, pages = int(sys.argv[1]), int(sys.argv[2]), json.loads(sys.argv[3])
    # Both rounds start warm: a fresh server's first renders are not what a publish costs.
    wrk_mix(port, pages, WARM_UP_SECONDS)
    read_only = wrk_mix(port, pages, seconds)
    event_id = open_event()
    stop = threading.Event()
    # Writers can be left out one by one to see what each costs (BENCH_MIXED_WRITERS).
    writers = os.environ.get("BENCH_MIXED_WRITERS", "publish,register,newsletter").split(",")
    fan_out_seconds = None
    if "newsletter" in writers:
        controller, handler, worker, issue = start_newsletter_send()
        fan_out_started = time.monotonic()
        while handler.count == 0 and time.monotonic() - fan_out_started < FAN_OUT_WAIT_SECONDS:
            time.sleep(0.5)
        fan_out_seconds = time.monotonic() - fan_out_started
    sent_before = handler.count if "newsletter" in writers else 0
    publisher, registrations = Publisher(port, stop), Registrations(port, event_id, stop)
    if "publish" in writers:
        publisher.start()
    if "register" in writers:
        registrations.start()
    started = time.monotonic()
    mixed = wrk_mix(port, pages, seconds)
    elapsed = time.monotonic() - started
    stop.set()
    for thread in (publisher, registrations):
        if thread.is_alive():
            thread.join(timeout=40)
    for record in [*publisher.records, Event.objects.get(pk=event_id)]:
        record.delete()
    sent = 0
    if "newsletter" in writers:
        sent = handler.count - sent_before
        stop_newsletter_send(controller, worker, issue)

    rows = [
        "| page | req/s read-only | req/s mixed | share | p99 ms read-only | p99 ms mixed | "
        "non-2xx | met |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    total_ro = total_mixed = 0.0
    for name in pages:
        before, during = read_only[name], mixed[name]
        share = during["rps"] / before["rps"] if before["rps"] else 0
        total_ro, total_mixed = total_ro + before["rps"], total_mixed + during["rps"]
        met = share >= TARGET_THROUGHPUT_SHARE and during["p99"] < TARGET_P99_MS
        rows.append(
            f"| {name} | {before['rps']:.0f} | {during['rps']:.0f} | {share:.2f} | "
            f"{before['p99']:.1f} | {during['p99']:.1f} | {during['errors']} | "
            f"{'yes' if met else 'NO'} |"
        )
    rows.append(
        f"| all pages | {total_ro:.0f} | {total_mixed:.0f} | {total_mixed / total_ro:.2f} | | | | |"
    )
    stale = [s for _kind, s in publisher.staleness]
    worst = max(stale) if stale else float("nan")
    print("\n".join(rows))
    print()
    print("| writer | during the mixed round | target |")
    print("| --- | --- | --- |")
    print(
        f"| publishes (article or event every {PUBLISH_EVERY_SECONDS} s) | {len(stale)} "
        f"({sum(1 for k, _s in publisher.staleness if k == 'article')} articles); "
        f"errors {len(publisher.errors)} {'; '.join(publisher.errors[:2])} | |"
    )
    print(
        f"| staleness: publish to the page showing it | worst {worst:.2f} s, "
        f"median {sorted(stale)[len(stale) // 2] if stale else float('nan'):.2f} s | "
        f"≤ {STALENESS_BOUND_SECONDS:.0f} s |"
    )
    print(
        f"| registrations through the form | {registrations.accepted} accepted "
        f"({registrations.accepted / elapsed:.1f}/s), {registrations.refused} refused | "
        f"about {REGISTRATIONS_PER_SECOND}/s |"
    )
    print(f"| newsletter messages sent meanwhile | {sent:,} ({sent / elapsed:.0f}/s) | |")
    if fan_out_seconds is not None:
        print(
            f"| newsletter fan-out before the round (first message out) | "
            f"{fan_out_seconds:.0f} s | |"
        )


if __name__ == "__main__":
    main()
