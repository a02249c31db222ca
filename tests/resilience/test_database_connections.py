"""PostgreSQL connections cut under load: only the requests in flight fail, no worker stays broken.

The test starts gunicorn (two sync workers) against the test database, sends a bounded run of
requests from a few threads and terminates every connection of the portal
(`pg_terminate_backend`) several times meanwhile. CONN_HEALTH_CHECKS makes each worker notice a
dead connection at the start of its next request and reconnect.
"""

import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests.processes import portal_environment

pytestmark = pytest.mark.postgres

BASE_DIR = Path(__file__).resolve().parents[2]
ROUNDS = 6
MAX_REQUESTS_PER_THREAD = 400
THREADS = 3
# Asks the database on every request (SELECT 1), whatever the caches hold.
PAGE = "/healthz"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return -1


def _terminate_portal_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


@pytest.fixture
def live_server_process(transactional_db, settings):
    port = _free_port()
    database = settings.DATABASES["default"]
    url = (
        f"postgres://{database['USER']}@{database['HOST']}:{database['PORT'] or 5432}"
        f"/{database['NAME']}"
    )
    env = portal_environment(
        DATABASE_URL=url, DEBUG="true", DB_CONN_MAX_AGE="600", ALLOWED_HOSTS="127.0.0.1"
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "eco62.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while _get(base + "/healthz") != 200:
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            pytest.fail("gunicorn did not start: " + process.stderr.read().decode()[-2000:])
        time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(timeout=30)


def test_terminated_connections_fail_at_most_the_requests_in_flight(
    live_server_process, record_property
):
    url = live_server_process + PAGE
    assert _get(url) == 200
    statuses: list[int] = []
    lock = threading.Lock()

    done = threading.Event()

    def visitor():
        for _ in range(MAX_REQUESTS_PER_THREAD):
            if done.is_set():
                return
            status = _get(url)
            with lock:
                statuses.append(status)

    threads = [threading.Thread(target=visitor) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    terminated = 0
    for _ in range(ROUNDS):
        time.sleep(0.5)
        terminated += _terminate_portal_connections()
    done.set()
    for thread in threads:
        thread.join(timeout=120)
    # A cut while nothing is in flight: every next request must succeed on every worker. The
    # last round may have cut every connection just before the visitors stopped, so a few
    # requests first give the workers connections to cut.
    for _ in range(6):
        _get(url)
    quiet_cut = _terminate_portal_connections()
    after = [_get(url) for _ in range(6)]

    failed = [s for s in statuses if s != 200]
    record_property(
        "summary",
        f"database connections cut: {terminated} terminated in {ROUNDS} rounds, "
        f"{len(failed)} of {len(statuses)} requests failed ({sorted(set(failed))}), "
        f"next {len(after)} all {set(after)}",
    )
    assert terminated >= ROUNDS and quiet_cut >= 1
    # Only a request whose query was running at the moment of a cut may fail, as a 503.
    assert len(failed) <= ROUNDS * THREADS
    assert set(failed) <= {503}
    assert after == [200] * len(after)
