import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages():
    """Messages are asserted in English (the msgids); pages choose their language by URL."""
    with translation.override("en"):
        yield
