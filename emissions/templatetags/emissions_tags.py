from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()


def _grouped(value: Decimal, places: int) -> str:
    quantum = Decimal(1).scaleb(-places)
    return f"{value.quantize(quantum, rounding=ROUND_HALF_UP):,}"


@register.filter
def kt(value):
    """t-CO2e → thousand t, one decimal: 62977123.4 → 62,977.1 (rounding only for display)."""
    if value is None or value == "":
        return "—"
    return _grouped(Decimal(value) / 1000, 1)


@register.filter
def tonnes(value, places=2):
    if value is None or value == "":
        return "—"
    return _grouped(Decimal(value), int(places))


@register.filter
def signed_percent(value):
    if value is None:
        return "—"
    value = Decimal(value)
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return f"{sign}{abs(value):.1f} %"


@register.filter
def share(part, whole):
    if not whole or part is None:
        return "—"
    return f"{Decimal(part) / Decimal(whole) * 100:.1f} %"
