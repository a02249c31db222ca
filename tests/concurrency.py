"""Run one function from many threads at once, each with its own database connection."""

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from django.db import connections


def run_concurrently(function: Callable[[int], object], count: int) -> list[object]:
    """Start `count` calls of function(i) together; return each result or raised exception.

    Use with @pytest.mark.django_db(transaction=True) on PostgreSQL: each thread commits.
    """
    barrier = threading.Barrier(count)

    def call(index: int):
        try:
            barrier.wait(timeout=30)
            return function(index)
        except Exception as error:  # noqa: BLE001 - the caller inspects what each call raised
            return error
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(call, range(count)))
