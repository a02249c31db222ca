"""Found by the secretariat's journey: the grants and contests chapters broke the annual report.

Both templates read names the report does not give them (`program`, `contests`) instead of
`section.…`; the build then failed (yen of "" and a failed lookup in a filter argument).
"""

import pytest

from grants.models import Status
from reports.services import _chapters
from tests.contests.helpers import make_contest, make_entry
from tests.grants.conftest import make_application

pytestmark = pytest.mark.django_db


def test_grants_and_contests_chapters_render_in_the_annual_report(program):
    make_application(program, status=Status.DECIDED, granted=250_000, title="屋上緑化の普及啓発")
    contest = make_contest("screening", year=2026)
    make_entry(contest)

    chapters, _figures = _chapters(2026, "ja")

    by_app = {chapter["anchor"].rsplit("-", 1)[-1]: chapter["body"] for chapter in chapters}
    assert "¥1,000,000" in by_app["grants"]  # the cap per municipality
    assert "屋上緑化の普及啓発" in by_app["grants"] and "¥250,000" in by_app["grants"]
    assert "TOKYO EARTH WORKERS collection 2026" in by_app["contests"]
