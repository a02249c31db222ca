"""Open data: the credit ledger, so anyone can trace an offset tonne to its purchase."""

import datetime

from django.db.models import Q
from ninja import Router, Schema

from .models import CreditPurchase, CreditRetirement

router = Router(tags=["offsets"])


class PurchaseOut(Schema):
    id: int
    scheme: str
    source_project: str
    reference: str
    tonnes: int
    retired_tonnes: int
    price_yen: int
    purchased_on: datetime.date


class RetirementOut(Schema):
    id: int
    purchase_id: int
    event_id: int | None = None
    purpose: str
    tonnes: int
    retired_on: datetime.date


class LedgerOut(Schema):
    purchased_tonnes: int
    retired_tonnes: int
    balance_tonnes: int
    purchases: list[PurchaseOut]
    retirements: list[RetirementOut]


@router.get("/", response=LedgerOut, summary="Credit purchases, retirements and the balance")
def ledger(request):
    purchases = list(CreditPurchase.objects.with_retired().order_by("purchased_on", "pk"))
    # Retirements for staff-only events count in the balance but are not listed.
    retirements = CreditRetirement.objects.filter(
        Q(event__isnull=True) | Q(event__is_published=True, event__visibility="public")
    ).order_by("retired_on", "pk")
    bought = sum(p.tonnes for p in purchases)
    retired = sum(p.retired_tonnes for p in purchases)
    return {
        "purchased_tonnes": bought,
        "retired_tonnes": retired,
        "balance_tonnes": bought - retired,
        "purchases": purchases,
        "retirements": list(retirements),
    }
