"""Entry numbers and single awards hold when people act at the same moment."""

import pytest

from contests import services
from contests.models import Award, Entry, EntryStatus
from contests.services import ContestError, EntryFiles, entries
from municipalities.models import Municipality
from tests.concurrency import run_concurrently

from .helpers import category, jpeg_upload, make_contest, make_entry
from .test_services import _secretariat

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_simultaneous_entries_get_distinct_numbers(monkeypatch):
    # Celery's eager mode flips a process-wide flag around each task, which is not
    # thread-safe; these threads are about numbering, so their e-mails are left out.
    monkeypatch.setattr(entries, "send_mail_on_commit", lambda entry, kind: None)
    contest = make_contest()
    art = category(contest)
    municipality = Municipality.objects.get(pk="131016")

    def enter(index):
        return services.submit_entry(
            contest_id=contest.pk,
            category_id=art.pk,
            data={
                "entrant_type": "individual",
                "entrant_name": f"応募者{index}",
                "email": f"e{index}@example.jp",
                "display_name": f"p{index}",
                "municipality": municipality,
                "rights_consent": True,
                "licence_consent": True,
                "title": f"作品{index}",
                "description": "説明",
            },
            files=EntryFiles(image=jpeg_upload()),
        )

    results = run_concurrently(enter, 6)
    assert [r for r in results if isinstance(r, Exception)] == []
    assert sorted(Entry.objects.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]


def test_two_grand_prix_given_at_once_leave_exactly_one():
    contest = make_contest("judging")
    entries = [make_entry(contest, status=EntryStatus.ACCEPTED, publish=False) for _ in range(4)]
    secretariat = _secretariat()

    def award(index):
        return services.assign_award(
            entry_id=entries[index].pk, actor=secretariat, award=Award.GRAND_PRIX
        )

    results = run_concurrently(award, 4)
    assert sum(isinstance(r, Entry) for r in results) == 1
    assert sum(isinstance(r, ContestError) for r in results) == 3
    assert Entry.objects.filter(award=Award.GRAND_PRIX).count() == 1
