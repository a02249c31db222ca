"""Production requires two-factor sign-in by default; check --deploy flags turning it off."""

from tests.core.test_settings import PRODUCTION_ENV, run_manage


def test_production_requires_two_factor_by_default():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.STAFF_TWO_FACTOR_REQUIRED)",
        env=PRODUCTION_ENV,
    )
    assert result.stdout.strip().splitlines()[-1:] == ["True"], result.stdout + result.stderr


def test_check_deploy_warns_when_production_turns_two_factor_off():
    result = run_manage(
        "check", "--deploy", env={**PRODUCTION_ENV, "STAFF_TWO_FACTOR_REQUIRED": "false"}
    )
    assert "accounts.W001" in result.stdout + result.stderr
