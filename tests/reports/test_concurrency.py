"""Two secretariat members publish different versions of one year at the same moment."""

import pytest

from reports import services
from reports.models import AnnualReport, ReportStatus
from tests.concurrency import run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_publishing_leaves_exactly_one_public_version(secretariat_user):
    versions = [
        AnnualReport.objects.create(fiscal_year=2024, version=n, status=ReportStatus.BUILT)
        for n in (1, 2, 3)
    ]

    results = run_concurrently(
        lambda index: services.publish_report(report_id=versions[index].pk, actor=secretariat_user),
        3,
    )

    assert not [r for r in results if isinstance(r, Exception)], results
    statuses = sorted(AnnualReport.objects.values_list("status", flat=True))
    assert statuses == ["published", "withdrawn", "withdrawn"]
