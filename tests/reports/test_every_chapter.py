"""The annual report gathers a chapter from every app: each must render with real demo data."""

from io import StringIO

import pytest
from django.core.management import call_command

from core.fiscal import current_fiscal_year
from reports import services
from reports.models import ReportStatus


@pytest.mark.django_db
@pytest.mark.parametrize("fiscal_year", [2011, current_fiscal_year()])
def test_a_report_with_every_apps_demo_data_builds(secretariat_user, fiscal_year):
    call_command("seed_demo", stdout=StringIO())
    report = services.request_build(fiscal_year=fiscal_year, actor=secretariat_user)
    report = services.build_report(report_id=report.pk)
    assert report.status == ReportStatus.BUILT, report.error
    html = report.html.open("rb").read().decode()
    assert html.count('class="report-chapter"') >= 2
