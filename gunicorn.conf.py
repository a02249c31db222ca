"""gunicorn's settings for every way the portal is served (gunicorn reads this file from the
working directory: the Docker image and `make bench` run from the repository root).

Sync workers serve one request at a time. With only one per core, a page rebuilt after a
publish (tens of milliseconds at the xlarge scale) holds half of a two-core server while the
cached requests behind it wait: `make bench` measured a p99 of 260–470 ms under a publish every
5 s with two workers, and 23–143 ms with five (the search page aside; docs/benchmarks.md). So
there are more workers than cores, gunicorn's own advice of two per core plus one;
WEB_CONCURRENCY sets the number.
"""

import multiprocessing
import os

workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
