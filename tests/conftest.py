"""Shared fixtures: users of each role, a real Celery worker, a real Chromium."""

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from accounts.models import StaffProfile, User
from accounts.roles import GROUP_NAMES, Role
from tests.processes import portal_environment
from tests.strict_ci import (
    in_ci,
    pytest_runtest_makereport,  # noqa: F401 (the hook, installed here)
)

IN_CI = in_ci()
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
BASE_DIR = Path(__file__).resolve().parent.parent

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _one_request_at_a_time_on_sqlite() -> None:
    """On the embedded run the live server shares the test's one in-memory SQLite connection
    with every request thread; two requests at once (a page and an image) misuse it
    (sqlite3.InterfaceError). Its single-threaded server takes them in turn, closing each."""
    from django.conf import settings
    from django.core.servers.basehttp import WSGIServer
    from django.test.testcases import LiveServerThread

    class OneAtATime(WSGIServer):
        # The server thread itself holds the shared connection (LiveServerThread.run).
        def __init__(self, *args, connections_override=None, **kwargs):
            super().__init__(*args, **kwargs)

    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        LiveServerThread.server_class = OneAtATime


_one_request_at_a_time_on_sqlite()


def pytest_configure(config):
    from tests import grouping

    grouping.install()


def pytest_collection_modifyitems(config, items):
    """Tests that need PostgreSQL or Redis skip without them on a laptop, and fail in CI.

    `make test` deselects them (`-m`) in its run on the embedded default when it runs them
    on PostgreSQL and Redis afterwards, so neither run skips anything in CI; a skip that
    happens all the same with CI=true is a failure (tests/strict_ci.py).
    """
    from django.conf import settings

    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    has_redis = bool(settings.REDIS_URL)
    for item in items:
        missing = []
        if "postgres" in item.keywords and not on_postgres:
            missing.append("PostgreSQL: set DATABASE_URL=postgres://...")
        if ("redis" in item.keywords or "worker" in item.keywords) and not has_redis:
            missing.append("Redis: set REDIS_URL=redis://127.0.0.1:6379/0")
        if missing:
            item.add_marker(pytest.mark.skip(reason="needs " + " and ".join(missing)))


def pytest_terminal_summary(terminalreporter):
    """Lines a test asked to print at the end (`record_property("summary", ...)`), also from
    xdist workers, whose own output pytest does not show."""
    for reports in terminalreporter.stats.values():
        for report in reports:
            for name, value in getattr(report, "user_properties", ()):
                if name == "summary" and getattr(report, "when", "call") == "call":
                    terminalreporter.write_line(value)


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    from core.pagecache import forget_local_state

    cache.clear()
    forget_local_state()
    yield


@pytest.fixture(autouse=True)
def _default_language():
    # The test client runs each request in the test's own thread, and LocaleMiddleware leaves
    # the request's language active there: after a request to /en/… the next test in the same
    # process would reverse URLs with /en/ and render English. Every test starts in Japanese.
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _reset_celery_join_guard():
    # Eager tasks run from several threads (concurrency tests) can leave Celery's
    # process-wide "inside a task" flag set, which breaks a later result.get().
    from celery._state import _set_task_join_will_block

    yield
    _set_task_join_will_block(False)


def make_staff(email: str, role: Role, municipality_code: str | None = None) -> User:
    user = User.objects.create_user(email=email, password="correct horse battery", is_staff=True)
    user.groups.add(Group.objects.get(name=GROUP_NAMES[role]))
    StaffProfile.objects.create(user=user, municipality_id=municipality_code)
    return user


@pytest.fixture
def secretariat_user(db):
    return make_staff("secretariat@example.jp", Role.SECRETARIAT)


@pytest.fixture
def chiyoda_staff(db):
    return make_staff("staff@chiyoda.example.jp", Role.MUNICIPAL_STAFF, "131016")


@pytest.fixture
def hachioji_staff(db):
    return make_staff("staff@hachioji.example.jp", Role.MUNICIPAL_STAFF, "132012")


@pytest.fixture
def editor_user(db):
    return make_staff("editor@example.jp", Role.EDITOR)


# --- A real Celery worker -----------------------------------------------------


@pytest.fixture
def celery_worker_process(transactional_db, settings):
    """A real `celery worker` process on the real Redis, reading the test database.

    Tasks sent while it runs go through the broker (not eagerly). Needs REDIS_URL.
    """
    from eco62.celery import app

    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        if IN_CI:
            pytest.fail("REDIS_URL must be set in CI for the real-worker tests")
        pytest.skip("needs Redis: set REDIS_URL=redis://127.0.0.1:6379/0")
    queue = f"test-{uuid.uuid4().hex[:12]}"
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        if db["ENGINE"].endswith("postgresql")
        else f"sqlite:///{db['NAME']}"
    )
    env = portal_environment(
        DEBUG="true",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        CELERY_QUEUE=queue,
        CELERY_TASK_ALWAYS_EAGER="false",
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        PRIVATE_MEDIA_ROOT=str(settings.PRIVATE_MEDIA_ROOT),
    )
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "eco62",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-Q",
            queue,
            "-n",
            f"{queue}@%h",
            "--loglevel=warning",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    previous = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    try:
        _wait_for_worker(app, f"{queue}@", worker)
        yield worker
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = previous
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


def _wait_for_worker(app, name_prefix: str, worker, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            raise RuntimeError(f"Celery worker exited early:\n{worker.stdout.read()}")
        replies = app.control.ping(timeout=1.0) or []
        if any(name.startswith(name_prefix) for reply in replies for name in reply):
            return
    raise RuntimeError("Celery worker did not answer within the timeout")


# --- A real Chromium ---------------------------------------------------------


@pytest.fixture(scope="session")
def chromium():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        message = (
            f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package "
            "(apt-get install chromium fonts-noto-cjk) to run the browser tests"
        )
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(chromium):
    context = chromium.new_context(locale="ja-JP", viewport={"width": 360, "height": 740})
    page = context.new_page()
    yield page
    context.close()
