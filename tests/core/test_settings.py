"""Production settings: required values fail loudly, and `check --deploy` is clean."""

import os
import subprocess
import sys
from pathlib import Path

from tests.processes import portal_environment

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k3y-" + "x9Q!p2" * 10,
    "ALLOWED_HOSTS": "eco62.example.jp",
    "DATABASE_URL": "postgres://eco62@127.0.0.1:5432/eco62",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.jp:587",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    inherited = {k: v for k, v in portal_environment().items() if k not in PRODUCTION_ENV}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**inherited, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_no_issues_with_production_values():
    result = run_manage("check", "--deploy", "--fail-level", "DEBUG", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_missing_production_values_fail_at_start_with_a_clear_message():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k not in ("SECRET_KEY", "REDIS_URL")}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY, REDIS_URL" in result.stderr


def test_retention_and_newsletter_settings_are_read_from_the_environment():
    code = (
        "import django; django.setup(); from newsletter import conf; "
        "from events.models import anonymise_after_days as a; "
        "print(a(), conf.messages_per_second(), conf.batch_size(), conf.max_attempts(), "
        "conf.bounce_threshold())"
    )
    env = {
        "EVENTS_ANONYMISE_AFTER_DAYS": "90",
        "NEWSLETTER_MESSAGES_PER_SECOND": "0",
        "NEWSLETTER_BATCH_SIZE": "50",
        "NEWSLETTER_MAX_ATTEMPTS": "7",
        "NEWSLETTER_BOUNCE_THRESHOLD": "2",
    }
    # A laptop-mode process: the test database URL of CI must not switch on production checks.
    clean = {k: v for k, v in portal_environment(DEBUG="true").items() if k not in env}

    def run(extra):
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=BASE_DIR,
            env={**clean, **extra},
            capture_output=True,
            text=True,
            timeout=120,
        )
        return result.stdout.split(), result.stderr

    assert run(env)[0] == ["90", "0.0", "50", "7", "2"]
    assert run({})[0] == ["180", "20.0", "200", "5", "3"]


def test_weasyprint_logs_only_warnings():
    import logging

    assert logging.getLogger("weasyprint").getEffectiveLevel() == logging.WARNING
    assert logging.getLogger("weasyprint.progress").getEffectiveLevel() == logging.WARNING


def test_production_defaults_are_not_the_test_suites(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_IDLE_TIMEOUT_MINUTES, s.SESSION_COOKIE_AGE, s.CELERY_TASK_ALWAYS_EAGER, "
        "s.STAFF_TWO_FACTOR_REQUIRED, s.SESSION_COOKIE_SECURE, s.ANONYMOUS_PAGE_CACHE_SECONDS)"
    )
    inherited = {k: v for k, v in portal_environment().items() if k not in PRODUCTION_ENV}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**inherited, **PRODUCTION_ENV, "VAR_DIR": str(tmp_path / "var")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["30", "43200", "False", "True", "True", "60"], result.stderr


def test_the_suite_reads_its_own_settings(settings):
    assert os.environ["DJANGO_SETTINGS_MODULE"] == "tests.settings"
    assert settings.CELERY_TASK_ALWAYS_EAGER is True
    assert settings.SESSION_IDLE_TIMEOUT_MINUTES == 0
    assert settings.STAFF_TWO_FACTOR_REQUIRED is False


def test_reading_the_settings_creates_no_folder(tmp_path):
    var = tmp_path / "var"
    code = "import eco62.settings as s; print(s.STATIC_ROOT)"
    env = portal_environment(DEBUG="true", VAR_DIR=str(var))
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == str(var / "static"), result.stderr
    assert not var.exists()


def test_the_embedded_default_starts_with_its_folders_made(tmp_path):
    var = tmp_path / "var"
    env = portal_environment(DEBUG="true", VAR_DIR=str(var))
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    # A first connection creates the database file; the handler's middleware is WhiteNoise's.
    code = (
        "import django; django.setup(); from django.db import connection; "
        "connection.ensure_connection(); from django.core.handlers.wsgi import WSGIHandler; "
        "WSGIHandler()"
    )
    result = subprocess.run(
        [sys.executable, "-W", "error::UserWarning", "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (var / "eco62.sqlite3").is_file()
    assert (var / "static").is_dir()
