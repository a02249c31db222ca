"""core.workflow: a declared map, refusals in both languages, the row lock and one audit entry."""

import time

import pytest
from django.db import transaction
from django.utils import translation

from core.models import AuditEntry
from core.workflow import Move, ServiceError, Workflow
from newsletter.models import Issue, IssueStatus
from tests.concurrency import run_concurrently

pytestmark = pytest.mark.django_db


class IssueError(ServiceError):
    pass


def by_staff(actor, issue) -> bool:
    return bool(actor and actor.is_staff)


SENDING_WORKFLOW = Workflow(
    model="newsletter.Issue",
    error=IssueError,
    moves={
        "send": Move(IssueStatus.DRAFT, IssueStatus.SENDING, allowed=by_staff),
        "finish": Move(IssueStatus.SENDING, IssueStatus.SENT),
        "reopen": Move(IssueStatus.SENT, IssueStatus.SENDING, audit=False),
    },
)


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(email="staff@example.jp", is_staff=True)


@pytest.fixture
def visitor(django_user_model):
    return django_user_model.objects.create_user(email="visitor@example.jp")


def make_issue(status=IssueStatus.DRAFT) -> Issue:
    return Issue.objects.create(subject="12月号", body="本文", status=status)


def test_the_declaration_answers_what_may_happen_from_each_state(staff, visitor):
    assert SENDING_WORKFLOW.moves_from(IssueStatus.DRAFT) == ["send"]
    assert SENDING_WORKFLOW.targets_from(IssueStatus.SENT) == {IssueStatus.SENDING}
    assert SENDING_WORKFLOW.leads(IssueStatus.SENDING, IssueStatus.SENT)
    assert not SENDING_WORKFLOW.leads(IssueStatus.DRAFT, IssueStatus.SENT)
    issue = make_issue()
    assert SENDING_WORKFLOW.available(issue, actor=staff) == ["send"]
    assert SENDING_WORKFLOW.available(issue, actor=visitor) == []


def test_a_map_naming_a_state_the_field_does_not_have_is_refused_at_first_use():
    broken = Workflow(model=Issue, moves={"lose": Move(IssueStatus.DRAFT, "lost")})
    with pytest.raises(ValueError, match="lost"):
        broken.model  # noqa: B018 - resolving the model checks the map


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ja", "メールマガジン号を「下書き」から「配信済み」にすることはできません。"),
        ("en", "The newsletter issue cannot go from “Draft” to “Sent”."),
    ],
)
def test_an_illegal_move_is_refused_naming_both_states_in_the_visitors_language(language, expected):
    issue = make_issue()
    with translation.override(language), transaction.atomic():
        locked = SENDING_WORKFLOW.lock(issue.pk)
        with pytest.raises(IssueError) as refused:
            SENDING_WORKFLOW.check(locked, "finish", actor=None)
        assert str(refused.value.message) == expected
    assert "draft" not in expected and "sent" not in expected  # never the raw codes
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT
    assert not AuditEntry.objects.exists()


def test_a_move_the_actors_role_does_not_allow_is_refused(visitor):
    issue = make_issue()
    with translation.override("ja"), pytest.raises(ServiceError) as refused:
        SENDING_WORKFLOW.run(issue.pk, "send", actor=visitor)
    assert str(refused.value) == "この操作を行う権限がありません。"
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT
    assert not AuditEntry.objects.exists()


def test_a_move_saves_the_new_state_and_writes_one_audit_entry(staff):
    issue = make_issue()

    def start(locked):
        locked.sending_started_at = locked.created_at
        return ("sending_started_at",)

    moved = SENDING_WORKFLOW.run(issue.pk, "send", actor=staff, note="12月", prepare=start)
    assert moved.status == IssueStatus.SENDING
    issue.refresh_from_db()
    assert (issue.status, issue.sending_started_at) == (IssueStatus.SENDING, issue.created_at)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.from_state, entry.to_state, entry.actor, entry.note) == (
        "send",
        IssueStatus.DRAFT,
        IssueStatus.SENDING,
        staff,
        "12月",
    )


def test_a_move_declared_without_audit_writes_none():
    issue = make_issue(IssueStatus.SENT)
    SENDING_WORKFLOW.run(issue.pk, "reopen", actor=None)
    assert Issue.objects.get().status == IssueStatus.SENDING
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_locking_outside_a_transaction_is_a_programming_error():
    issue = make_issue()
    with pytest.raises(RuntimeError, match="atomic"):
        SENDING_WORKFLOW.lock(issue.pk)


def test_a_vanished_row_is_a_translated_refusal():
    with translation.override("en"), pytest.raises(IssueError, match="no longer exists"):
        SENDING_WORKFLOW.run(12345, "send", actor=None)


def race_two_sends(staff, issue) -> list[object]:
    def send_slowly(locked):
        time.sleep(0.2)  # widen the gap between reading the state and saving the move
        return ()

    return run_concurrently(
        lambda _i: SENDING_WORKFLOW.run(issue.pk, "send", actor=staff, prepare=send_slowly), 2
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_of_two_racing_moves_exactly_one_wins_and_is_audited_once(staff):
    issue = make_issue()
    results = race_two_sends(staff, issue)
    won = [r for r in results if isinstance(r, Issue)]
    refused = [r for r in results if isinstance(r, IssueError)]
    assert (len(won), len(refused)) == (1, 1), results
    assert "Sending" in str(refused[0]) or "配信中" in str(refused[0])
    assert AuditEntry.objects.filter(action="send").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_without_the_row_lock_both_racing_moves_win(staff, monkeypatch):
    # Proves the test above can fail: reading without FOR UPDATE lets both moves through.
    monkeypatch.setattr(
        SENDING_WORKFLOW, "lock", lambda pk, queryset=None: Issue.objects.get(pk=pk)
    )
    issue = make_issue()
    results = race_two_sends(staff, issue)
    assert all(isinstance(r, Issue) for r in results), results
    assert AuditEntry.objects.filter(action="send").count() == 2


def test_the_secretariats_role_check_reaches_core_through_the_registered_rules(
    secretariat_user, editor_user
):
    from core.workflow import by_secretariat

    issue = make_issue()
    assert by_secretariat(secretariat_user, issue)
    assert not by_secretariat(editor_user, issue)
    assert not by_secretariat(None, issue)
