"""gunicorn's settings for every way the portal is served (gunicorn reads this file from the
working directory: the Docker image and `make bench` run from the repository root).

Sync workers serve one request at a time. With only one per core, a page rebuilt after a
publish (tens of milliseconds at the xlarge scale) holds half of a two-core server while the
cached requests behind it wait: `make bench` measured a p99 of 260–470 ms under a publish every
5 s with two workers, and 23–143 ms with five (the search page aside; docs/benchmarks.md). So
there are more workers than cores, gunicorn's own advice of two per core plus one, counting the
cores this process may run on. Each worker keeps a database connection, so a large host does
not get dozens: at most MAX_DEFAULT_WORKERS unless WEB_CONCURRENCY sets the number.
"""

import os

MAX_DEFAULT_WORKERS = 9

workers = int(
    os.environ.get("WEB_CONCURRENCY")
    or min(2 * len(os.sched_getaffinity(0)) + 1, MAX_DEFAULT_WORKERS)
)
