"""Buying and retiring credits. The balance is recounted under row locks, never trusted."""

import datetime

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from core.audit import record_audit
from core.workflow import ServiceError

from .models import CreditPurchase, CreditRetirement


def _lock_purchases() -> list[CreditPurchase]:
    # Locked in one fixed order so concurrent retirements queue instead of deadlocking.
    return list(CreditPurchase.objects.select_for_update().order_by("purchased_on", "pk"))


def remaining_tonnes(purchase: CreditPurchase) -> int:
    retired = purchase.retirements.aggregate(total=Sum("tonnes"))["total"] or 0
    return purchase.tonnes - retired


def balance() -> int:
    bought = CreditPurchase.objects.aggregate(total=Sum("tonnes"))["total"] or 0
    retired = CreditRetirement.objects.aggregate(total=Sum("tonnes"))["total"] or 0
    return bought - retired


@transaction.atomic
def record_purchase(
    *,
    scheme: str,
    source_project: str,
    tonnes: int,
    price_yen: int,
    purchased_on: datetime.date,
    reference: str = "",
    actor=None,
) -> CreditPurchase:
    if tonnes <= 0:
        raise ServiceError(_("A purchase must have at least one tonne."))
    purchase = CreditPurchase.objects.create(
        scheme=scheme,
        source_project=source_project,
        tonnes=tonnes,
        price_yen=price_yen,
        purchased_on=purchased_on,
        reference=reference,
    )
    record_audit(subject=purchase, actor=actor, action="purchase", note=f"{tonnes} t")
    return purchase


@transaction.atomic
def retire_credits(
    *,
    tonnes: int,
    purpose: str,
    retired_on: datetime.date,
    event_id: int | None = None,
    purchase_id: int | None = None,
    actor=None,
) -> list[CreditRetirement]:
    """Retire `tonnes`, oldest purchase first (or from `purchase_id` only); one row per purchase.

    Never lets the balance of any purchase go below zero, even under concurrent calls.
    """
    if tonnes <= 0:
        raise ServiceError(_("Retire at least one tonne."))
    locked = _lock_purchases()
    if purchase_id is not None:
        locked = [p for p in locked if p.pk == purchase_id]
    available = [(p, remaining_tonnes(p)) for p in locked]
    if sum(left for _p, left in available) < tonnes:
        raise ServiceError(_("Not enough credits left: the balance would go below zero."))
    retirements = []
    still_needed = tonnes
    for source, left in available:
        if still_needed == 0:
            break
        taken = min(left, still_needed)
        if taken <= 0:
            continue
        retirement = CreditRetirement.objects.create(
            purchase=source,
            event_id=event_id,
            purpose=purpose,
            tonnes=taken,
            retired_on=retired_on,
            retired_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        record_audit(
            subject=retirement,
            actor=actor,
            action="retire",
            note=f"{taken} t from purchase {source.pk}",
        )
        retirements.append(retirement)
        still_needed -= taken
    return retirements
