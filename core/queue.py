"""Work handed to the workers once the transaction that calls for it commits.

What happens when the task queue (Redis) cannot be reached depends on the work:

- a job with a row of its own (a report build, a calculation, a send) is logged and left to the
  app's sweep, which finds the row without a worker's lease and starts it once the queue is
  back (`enqueue_on_commit`, see core.leases);
- a notification (an e-mail) has no row a sweep could find, so it is done here, in the request's
  own process, rather than lost (`notify_on_commit`).

Either way the request that committed the change answers as usual: a lost message never turns a
saved decision into an error page. A staff page that starts a job watches the hand-off
(`watched_handoff`) so that it says "started" only when the job reached the queue.
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.contrib import messages
from django.db import transaction
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerUnreachable

logger = logging.getLogger(__name__)


@dataclass
class Handoff:
    """What became of the jobs enqueued inside a `watched_handoff` block."""

    waiting_for_queue: bool = False


_watching: ContextVar[Handoff | None] = ContextVar("queue_handoff", default=None)


@contextmanager
def watched_handoff():
    """Note whether the jobs the block enqueues (once its transactions commit) reached the
    task queue; a job enqueued inside a caller's own transaction is sent after the block."""
    handoff = Handoff()
    token = _watching.set(handoff)
    try:
        yield handoff
    finally:
        _watching.reset(token)


def tell_staff(request, handoff: Handoff, started: str) -> None:
    """`started` when the job reached the queue; otherwise that it waits for the queue."""
    if handoff.waiting_for_queue:
        messages.warning(
            request,
            _(
                "Saved. The task queue cannot be reached just now, so the work has not started:"
                " it starts by itself once the queue is back, and this page shows its progress."
            ),
        )
    else:
        messages.success(request, started)


def enqueue_on_commit(task, *args) -> None:
    """Send the job `task(*args)` once the transaction commits; an unreachable queue is logged."""

    def send() -> None:
        try:
            task.delay(*args)
        except BrokerUnreachable as error:
            if (handoff := _watching.get()) is not None:
                handoff.waiting_for_queue = True
            logger.warning(
                "the task queue is unreachable (%s): %s%r starts when a sweep finds it",
                error,
                task.name,
                args,
            )

    transaction.on_commit(send)


def notify_on_commit(task, *args) -> None:
    """Send the notification `task(*args)` once the transaction commits; done here if the
    queue is unreachable."""

    def send() -> None:
        try:
            task.delay(*args)
        except BrokerUnreachable as error:
            logger.warning(
                "the task queue is unreachable (%s): %s%r runs in this process",
                error,
                task.name,
                args,
            )
            outcome = task.apply(args=args)
            if outcome.failed():
                logger.error("%s%r failed in this process: %r", task.name, args, outcome.result)

    transaction.on_commit(send)
