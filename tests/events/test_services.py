import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from core.models import AuditEntry
from events import services
from events.models import Category, Registration, RegistrationMode, Status
from events.services import RegistrationError, register_for_event

from .conftest import make_event, registrant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_on_commit")]


def register(event, n=1, **overrides):
    return register_for_event(event_id=event.pk, **registrant(n, **overrides))


def test_registration_is_confirmed_while_seats_are_free(event):
    registration = register(event, party_size=3)
    assert registration.status == Status.CONFIRMED
    event.refresh_from_db()
    assert event.seats_taken == 3
    assert event.seats_left == 7


def test_registration_is_waitlisted_when_event_is_full():
    event = make_event(capacity=2)
    register(event, 1, party_size=2)
    waiting = register(event, 2)
    assert waiting.status == Status.WAITLISTED
    event.refresh_from_db()
    assert event.seats_taken == 2


def test_a_party_that_does_not_fit_the_last_seats_waits_and_nobody_jumps_it():
    event = make_event(capacity=3)
    register(event, 1, party_size=2)
    assert register(event, 2, party_size=2).status == Status.WAITLISTED
    # One seat is free, but the line's head waits for it: the newcomer queues behind.
    assert register(event, 3, party_size=1).status == Status.WAITLISTED


def test_a_seat_freed_by_a_cancellation_goes_to_the_line_not_to_a_newcomer():
    event = make_event(capacity=3)
    first = register(event, 1, party_size=2)
    register(event, 2, party_size=1)
    waiting = register(event, 3, party_size=2)
    assert waiting.status == Status.WAITLISTED
    services.cancel_registration(registration_id=first.pk)
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert register(event, 4, party_size=1).status == Status.WAITLISTED


def test_event_without_capacity_never_fills():
    event = make_event(capacity=None)
    assert all(register(event, n).status == Status.CONFIRMED for n in range(5))


def test_same_email_cannot_register_twice(event):
    register(event, 1)
    with pytest.raises(RegistrationError) as refused:
        register(event, 2, email="HANAKO1@example.jp ")
    assert refused.value.code == "duplicate"


def test_same_email_may_register_again_after_cancelling(event):
    first = register(event, 1)
    services.cancel_registration(registration_id=first.pk)
    assert register(event, 1).status == Status.CONFIRMED


def test_party_larger_than_the_limit_is_refused(event):
    with pytest.raises(RegistrationError) as refused:
        register(event, party_size=5)
    assert refused.value.code == "party_too_large"


def test_party_larger_than_the_capacity_is_refused():
    event = make_event(capacity=2, max_party_size=4)
    with pytest.raises(RegistrationError) as refused:
        register(event, party_size=3)
    assert refused.value.code == "party_too_large"


def test_information_only_event_refuses_registration():
    event = make_event(registration_mode=RegistrationMode.NONE)
    with pytest.raises(RegistrationError) as refused:
        register(event)
    assert refused.value.code == "no_registration"


def test_registration_before_it_opens_is_refused():
    event = make_event(registration_opens=timezone.now() + datetime.timedelta(days=1))
    with pytest.raises(RegistrationError) as refused:
        register(event)
    assert refused.value.code == "closed"


def test_registration_after_it_closes_is_refused():
    event = make_event(registration_closes=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(RegistrationError) as refused:
        register(event)
    assert refused.value.code == "closed"


def test_registration_after_the_start_is_refused(event):
    with time_machine.travel(event.start + datetime.timedelta(minutes=1)):
        with pytest.raises(RegistrationError) as refused:
            register(event)
    assert refused.value.code == "closed"


def test_registration_without_privacy_consent_is_refused(event):
    with pytest.raises(RegistrationError) as refused:
        register(event, privacy_consent=False)
    assert refused.value.code == "consent"


def test_childrens_program_needs_guardian_name_and_consent():
    event = make_event(category=Category.CHILDREN)
    with pytest.raises(RegistrationError) as refused:
        register(event, guardian_name="山田 太郎", guardian_consent=False)
    assert refused.value.code == "guardian"
    ok = register(event, guardian_name="山田 太郎", guardian_consent=True)
    assert ok.status == Status.CONFIRMED


def test_confirmation_email_has_ics_and_signed_cancel_link(event):
    registration = register(event)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["hanako1@example.jp"]
    assert event.title in message.subject
    assert "/events/cancel/" in message.body
    (name, content, mimetype) = message.attachments[0]
    assert name == "event.ics"
    assert mimetype.startswith("text/calendar")
    content = content.decode() if isinstance(content, bytes) else content
    assert "BEGIN:VEVENT" in content and f"event-{event.pk}@" in content
    assert registration.status == Status.CONFIRMED


def test_cancelling_promotes_the_first_waiting_person_and_emails_them():
    event = make_event(capacity=1)
    seated = register(event, 1)
    first_waiting = register(event, 2)
    second_waiting = register(event, 3)
    mail.outbox.clear()
    services.cancel_registration(registration_id=seated.pk)
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == Status.CONFIRMED
    assert second_waiting.status == Status.WAITLISTED
    promoted_mail = [m for m in mail.outbox if m.to == ["hanako2@example.jp"]]
    assert len(promoted_mail) == 1 and promoted_mail[0].attachments
    event.refresh_from_db()
    assert event.seats_taken == 1


def test_the_waiting_line_is_strict_when_the_first_party_does_not_fit():
    event = make_event(capacity=2)
    seated = register(event, 1, party_size=1)
    register(event, 9, party_size=1)
    big_party = register(event, 2, party_size=2)
    single = register(event, 3, party_size=1)
    services.cancel_registration(registration_id=seated.pk)
    big_party.refresh_from_db()
    single.refresh_from_db()
    assert big_party.status == Status.WAITLISTED
    assert single.status == Status.WAITLISTED


def test_cancelling_twice_is_refused(event):
    registration = register(event)
    services.cancel_registration(registration_id=registration.pk)
    with pytest.raises(RegistrationError) as refused:
        services.cancel_registration(registration_id=registration.pk)
    assert refused.value.code == "cancelled"


def test_registrant_cannot_cancel_after_the_start(event):
    registration = register(event)
    with time_machine.travel(event.start + datetime.timedelta(minutes=5)):
        with pytest.raises(RegistrationError) as refused:
            services.cancel_registration(registration_id=registration.pk)
    assert refused.value.code == "started"


def test_status_changes_are_audited(event):
    registration = register(event)
    services.cancel_registration(registration_id=registration.pk)
    entry = AuditEntry.objects.get(action="cancel", object_id=str(registration.pk))
    assert (entry.from_state, entry.to_state) == ("confirmed", "cancelled")


def test_moves_outside_the_map_are_refused(event):
    registration = register(event)
    with pytest.raises(RegistrationError):
        services._move(registration, Status.WAITLISTED)


# --- Lottery -----------------------------------------------------------------


def lottery_event(capacity=3, **overrides):
    now = timezone.now()
    return make_event(
        registration_mode=RegistrationMode.LOTTERY,
        capacity=capacity,
        registration_closes=now + datetime.timedelta(days=2),
        lottery_draw_at=now + datetime.timedelta(days=2, hours=1),
        **overrides,
    )


def test_lottery_applications_hold_no_seats():
    event = lottery_event(capacity=1)
    assert register(event, 1).status == Status.APPLIED
    assert register(event, 2).status == Status.APPLIED


def test_lottery_cannot_be_drawn_during_the_application_period():
    event = lottery_event()
    with pytest.raises(RegistrationError) as refused:
        services.draw_lottery(event_id=event.pk)
    assert refused.value.code == "applications_open"


def test_lottery_draws_winners_reproducibly_from_the_recorded_seed():
    event = lottery_event(capacity=3)
    applicants = [register(event, n) for n in range(1, 9)]
    with time_machine.travel(event.lottery_draw_at):
        drawn = services.draw_lottery(event_id=event.pk, seed="audit-seed-2026")
    assert drawn.lottery_seed == "audit-seed-2026"
    winners = set(
        Registration.objects.filter(event=event, status=Status.CONFIRMED).values_list(
            "pk", flat=True
        )
    )
    expected_order = services.lottery_order("audit-seed-2026", [a.pk for a in applicants])
    assert winners == set(expected_order[:3])
    waiting = list(Registration.objects.filter(event=event).waiting_line())
    assert [w.pk for w in waiting] == expected_order[3:]
    assert [w.lottery_rank for w in waiting] == [4, 5, 6, 7, 8]


def test_lottery_order_depends_on_the_seed_only():
    ids = list(range(1, 50))
    assert services.lottery_order("a", ids) == services.lottery_order("a", list(reversed(ids)))
    assert services.lottery_order("a", ids) != services.lottery_order("b", ids)


def test_drawing_twice_changes_nothing_and_sends_no_more_mail():
    event = lottery_event(capacity=2)
    for n in range(1, 6):
        register(event, n)
    with time_machine.travel(event.lottery_draw_at):
        services.draw_lottery(event_id=event.pk)
        mail.outbox.clear()
        event.refresh_from_db()
        seed = event.lottery_seed
        services.draw_lottery(event_id=event.pk, seed="other")
    event.refresh_from_db()
    assert event.lottery_seed == seed
    assert mail.outbox == []
    assert Registration.objects.filter(event=event, status=Status.CONFIRMED).count() == 2


def test_lottery_notifies_winners_and_the_others():
    event = lottery_event(capacity=1)
    for n in range(1, 4):
        register(event, n)
    mail.outbox.clear()
    with time_machine.travel(event.lottery_draw_at):
        services.draw_lottery(event_id=event.pk)
    subjects = [m.subject for m in mail.outbox]
    assert len(subjects) == 3
    assert sum("you are on the waiting list" in s for s in subjects) == 2
    assert sum("you have a seat" in s for s in subjects) == 1


def test_registration_closes_after_the_draw_and_cancellation_promotes_by_rank():
    event = lottery_event(capacity=1)
    for n in range(1, 4):
        register(event, n)
    with time_machine.travel(event.lottery_draw_at):
        services.draw_lottery(event_id=event.pk, seed="s")
        with pytest.raises(RegistrationError):
            register(event, 7)
        winner = Registration.objects.get(event=event, status=Status.CONFIRMED)
        services.cancel_registration(registration_id=winner.pk)
    promoted = Registration.objects.get(event=event, status=Status.CONFIRMED)
    assert promoted.lottery_rank == 2


# --- Reminders, check-in, anonymisation -----------------------------------------


def test_reminder_is_sent_once_two_days_before(event):
    from events.tasks import send_reminders

    register(event)
    mail.outbox.clear()
    with time_machine.travel(event.start - datetime.timedelta(days=3)):
        assert send_reminders() == 0
    with time_machine.travel(
        event.start - datetime.timedelta(days=2) + datetime.timedelta(hours=1)
    ):
        assert send_reminders() == 1
        assert send_reminders() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].attachments


def test_check_in_marks_attendance_once(event, secretariat_user):
    registration = register(event)
    services.check_in(registration_id=registration.pk, actor=secretariat_user)
    first = Registration.objects.get(pk=registration.pk).checked_in_at
    services.check_in(registration_id=registration.pk, actor=secretariat_user)
    assert Registration.objects.get(pk=registration.pk).checked_in_at == first is not None


def test_check_in_refuses_waitlisted(secretariat_user):
    event = make_event(capacity=1)
    register(event, 1)
    waiting = register(event, 2)
    with pytest.raises(RegistrationError):
        services.check_in(registration_id=waiting.pk, actor=secretariat_user)


def test_personal_data_is_anonymised_after_the_configured_days(event, settings):
    settings.EVENTS_ANONYMISE_AFTER_DAYS = 30
    registration = register(event, party_size=2)
    with time_machine.travel(event.end + datetime.timedelta(days=29)):
        assert services.anonymise_past_registrations() == 0
    with time_machine.travel(event.end + datetime.timedelta(days=31)):
        assert services.anonymise_past_registrations() == 1
    registration.refresh_from_db()
    assert (registration.name, registration.email, registration.phone) == ("", "", "")
    assert registration.party_size == 2 and registration.status == Status.CONFIRMED


def test_adding_seats_promotes_the_waiting_list_in_order():
    event = make_event(capacity=1)
    register(event, 1)
    second = register(event, 2)
    third = register(event, 3)
    event.capacity = 2
    event.save()
    promoted = services.promote_waiting_list(event_id=event.pk)
    assert promoted == [second]
    third.refresh_from_db()
    assert third.status == Status.WAITLISTED
    event.refresh_from_db()
    assert event.seats_taken == 2


def test_adding_seats_before_a_lottery_draw_promotes_nobody():
    event = lottery_event(capacity=1)
    register(event, 1)
    assert services.promote_waiting_list(event_id=event.pk) == []


def test_waiting_list_email_tells_the_position_in_line():
    event = make_event(capacity=1)
    register(event, 1)
    register(event, 2)
    mail.outbox.clear()
    register(event, 3)
    assert "number 2 on the waiting list" in mail.outbox[0].body


# --- Calling an event off ---------------------------------------------------------


def test_cancelling_an_event_cancels_and_tells_every_registrant(secretariat_user):
    event = make_event(capacity=1)
    register(event, 1)
    register(event, 2)
    mail.outbox.clear()
    services.cancel_event(event_id=event.pk, actor=secretariat_user, reason="大雨の予報のため")
    statuses = set(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses == {Status.CANCELLED}
    assert sorted(m.to[0] for m in mail.outbox) == ["hanako1@example.jp", "hanako2@example.jp"]
    assert all("大雨の予報のため" in m.body for m in mail.outbox)
    event.refresh_from_db()
    assert event.seats_taken == 0 and event.cancelled_at is not None
    with pytest.raises(RegistrationError) as refused:
        register(event, 3)
    assert refused.value.code == "closed"


def test_an_event_cannot_be_cancelled_twice(secretariat_user, event):
    services.cancel_event(event_id=event.pk, actor=secretariat_user)
    with pytest.raises(RegistrationError) as refused:
        services.cancel_event(event_id=event.pk, actor=secretariat_user)
    assert refused.value.code == "event_cancelled"


def test_a_finished_event_cannot_be_cancelled(secretariat_user, event):
    with time_machine.travel(event.end + datetime.timedelta(minutes=1)):
        with pytest.raises(RegistrationError) as refused:
            services.cancel_event(event_id=event.pk, actor=secretariat_user)
    assert refused.value.code == "event_over"


def test_a_cancelled_lottery_is_never_drawn(secretariat_user):
    event = lottery_event(capacity=1)
    register(event, 1)
    services.cancel_event(event_id=event.pk, actor=secretariat_user)
    with time_machine.travel(event.lottery_draw_at):
        from events.tasks import draw_due_lotteries

        assert draw_due_lotteries() == 0
        services.draw_lottery(event_id=event.pk)
    event.refresh_from_db()
    assert event.lottery_drawn_at is None
