"""The environment of a portal process a test starts: a server, a worker, `manage.py`."""

import os

# Set for the suite itself (pytest-django, tests/settings.py, tests/conftest.py), never for a
# process that should run as the portal runs.
SUITE_ONLY_VARIABLES = ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")


def portal_environment(**values: str) -> dict[str, str]:
    """This process's environment with the portal's own settings, and `values` on top.

    pytest-django exports DJANGO_SETTINGS_MODULE=tests.settings, which a started process would
    inherit; it reads eco62.settings instead, and DEBUG only as `values` state it.
    """
    inherited = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("PYTEST") and name not in SUITE_ONLY_VARIABLES
    }
    return {**inherited, "DJANGO_SETTINGS_MODULE": "eco62.settings", **values}
