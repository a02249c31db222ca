"""Staff actions that start a job while the task queue (Redis) is unreachable.

The choice (docs/operations.md, "When a part fails"): the action is recorded in full, the admin
answers as usual, translated, and the job starts by itself once Redis is back, when beat's
sweep finds its row with no worker's lease on it. The test runs a Redis server of its own
(tests/resilience/redis_server.py) as the cache, the sessions and the broker, and stops it.
"""

import datetime
import json
import time

import pytest
import redis
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from eco62.celery import app
from emissions import tasks as emissions_tasks
from emissions.models import CalculationState, Edition
from grants.models import GrantProgram
from newsletter import tasks as newsletter_tasks
from newsletter.models import Issue, IssueStatus
from reports import tasks as reports_tasks
from reports.models import AnnualReport, ReportStatus
from tests.conftest import make_staff
from tests.emissions.helpers import csv_bytes
from tests.newsletter.factories import IssueFactory, SubscriberFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

QUEUE = "broker-outage-test"


@pytest.fixture
def broker(own_redis, settings):
    """Celery sends to the test's own Redis, through the broker (not eagerly)."""
    settings.JOB_LEASE_SECONDS = 1.0
    saved = (app.conf.broker_url, app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.broker_url = f"redis+socket://{own_redis.socket}"
    app.conf.task_always_eager = False
    app.conf.task_default_queue = QUEUE
    _forget_connections()
    yield own_redis
    app.pool.force_close_all()
    app.conf.broker_url, app.conf.task_always_eager, app.conf.task_default_queue = saved
    _forget_connections()


def _forget_connections() -> None:
    """The app's pools were made for the broker it had: let them be made anew."""
    app._pool = None
    app.amqp._producer_pool = None


def queued_tasks(server) -> list[tuple[str, str]]:
    client = redis.Redis(unix_socket_path=str(server.socket))
    messages = [json.loads(raw) for raw in client.lrange(QUEUE, 0, -1)]
    return sorted((m["headers"]["task"], m["headers"]["argsrepr"]) for m in messages)


def test_jobs_started_while_redis_is_down_are_recorded_and_start_once_it_returns(broker, caplog):
    from accounts.roles import Role

    staff = make_staff("broker-outage@example.jp", role=Role.SECRETARIAT)
    SubscriberFactory.create_batch(3)
    issue = IssueFactory()
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    broker.stop()

    answers, slowest = {}, 0.0
    requests = {
        "report": (reverse("admin:reports_annualreport_build"), {"fiscal_year": 2024}),
        "newsletter": (reverse("admin:newsletter_issue_send", args=[issue.pk]), {}),
        "emissions": (
            reverse("admin:emissions_calculate"),
            {
                "label": "Outage run",
                "gwp_set": "AR5",
                "factors": _upload("factors.csv", "fiscal_year,energy_source,gas,factor",
                                   ["2021,electricity,CO2,0.5"]),
                "activity": _upload("activity.csv",
                                    "fiscal_year,municipality_code,sector,energy_source,amount",
                                    ["2021,131016,residential,electricity,4"]),
            },
        ),
    }  # fmt: skip
    for job, (path, data) in requests.items():
        started = time.monotonic()
        response = client.post(path, data, follow=True)
        slowest = max(slowest, time.monotonic() - started)
        answers[job] = response
        assert response.status_code == 200, (job, response.status_code)

    # Answered at once, in Japanese, saying the work waits for the queue rather than "started".
    with translation.override("ja"):
        waiting = gettext(
            "Saved. The task queue cannot be reached just now, so the work has not started:"
            " it starts by itself once the queue is back, and this page shows its progress."
        )
        started = gettext("The build has started; this page shows its progress.")
    for job, response in answers.items():
        page = response.content.decode()
        assert waiting in page and "開始しました" not in page, job
    assert slowest < 5
    # Recorded in full: the report queued, the issue sending, the edition with its inputs.
    report = AnnualReport.objects.get(fiscal_year=2024)
    assert report.status == ReportStatus.QUEUED and report.lease_expires_at
    assert Issue.objects.get(pk=issue.pk).status == IssueStatus.SENDING
    edition = Edition.objects.get(label="Outage run")
    assert edition.calculation_state == CalculationState.PENDING
    assert edition.activities.count() == 1 and edition.factors.count() == 1
    unreachable = [r for r in caplog.records if "task queue is unreachable" in r.getMessage()]
    assert len(unreachable) == 3

    # Redis returns; after the lease beat's sweeps hand each job to the queue, once.
    broker.start()
    assert queued_tasks(broker) == []
    time.sleep(1.2)
    for sweep in (
        reports_tasks.resume_abandoned_builds,
        newsletter_tasks.resume_held_deliveries,
        emissions_tasks.resume_abandoned_calculations,
    ):
        sweep()
    assert queued_tasks(broker) == sorted(
        [
            ("reports.tasks.build_report_task", f"({report.pk},)"),
            ("newsletter.tasks.fan_out_issue", f"({issue.pk},)"),
            ("emissions.tasks.calculate_edition_task", f"({edition.pk},)"),
        ]
    )
    reports_tasks.resume_abandoned_builds()  # leased again when handed out: not twice
    emissions_tasks.resume_abandoned_calculations()
    assert len(queued_tasks(broker)) == 3
    # With the queue back, a new job says it has started.
    response = client.post(
        reverse("admin:reports_annualreport_build"), {"fiscal_year": 2023}, follow=True
    )
    assert started in response.content.decode() and waiting not in response.content.decode()
    assert len(queued_tasks(broker)) == 4
    print(f"\nbroker down: 3 staff actions answered 200 (slowest {slowest:.2f} s), 3 jobs queued")


def test_running_a_failed_calculation_again_says_whether_it_was_queued(broker):
    from accounts.roles import Role

    edition = Edition.objects.create(
        label="Failed run", source="calculated", calculation_state=CalculationState.FAILED
    )
    client = Client(raise_request_exception=False)
    client.force_login(make_staff("requeue@example.jp", role=Role.SECRETARIAT))
    action = {"action": "run_calculation_again", "_selected_action": [edition.pk]}
    changelist = reverse("admin:emissions_edition_changelist")
    with translation.override("ja"):
        waiting = gettext(
            "Saved. The task queue cannot be reached just now, so the work has not started:"
            " it starts by itself once the queue is back, and this page shows its progress."
        )
        queued = gettext("%(count)s calculation(s) were queued again.") % {"count": 1}

    broker.stop()
    page = client.post(changelist, action, follow=True).content.decode()
    assert waiting in page and queued not in page
    broker.start()
    page = client.post(changelist, action, follow=True).content.decode()
    assert queued in page and waiting not in page
    assert queued_tasks(broker) == [("emissions.tasks.calculate_edition_task", f"({edition.pk},)")]


def _upload(name: str, header: str, rows: list[str]):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, csv_bytes(header, rows), content_type="text/csv")


def test_an_e_mail_called_for_while_redis_is_down_is_sent_from_the_request_itself(
    broker, chiyoda_staff, secretariat_user, caplog
):
    from django.core import mail

    from grants import services
    from grants.models import NotificationSent
    from tests.grants.conftest import make_application

    now = timezone.now()
    program = GrantProgram.objects.create(
        fiscal_year=2026,
        title_ja="令和8年度 助成金",
        cap_per_municipality=1_000_000,
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now + datetime.timedelta(days=30),
    )
    application = make_application(program)
    broker.stop()
    mail.outbox.clear()

    services.submit_application(application_id=application.pk, actor=chiyoda_staff)

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([chiyoda_staff.email, secretariat_user.email])
    assert NotificationSent.objects.filter(recipients=2).count() == 1
    assert any("runs in this process" in r.getMessage() for r in caplog.records)
    broker.start()
    assert queued_tasks(broker) == []  # not sent a second time once the queue is back
