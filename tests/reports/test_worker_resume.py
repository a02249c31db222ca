"""A report build whose worker is killed mid-build finishes under the next worker within a
minute, once. Real worker, beat, Redis and PostgreSQL; the figures print with -s."""

import time

import pytest
from django.utils import timezone

from core.audit import audit_trail
from initiatives.models import Initiative
from reports import services
from reports.models import AnnualReport, ReportStatus
from tests.workers import kill, start_beat, start_like, stop, wait_until

from .test_building import pdf_font_names

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

YEAR = 2025
# Enough initiatives that typesetting takes seconds, so the kill lands inside the build.
INITIATIVES = 80


def a_long_work_plan() -> None:
    Initiative.objects.bulk_create(
        Initiative(
            fiscal_year=YEAR,
            title_ja=f"地域の省エネ診断 第{number}回",
            title_en=f"Energy audit no. {number}",
            summary_ja="家庭と事業所の省エネルギー診断を行い、結果を報告します。" * 4,
            action="awareness",
            status="completed",
        )
        for number in range(1, INITIATIVES + 1)
    )


def report_row(report) -> tuple[str, int]:
    return AnnualReport.objects.values_list("status", "progress").get(pk=report.pk)


def test_a_build_killed_mid_way_finishes_once_within_a_minute_of_the_restart(
    request, tmp_path, secretariat_user
):
    a_long_work_plan()
    worker = request.getfixturevalue("celery_worker_process")
    started = time.monotonic()
    report = services.request_build(fiscal_year=YEAR, actor=secretariat_user)
    wait_until(lambda: report_row(report)[0] == ReportStatus.BUILDING, timeout=60, what="the build")
    time.sleep(0.5)  # into the rendering, past the move to 'building'
    env = kill(worker)
    killed_after = time.monotonic() - started
    status, progress = report_row(report)
    assert status == ReportStatus.BUILDING, "the build finished before the kill: make it longer"

    restarted, restarted_at = time.monotonic(), timezone.now()
    replacement, beat = start_like(worker, env), start_beat(env, tmp_path)
    try:
        wait_until(
            lambda: report_row(report)[0] != ReportStatus.BUILDING, timeout=120, what="the rest"
        )
    finally:
        stop(replacement, beat)
    resumed_in = time.monotonic() - restarted

    report.refresh_from_db()
    trail = list(audit_trail(report).order_by("pk"))
    starts = [entry.created_at for entry in trail if entry.action == "start_build"]
    taken_up_in = (starts[-1] - restarted_at).total_seconds()
    print(
        f"\nreport build of {INITIATIVES} initiatives, worker SIGKILLed {killed_after:.1f} s"
        f" after the request at {progress} %; after the restart the next worker took it up in"
        f" {taken_up_in:.1f} s and finished it in {resumed_in:.1f} s"
        f" (lease {env.get('JOB_LEASE_SECONDS', '30')} s, sweep 15 s)"
    )
    assert report.status == ReportStatus.BUILT, report.error
    assert resumed_in < 60
    # Once: one version of the year, its files the finished build's, one 'built' in its trail.
    assert AnnualReport.objects.filter(fiscal_year=YEAR).count() == 1
    moves = [entry.action for entry in trail]
    assert moves.count("finish_build") == 1
    assert len(starts) == 2  # the killed build, and the one that finished
    assert report.pdf.read().startswith(b"%PDF-")
    assert any(b"Noto-Sans-CJK-JP" in name for name in pdf_font_names(report.pdf.open().read()))
    csv = report.csv.open("rb").read().decode("utf-8-sig")
    assert f"取り組み数,{INITIATIVES}" in csv
