"""Work handed to the workers once the transaction that calls for it commits.

What happens when the task queue (Redis) cannot be reached depends on the work:

- a job with a row of its own (a report build, a calculation, a send) is logged and left to the
  app's sweep, which finds the row without a worker's lease and starts it once the queue is
  back (`enqueue_on_commit`, see core.leases);
- a notification (an e-mail) has no row a sweep could find, so it is done here, in the request's
  own process, rather than lost (`notify_on_commit`).

Either way the request that committed the change answers as usual: a lost message never turns a
saved decision into an error page.
"""

import logging

from django.db import transaction
from kombu.exceptions import OperationalError as BrokerUnreachable

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args) -> None:
    """Send the job `task(*args)` once the transaction commits; an unreachable queue is logged."""

    def send() -> None:
        try:
            task.delay(*args)
        except BrokerUnreachable as error:
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
