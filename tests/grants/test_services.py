"""Every move of the workflow, allowed and refused, and the money rules around the cap."""

import datetime

import pytest
import time_machine
from django.utils import timezone, translation

from core.models import AuditEntry
from grants import services
from grants.models import WORKFLOW, Application, ChangeRequest, Move, Status, by_secretariat

from .conftest import make_application


@pytest.fixture(autouse=True)
def _messages_in_english():
    # The refusals are matched by their English msgid; the Japanese ones are in the catalog.
    with translation.override("en"):
        yield


MOVE_ARGUMENTS = {
    Move.SUBMIT: {},
    Move.RETURN: {"reason": "見積書を添付してください"},
    Move.RESUBMIT: {},
    Move.DECIDE: {"granted_amount": 250_000},
    Move.REJECT: {"reason": "対象外の経費です"},
    Move.WITHDRAW: {"reason": "事業中止"},
    Move.REQUEST_CHANGE: {"reason": "期間延長", "new_period_end": datetime.date(2027, 3, 20)},
    Move.APPROVE_CHANGE: {},
    Move.REFUSE_CHANGE: {"reason": "理由不十分"},
    Move.REPORT: {
        "results": "120人が参加",
        "actual_cost": 400_000,
        "eligible_actual_cost": 200_000,
    },
    Move.RETURN_REPORT: {"reason": "領収書が不足"},
    Move.CONFIRM: {},
    Move.CLAIM: {},
    Move.PAY: {},
}
SERVICES = {
    Move.SUBMIT: services.submit_application,
    Move.RETURN: services.return_application,
    Move.RESUBMIT: services.resubmit_application,
    Move.DECIDE: services.decide_application,
    Move.REJECT: services.reject_application,
    Move.WITHDRAW: services.withdraw_application,
    Move.REQUEST_CHANGE: services.request_change,
    Move.APPROVE_CHANGE: services.approve_change,
    Move.REFUSE_CHANGE: services.refuse_change,
    Move.REPORT: services.submit_report,
    Move.RETURN_REPORT: services.return_report,
    Move.CONFIRM: services.confirm_amount,
    Move.CLAIM: services.claim_payment,
    Move.PAY: services.record_payment,
}


def prepared(program, status):
    """An application in `status`, with the data that status implies."""
    granted = (
        300_000
        if status not in (Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.RESUBMITTED)
        else None
    )
    application = make_application(program, status=status, granted=granted)
    if status == Status.CHANGE_REQUESTED:
        ChangeRequest.objects.create(
            application=application, reason="増額", new_granted_amount=350_000
        )
    if status in (Status.REPORTED, Status.CONFIRMED, Status.CLAIMED, Status.PAID):
        application.actual_cost = 400_000
        application.eligible_actual_cost = 200_000
        if status != Status.REPORTED:
            application.confirmed_amount = 200_000
        application.save()
    return application


def perform(move, application, actor):
    result = SERVICES[move](application_id=application.pk, actor=actor, **MOVE_ARGUMENTS[move])
    return result


def actor_for(move, chiyoda_staff, secretariat_user):
    return secretariat_user if WORKFLOW[move].allowed is by_secretariat else chiyoda_staff


ALLOWED = [(move, source) for move, spec in WORKFLOW.moves.items() for source in spec.sources]
REFUSED = [
    (move, status)
    for move, spec in WORKFLOW.moves.items()
    for status in Status
    if status not in spec.sources
]


@pytest.mark.parametrize(("move", "source"), ALLOWED, ids=lambda v: str(v))
def test_allowed_move_changes_status_and_writes_audit(
    program, chiyoda_staff, secretariat_user, django_capture_on_commit_callbacks, move, source
):
    application = prepared(program, source)
    actor = actor_for(move, chiyoda_staff, secretariat_user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        perform(move, application, actor)
    application.refresh_from_db()
    assert application.status == WORKFLOW[move].target
    entry = AuditEntry.objects.get(object_id=str(application.pk), action=move.value)
    assert (entry.from_state, entry.to_state, entry.actor) == (source, application.status, actor)
    notifications = [
        c for c in callbacks if getattr(c, "__qualname__", "").startswith("notify_on_commit")
    ]
    assert len(notifications) == 1  # the notification waits for the commit


@pytest.mark.parametrize("move", list(Move), ids=lambda v: str(v))
def test_move_from_a_status_outside_the_map_is_refused(
    program, chiyoda_staff, secretariat_user, move
):
    for status in [status for m, status in REFUSED if m == move]:
        application = prepared(program, status)
        with pytest.raises(services.ApplicationError, match="cannot go from|is already"):
            perform(move, application, actor_for(move, chiyoda_staff, secretariat_user))
        application.refresh_from_db()
        assert application.status == status
    assert not AuditEntry.objects.filter(action=move.value).exists()


@pytest.mark.parametrize(("move", "source"), ALLOWED, ids=lambda v: str(v))
def test_move_by_the_wrong_role_is_refused(
    program, chiyoda_staff, hachioji_staff, secretariat_user, editor_user, move, source
):
    application = prepared(program, source)
    wrong = [editor_user, hachioji_staff]
    wrong.append(chiyoda_staff if WORKFLOW[move].allowed is by_secretariat else secretariat_user)
    for actor in wrong:
        with pytest.raises(services.ApplicationError, match="Only"):
            perform(move, application, actor)
    application.refresh_from_db()
    assert application.status == source


def test_allowed_moves_offer_each_side_only_its_own(
    program, chiyoda_staff, secretariat_user, hachioji_staff
):
    application = prepared(program, Status.SUBMITTED)
    assert services.allowed_moves(chiyoda_staff, application) == [Move.WITHDRAW]
    assert services.allowed_moves(secretariat_user, application) == [
        Move.RETURN,
        Move.DECIDE,
        Move.REJECT,
    ]
    assert services.allowed_moves(hachioji_staff, application) == []


def test_submit_derives_the_requested_amount_from_eligible_lines(application, chiyoda_staff):
    Application.objects.filter(pk=application.pk).update(requested_amount=None)
    services.submit_application(application_id=application.pk, actor=chiyoda_staff)
    application.refresh_from_db()
    assert application.requested_amount == 400_000  # the ineligible ¥50,000 is left out


def test_submit_refuses_more_than_the_eligible_lines(program, chiyoda_staff):
    application = make_application(program, requested=450_000)
    with pytest.raises(services.ApplicationError, match="¥400,000"):
        services.submit_application(application_id=application.pk, actor=chiyoda_staff)


def test_submit_refuses_more_than_the_remaining_balance_and_says_it(program, chiyoda_staff):
    make_application(program, status=Status.DECIDED, granted=800_000)
    application = make_application(program, requested=300_000)
    with pytest.raises(services.ApplicationError) as refused:
        services.submit_application(application_id=application.pk, actor=chiyoda_staff)
    assert "¥200,000" in refused.value.message


def test_submit_needs_an_eligible_line_and_an_attachment(program, chiyoda_staff):
    without_lines = make_application(program, lines=((10_000, False),))
    with pytest.raises(services.ApplicationError, match="eligible budget line"):
        services.submit_application(application_id=without_lines.pk, actor=chiyoda_staff)
    without_files = make_application(program, attach=False)
    with pytest.raises(services.ApplicationError, match="Attach"):
        services.submit_application(application_id=without_files.pk, actor=chiyoda_staff)


def test_submit_is_refused_outside_the_window(application, chiyoda_staff):
    with time_machine.travel(timezone.now() + datetime.timedelta(days=60)):
        with pytest.raises(services.ApplicationError, match="closed"):
            services.submit_application(application_id=application.pk, actor=chiyoda_staff)


def test_decide_refuses_above_the_remaining_balance_and_states_it(program, secretariat_user):
    make_application(program, status=Status.DECIDED, granted=700_000)
    application = make_application(program, status=Status.SUBMITTED, requested=400_000)
    with pytest.raises(services.ApplicationError) as refused:
        services.decide_application(
            application_id=application.pk, actor=secretariat_user, granted_amount=400_000
        )
    assert "¥300,000" in refused.value.message
    services.decide_application(
        application_id=application.pk, actor=secretariat_user, granted_amount=300_000
    )
    application.refresh_from_db()
    assert application.granted_amount == 300_000
    assert services.remaining_balance(program=program, municipality_id="131016") == 0


def test_decide_refuses_more_than_requested_and_zero(program, secretariat_user):
    application = make_application(program, status=Status.SUBMITTED, requested=300_000)
    for amount in (300_001, 0):
        with pytest.raises(services.ApplicationError):
            services.decide_application(
                application_id=application.pk, actor=secretariat_user, granted_amount=amount
            )


def test_other_municipalities_do_not_share_the_cap(program, secretariat_user):
    make_application(program, "132012", status=Status.DECIDED, granted=1_000_000)
    application = make_application(program, status=Status.SUBMITTED, requested=400_000)
    services.decide_application(
        application_id=application.pk, actor=secretariat_user, granted_amount=400_000
    )


def test_withdrawal_and_rejection_free_the_amount(program, chiyoda_staff):
    decided = make_application(program, status=Status.DECIDED, granted=900_000)
    assert services.remaining_balance(program=program, municipality_id="131016") == 100_000
    services.withdraw_application(application_id=decided.pk, actor=chiyoda_staff)
    assert services.remaining_balance(program=program, municipality_id="131016") == 1_000_000


def test_confirmed_amount_is_the_smaller_of_granted_and_eligible_actual_cost(
    program, secretariat_user
):
    reported = prepared(program, Status.REPORTED)  # granted 300,000; eligible actual 200,000
    services.confirm_amount(application_id=reported.pk, actor=secretariat_user)
    reported.refresh_from_db()
    assert reported.confirmed_amount == 200_000
    # The ¥100,000 not needed goes back to the municipality's balance.
    assert services.remaining_balance(program=program, municipality_id="131016") == 800_000

    overspent = prepared(program, Status.REPORTED)
    Application.objects.filter(pk=overspent.pk).update(eligible_actual_cost=500_000)
    services.confirm_amount(application_id=overspent.pk, actor=secretariat_user)
    overspent.refresh_from_db()
    assert overspent.confirmed_amount == 300_000


def test_payment_pays_the_confirmed_amount(program, secretariat_user):
    claimed = prepared(program, Status.CLAIMED)
    services.record_payment(application_id=claimed.pk, actor=secretariat_user)
    claimed.refresh_from_db()
    assert (claimed.paid_amount, claimed.status) == (200_000, Status.PAID)


def test_the_payment_audit_note_gives_the_day_as_a_japanese_reader_writes_it(
    program, secretariat_user
):
    claimed = prepared(program, Status.CLAIMED)
    services.record_payment(
        application_id=claimed.pk, actor=secretariat_user, paid_on=datetime.date(2027, 3, 31)
    )
    note = AuditEntry.objects.filter(action=Move.PAY).latest("pk").note
    assert note == "¥200,000 2027年3月31日（水）"


def test_report_refuses_eligible_cost_above_actual_cost(program, chiyoda_staff):
    decided = prepared(program, Status.DECIDED)
    with pytest.raises(services.ApplicationError, match="eligible actual cost"):
        services.submit_report(
            application_id=decided.pk,
            actor=chiyoda_staff,
            results="x",
            actual_cost=100,
            eligible_actual_cost=200,
        )


def test_change_to_a_larger_amount_must_fit_the_cap(program, chiyoda_staff, secretariat_user):
    decided = prepared(program, Status.DECIDED)  # 300,000
    make_application(program, status=Status.DECIDED, granted=650_000)
    with pytest.raises(services.ApplicationError, match="¥350,000"):
        services.request_change(
            application_id=decided.pk,
            actor=chiyoda_staff,
            reason="増額",
            new_granted_amount=400_000,
        )
    services.request_change(
        application_id=decided.pk, actor=chiyoda_staff, reason="増額", new_granted_amount=350_000
    )
    services.approve_change(application_id=decided.pk, actor=secretariat_user)
    decided.refresh_from_db()
    assert decided.granted_amount == 350_000
    assert decided.change_requests.get().outcome == ChangeRequest.Outcome.APPROVED


def test_approving_a_change_rechecks_the_cap(program, chiyoda_staff, secretariat_user):
    decided = prepared(program, Status.DECIDED)  # 300,000
    services.request_change(
        application_id=decided.pk, actor=chiyoda_staff, reason="増額", new_granted_amount=600_000
    )
    make_application(program, status=Status.DECIDED, granted=500_000)  # decided meanwhile
    with pytest.raises(services.ApplicationError, match="¥500,000"):
        services.approve_change(application_id=decided.pk, actor=secretariat_user)
    decided.refresh_from_db()
    assert (decided.status, decided.granted_amount) == (Status.CHANGE_REQUESTED, 300_000)


def test_reasons_are_required(program, secretariat_user):
    submitted = prepared(program, Status.SUBMITTED)
    for service in (services.return_application, services.reject_application):
        with pytest.raises(services.ApplicationError, match="reason"):
            service(application_id=submitted.pk, actor=secretariat_user, reason="  ")
