import datetime

import pytest

from core.models import AuditEntry
from core.workflow import ServiceError
from offsets.models import CreditRetirement, Scheme
from offsets.services import balance, record_purchase, retire_credits
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 6, 1)


def purchase(tonnes, day=datetime.date(2026, 4, 10), project="釜石地方森林組合"):
    return record_purchase(
        scheme=Scheme.J_VER,
        source_project=project,
        tonnes=tonnes,
        price_yen=tonnes * 8_000,
        purchased_on=day,
    )


def test_retirement_takes_the_oldest_purchase_first_and_traces_to_it():
    older = purchase(3, datetime.date(2026, 4, 1))
    newer = purchase(5, datetime.date(2026, 5, 1), project="檜原村 J-クレジット")
    event = make_event()
    rows = retire_credits(tonnes=4, purpose="講座のオフセット", retired_on=DAY, event_id=event.pk)
    assert [(r.purchase, r.tonnes) for r in rows] == [(older, 3), (newer, 1)]
    assert all(r.event == event for r in rows)
    assert balance() == 4


def test_retiring_more_than_the_balance_is_refused_and_changes_nothing():
    purchase(2)
    with pytest.raises(ServiceError):
        retire_credits(tonnes=3, purpose="x", retired_on=DAY)
    assert CreditRetirement.objects.count() == 0
    assert balance() == 2


def test_retiring_from_a_chosen_purchase_uses_only_that_purchase():
    purchase(5)
    chosen = purchase(1, datetime.date(2026, 5, 1))
    with pytest.raises(ServiceError):
        retire_credits(tonnes=2, purpose="x", retired_on=DAY, purchase_id=chosen.pk)
    (row,) = retire_credits(tonnes=1, purpose="x", retired_on=DAY, purchase_id=chosen.pk)
    assert row.purchase == chosen


@pytest.mark.parametrize("tonnes", [0, -1])
def test_zero_or_negative_tonnes_are_refused(tonnes):
    purchase(5)
    with pytest.raises(ServiceError):
        retire_credits(tonnes=tonnes, purpose="x", retired_on=DAY)
    with pytest.raises(ServiceError):
        purchase(tonnes)


def test_purchases_and_retirements_are_audited(secretariat_user):
    purchase(5)
    retire_credits(tonnes=2, purpose="x", retired_on=DAY, actor=secretariat_user)
    assert AuditEntry.objects.filter(action="purchase").count() == 1
    assert AuditEntry.objects.get(action="retire").actor == secretariat_user


def test_admin_retirement_goes_through_the_service(client, secretariat_user):
    first = purchase(2)
    second = purchase(2, datetime.date(2026, 5, 1))
    event = make_event()
    client.force_login(secretariat_user)
    response = client.post(
        "/admin/offsets/creditretirement/add/",
        {"event": event.pk, "purpose": "ブース", "tonnes": 3, "retired_on": "2026-06-01"},
    )
    assert response.status_code == 302
    assert sorted(CreditRetirement.objects.values_list("purchase_id", "tonnes")) == [
        (first.pk, 2),
        (second.pk, 1),
    ]


def test_admin_refuses_retiring_more_than_left(client, secretariat_user):
    purchase(1)
    client.force_login(secretariat_user)
    client.post(
        "/admin/offsets/creditretirement/add/",
        {"purpose": "x", "tonnes": 3, "retired_on": "2026-06-01"},
    )
    assert CreditRetirement.objects.count() == 0


def test_municipal_staff_cannot_reach_the_ledger(client, chiyoda_staff):
    client.force_login(chiyoda_staff)
    assert client.get("/admin/offsets/creditpurchase/").status_code == 403


def test_retirements_cannot_be_deleted(client, secretariat_user):
    purchase(2)
    (row,) = retire_credits(tonnes=1, purpose="x", retired_on=DAY)
    client.force_login(secretariat_user)
    assert client.get(f"/admin/offsets/creditretirement/{row.pk}/delete/").status_code == 403


def test_open_data_ledger_traces_retirements_to_purchases(client):
    from events.models import Visibility

    bought = purchase(5)
    public_event = make_event()
    staff_event = make_event(visibility=Visibility.STAFF)
    retire_credits(tonnes=2, purpose="講座", retired_on=DAY, event_id=public_event.pk)
    retire_credits(tonnes=1, purpose="研修", retired_on=DAY, event_id=staff_event.pk)
    data = client.get("/api/offsets/").json()
    assert (data["purchased_tonnes"], data["retired_tonnes"], data["balance_tonnes"]) == (5, 3, 2)
    assert data["purchases"][0]["retired_tonnes"] == 3
    assert [(r["purchase_id"], r["event_id"]) for r in data["retirements"]] == [
        (bought.pk, public_event.pk)
    ]
