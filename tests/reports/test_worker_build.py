"""The demo fiscal year's report built by a real Celery worker on Redis."""

import time
from io import StringIO

import pytest

from initiatives import demo as initiatives_demo
from reports import demo, services
from reports.models import ReportStatus

from .test_building import pdf_font_names

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_the_demo_year_builds_through_celery_into_a_pdf_with_embedded_fonts(
    celery_worker_process, secretariat_user
):
    initiatives_demo.seed(scale="demo", out=StringIO())
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
    # 62 municipalities × 200 goya seeds, × 500 clear files and × 10 counter stands; the thirteen
    # initiatives of FY2011's work plan (the program's overview), all completed.
    assert '配布物品: ゴーヤの種,"12,400"' in csv
    assert '配布物品: クリアファイル,"31,000"' in csv
    assert "配布物品: レジカウンター設置用スタンド,620" in csv
    assert "取り組み数,13" in csv
    assert "完了,13" in csv  # initiatives' own wording, not grants' 実施済み
    assert "参加市区町村数,62" in csv
