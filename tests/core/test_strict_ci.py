"""With CI=true a skip or an xfail fails the run; on a laptop it stays a skip."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SKIPPING_TESTS = """
import pytest

def test_skipped_at_run_time():
    pytest.skip("needs Chromium")

@pytest.mark.skip(reason="needs PostgreSQL")
def test_skipped_by_a_marker():
    pass

@pytest.mark.xfail(reason="CI must run on PostgreSQL", strict=True, run=False)
def test_not_run_and_expected_to_fail():
    pass

@pytest.mark.xfail(reason="a known bug")
def test_that_fails_as_expected():
    assert False

def test_that_runs():
    pass
"""


def run_pytest(tmp_path, *, ci: str) -> subprocess.CompletedProcess:
    (tmp_path / "test_skipping.py").write_text(SKIPPING_TESTS)
    env = {**os.environ, "CI": ci, "PYTHONPATH": str(BASE_DIR)}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.strict_ci", "-p", "no:django",
         "-p", "no:xdist", "-p", "no:cacheprovider", "-q", "-rA", str(tmp_path)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_in_ci_every_skip_and_xfail_fails_the_run(tmp_path):
    result = run_pytest(tmp_path, ci="true")
    assert result.returncode == 1, result.stdout
    # A skip at run time fails the test; one decided at setup (a marker) is an error.
    assert "2 failed, 1 passed, 2 errors" in result.stdout
    assert "CI=true: nothing may skip or xfail (skip: needs Chromium)" in result.stdout
    assert "(skip: needs PostgreSQL)" in result.stdout
    assert "(xfail: a known bug)" in result.stdout
    assert "(xfail: [NOTRUN] CI must run on PostgreSQL)" in result.stdout


@pytest.mark.parametrize("ci", ["", "false"])
def test_outside_ci_a_skip_stays_a_skip(tmp_path, ci):
    result = run_pytest(tmp_path, ci=ci)
    assert result.returncode == 0, result.stdout
    assert "1 passed, 2 skipped, 2 xfailed" in result.stdout
