"""Leases on work a worker has taken: renewed while it runs, run out when its worker died.

A job row (a report build, an emissions calculation, a batch of newsletter deliveries) carries
the time its lease ends. The request that records the job gives it a first lease, for its
message to reach a worker; the worker sets it again on starting and renews it every third of
its length from a background thread, so a long computation keeps it. A killed worker renews
nothing: within one lease the row is visibly abandoned, and the app's frequent beat sweep
(`take_abandoned`) hands it to the next worker. Broker redelivery alone would take the
broker's visibility timeout (an hour on Redis) when the whole worker process dies.

The same sweep covers a message that never left (`core.queue.enqueue_on_commit`): the recorded
job starts once the task queue is back.
"""

import datetime
import logging
import threading
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

logger = logging.getLogger(__name__)


def lease_seconds() -> float:
    return float(settings.JOB_LEASE_SECONDS)


def lease_end() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(seconds=lease_seconds())


def expired(field: str = "lease_expires_at") -> Q:
    """Rows whose lease has run out (its worker stopped renewing it)."""
    return Q(**{f"{field}__lt": timezone.now()})


def take_abandoned(rows: QuerySet, field: str = "lease_expires_at") -> list[int]:
    """The ids among `rows` (jobs not finished) whose lease ran out or was never set.

    Each is leased again at once, so the next sweep leaves it to the worker it is handed to;
    rows locked by a running job are skipped. The caller enqueues the ids.
    """
    with transaction.atomic():
        ids = list(
            rows.filter(Q(**{f"{field}__isnull": True}) | expired(field))
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        if ids:
            rows.model.objects.filter(pk__in=ids).update(**{field: lease_end()})
    return ids


@contextmanager
def renewed(rows: QuerySet, field: str = "lease_expires_at"):
    """Hold the lease on `rows` (set now) and renew it until the block ends.

    The renewal thread first waits a third of a lease, so a short job never touches the
    database from a second connection. Inside a caller's transaction (a job run in-process,
    a test) there is no thread: the lease is seen by nobody before that transaction commits,
    and a renewal from another connection would wait on this one's row lock while this one
    waited for the renewal to end.
    """
    rows.update(**{field: lease_end()})
    if connection.in_atomic_block:
        yield
        return
    stop = threading.Event()
    interval = lease_seconds() / 3

    def renew() -> None:
        try:
            while not stop.wait(interval):
                rows.update(**{field: lease_end()})
        except Exception:  # noqa: BLE001 - a missed renewal only lets another worker help
            logger.warning("could not renew a lease", exc_info=True)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=renew, name="lease-renewal", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
