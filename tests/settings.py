"""The test suite's settings: the portal's own, read as on a laptop, and the suite's few values.

pytest selects this module (pyproject.toml). A process a test starts (a server, a worker,
manage.py) runs eco62.settings with the environment the test gives it (tests/processes.py).
"""

import os

# The services run gives the suite a PostgreSQL DATABASE_URL, which on its own would switch
# DEBUG off and require the production values: the suite reads the laptop's defaults on either
# database (and pytest-django turns DEBUG itself off while the tests run).
os.environ["DEBUG"] = "true"

from eco62.settings import *  # noqa: E402, F403 (one level: the portal's settings, then these)

# Tasks run in the test's own process; a test that starts a real worker sends them through Redis.
CELERY_TASK_ALWAYS_EAGER = True
# Django's two weeks and no idle timeout, so tests that travel in time keep their sign-in;
# tests/accounts turns both on.
SESSION_IDLE_TIMEOUT_MINUTES = 0
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
