"""Leases on jobs (core.leases): renewed while the job runs, handed on once they run out."""

import threading
import time

import pytest
from django.db import transaction
from django.utils import timezone

from core.leases import renewed, take_abandoned
from reports.models import AnnualReport, ReportStatus


def a_report(**fields) -> AnnualReport:
    return AnnualReport.objects.create(fiscal_year=2024, version=1, **fields)


def lease_of(report) -> object:
    return AnnualReport.objects.values_list("lease_expires_at", flat=True).get(pk=report.pk)


def sleep_past(moment, margin: float = 0.3) -> None:
    time.sleep(max(0.0, (moment - timezone.now()).total_seconds()) + margin)


@pytest.mark.django_db(transaction=True)
def test_a_running_job_keeps_renewing_its_lease_from_another_connection(settings):
    # Renewals come every third of a lease; the lease is long enough that a busy CI machine,
    # whose renewal thread first opens its own connection, still renews well inside it.
    settings.JOB_LEASE_SECONDS = 2.0
    report = a_report(status=ReportStatus.BUILDING)
    rows = AnnualReport.objects.filter(pk=report.pk)
    with renewed(rows):
        first = lease_of(report)
        sleep_past(first)  # only renewals keep the lease alive now
        renewed_to = lease_of(report)
        assert take_abandoned(AnnualReport.objects.filter(status__in=["building"])) == []
    assert renewed_to > first
    assert not [t for t in threading.enumerate() if t.name == "lease-renewal"]
    sleep_past(lease_of(report))  # the job stopped renewing: it is handed on, once
    assert take_abandoned(AnnualReport.objects.filter(status="building")) == [report.pk]
    assert take_abandoned(AnnualReport.objects.filter(status="building")) == []


@pytest.mark.django_db(transaction=True)
def test_inside_a_callers_transaction_the_lease_is_set_without_a_renewal_thread(settings):
    # A renewal would come after a second, wait on this transaction's row lock and never end.
    settings.JOB_LEASE_SECONDS = 3
    report = a_report(status=ReportStatus.BUILDING)
    with transaction.atomic():
        with renewed(AnnualReport.objects.filter(pk=report.pk)):
            assert not [t for t in threading.enumerate() if t.name == "lease-renewal"]
    assert lease_of(report) is not None


@pytest.mark.django_db
def test_a_job_never_leased_is_abandoned_and_a_finished_one_is_not():
    queued = a_report(status=ReportStatus.QUEUED)
    AnnualReport.objects.create(fiscal_year=2023, version=1, status=ReportStatus.BUILT)
    unfinished = AnnualReport.objects.filter(status__in=["queued", "building"])
    assert take_abandoned(unfinished) == [queued.pk]
    assert lease_of(queued) is not None
