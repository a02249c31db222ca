import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages():
    """Service messages are asserted in English; pages choose their language by URL."""
    with translation.override("en"):
        yield
