"""The access log records sign-ins, failures and personal-data exports for the secretariat."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from accounts.models import AccessEvent
from accounts.services import purge_access_log, record_personal_data_export
from accounts.tasks import purge_old_access_log
from eco62.celery import app

from .conftest import sign_in

pytestmark = pytest.mark.django_db


def test_a_successful_sign_in_is_logged_with_time_and_address(client, chiyoda_staff):
    with time_machine.travel("2026-05-01 09:00 +09:00", tick=False):
        sign_in(client, chiyoda_staff.email, REMOTE_ADDR="203.0.113.5", HTTP_USER_AGENT="Edge")
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.SIGNED_IN)
    assert event.user == chiyoda_staff
    assert event.ip_address == "203.0.113.5"
    assert event.user_agent == "Edge"
    assert event.created_at == datetime.datetime(2026, 5, 1, 0, 0, tzinfo=datetime.UTC)


def test_a_failed_sign_in_is_logged_for_known_and_unknown_addresses(client, chiyoda_staff):
    sign_in(client, chiyoda_staff.email.upper(), "not the password", REMOTE_ADDR="198.51.100.1")
    sign_in(client, "stranger@example.jp", "guess", REMOTE_ADDR="198.51.100.2")
    failures = AccessEvent.objects.filter(kind=AccessEvent.Kind.SIGN_IN_FAILED).order_by("pk")
    assert [(e.user, e.username, e.ip_address) for e in failures] == [
        (chiyoda_staff, chiyoda_staff.email, "198.51.100.1"),
        (None, "stranger@example.jp", "198.51.100.2"),
    ]
    assert "not the password" not in str(list(failures.values()))


def test_signing_out_is_logged(client, chiyoda_staff):
    sign_in(client, chiyoda_staff.email)
    client.post("/admin/logout/")
    assert AccessEvent.objects.filter(user=chiyoda_staff, kind=AccessEvent.Kind.SIGNED_OUT).exists()


def test_personal_data_exports_are_logged(chiyoda_staff):
    event = record_personal_data_export(
        user=chiyoda_staff, what="events: registrants of 環境講座", count=42, ip_address="192.0.2.9"
    )
    assert event.kind == AccessEvent.Kind.PERSONAL_DATA_EXPORT
    assert event.user == chiyoda_staff
    assert (event.what, event.count) == ("events: registrants of 環境講座", 42)
    assert list(AccessEvent.objects.filter(user=chiyoda_staff)) == [event]


def test_entries_older_than_the_retention_period_are_purged(chiyoda_staff, settings):
    settings.ACCESS_LOG_RETENTION_DAYS = 90
    with time_machine.travel("2026-01-01 12:00 +09:00"):
        old = record_personal_data_export(user=chiyoda_staff, what="old", count=1)
    with time_machine.travel("2026-03-15 12:00 +09:00"):
        recent = record_personal_data_export(user=chiyoda_staff, what="recent", count=1)
    with time_machine.travel("2026-04-05 12:00 +09:00"):
        assert purge_access_log() == 1
        assert purge_old_access_log.delay().get() == 0  # running twice removes nothing more
    assert list(AccessEvent.objects.all()) == [recent]
    assert not AccessEvent.objects.filter(pk=old.pk).exists()


def test_the_purge_runs_nightly():
    entry = app.conf.beat_schedule["purge-access-log"]
    assert entry["task"] == "accounts.tasks.purge_old_access_log"


def test_secretariat_reads_the_access_log(client, secretariat_user, chiyoda_staff):
    record_personal_data_export(user=chiyoda_staff, what="contests: entrants", count=7)
    client.force_login(secretariat_user)
    response = client.get("/admin/accounts/accessevent/")
    assert response.status_code == 200
    kinds = {e.kind for e in response.context["cl"].result_list}
    assert AccessEvent.Kind.PERSONAL_DATA_EXPORT in kinds
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.PERSONAL_DATA_EXPORT)
    assert client.get(f"/admin/accounts/accessevent/{event.pk}/change/").status_code == 200
    assert client.post(f"/admin/accounts/accessevent/{event.pk}/delete/").status_code == 403


@pytest.mark.parametrize("fixture", ["chiyoda_staff", "editor_user"])
def test_other_roles_cannot_read_the_access_log(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get("/admin/accounts/accessevent/").status_code == 403


def test_log_times_are_stored_in_utc_and_shown_in_tokyo_time(chiyoda_staff):
    event = record_personal_data_export(user=chiyoda_staff, what="x", count=1)
    assert timezone.is_aware(event.created_at)
