import io

import pytest
from django.core.management import call_command
from django.test import Client

from tests.core.hostile import Probe


@pytest.fixture
def demo(db, settings):
    """The demo content, served as in production, with the public forms' rate limit lifted."""
    settings.DEBUG = False
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "public_form": {"limit": 10_000, "seconds": 3600},
    }
    call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def probe():
    return Probe(Client(raise_request_exception=False))
