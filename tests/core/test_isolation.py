"""What one test leaves in its process does not reach the next one.

The two tests run in this order in one process (pytest keeps a module's order; xdist hands
a module's neighbouring tests to the same worker).
"""

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_a_request_to_an_english_page_activates_english_in_the_test_thread(client):
    client.get("/en/events/")
    assert translation.get_language() == "en"


def test_the_next_test_starts_in_japanese_again():
    assert translation.get_language() == "ja"
    assert reverse("events:index") == "/events/"
