"""Production settings: required values fail loudly, and `check --deploy` is clean."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k3y-" + "x9Q!p2" * 10,
    "ALLOWED_HOSTS": "eco62.example.jp",
    "DATABASE_URL": "postgres://eco62@127.0.0.1:5432/eco62",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.jp:587",
}
# Only for the Playwright tests in this process; never part of a deployment.
TEST_ONLY_VARIABLES = ("PYTEST_CURRENT_TEST", "DJANGO_ALLOW_ASYNC_UNSAFE")


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION_ENV and k not in TEST_ONLY_VARIABLES
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**clean, **env},
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
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'eco62.settings'; "
        "django.setup(); from newsletter import conf; "
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
    clean = {k: v for k, v in os.environ.items() if k not in env} | {"DEBUG": "true"}

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
