"""The demo fiscal year's report built by a real Celery worker on Redis."""

import time

import pytest

from reports import demo, services
from reports.models import ReportStatus

from .test_building import pdf_font_names

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_the_demo_year_builds_through_celery_into_a_pdf_with_embedded_fonts(
    celery_worker_process, secretariat_user
):
    demo.seed_initiatives()
    report = services.request_build(fiscal_year=demo.DEMO_YEAR, actor=secretariat_user)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.status not in (ReportStatus.QUEUED, ReportStatus.BUILDING):
            break
        time.sleep(0.5)
    assert report.status == ReportStatus.BUILT, report.error
    assert report.progress == 100
    assert any(b"Noto-Sans-CJK-JP" in name for name in pdf_font_names(report.pdf.read()))
    csv = report.csv.open("rb").read().decode("utf-8-sig")
    # 62 municipalities × 200 goya seeds and × 500 clear files, six initiatives.
    assert '配布物品: ゴーヤの種,"12,400"' in csv
    assert '配布物品: クリアファイル,"31,000"' in csv
    assert "事業数,6" in csv
    assert "参加市区町村数,62" in csv
