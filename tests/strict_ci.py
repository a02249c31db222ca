"""With CI=true nothing may skip or xfail: each skip and xfail is reported as a failure.

A skipped test in CI is a check that silently did not happen (PostgreSQL, Redis, Chromium or
gettext missing, or a test marked to skip). On a laptop a skip stays a skip and says what to
install or set. tests/conftest.py installs the hook; `make test` deselects (`-m`) what a run
leaves to the other, and deselected tests are not skips.
"""

import os

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _reason(report) -> str:
    if getattr(report, "wasxfail", None):
        return f"xfail: {report.wasxfail}"
    if isinstance(report.longrepr, tuple):
        return f"skip: {report.longrepr[2].removeprefix('Skipped: ')}"
    return f"skip: {report.longrepr}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if in_ci() and report.skipped:
        reason = _reason(report)
        if hasattr(report, "wasxfail"):
            del report.wasxfail
        report.outcome = "failed"
        report.longrepr = f"CI=true: nothing may skip or xfail ({reason})"
    return report
