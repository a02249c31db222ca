"""The stored inputs of an edition, written back in the format of their files."""

from django.utils.translation import gettext as _

from ..models import Edition
from .rules import EmissionsError

INPUT_KINDS = ("factors", "activity", "indicators", "apportionment", "estimates")


def input_rows(edition: Edition, kind: str):
    """The stored inputs of an edition in the format of their file (header row first)."""
    if kind == "factors":
        yield ["fiscal_year", "energy_source", "gas", "factor"]
        yield from edition.factors.order_by("fiscal_year", "energy_source", "gas").values_list(
            "fiscal_year", "energy_source", "gas", "factor"
        )
    elif kind == "activity":
        yield ["fiscal_year", "municipality_code", "sector", "energy_source", "amount"]
        yield from edition.activities.order_by(
            "fiscal_year", "municipality_code", "sector", "energy_source"
        ).values_list("fiscal_year", "municipality_code", "sector", "energy_source", "amount")
    elif kind == "indicators":
        yield ["fiscal_year", "municipality_code", "indicator", "value"]
        yield from edition.indicators.order_by(
            "fiscal_year", "municipality_id", "indicator"
        ).values_list("fiscal_year", "municipality_id", "indicator", "value")
    elif kind == "apportionment":
        yield ["sector", "energy_source", "indicator"]
        yield from edition.apportionment.order_by("sector", "energy_source").values_list(
            "sector", "energy_source", "indicator"
        )
    elif kind == "estimates":
        yield ["fiscal_year", "municipality_code", "sector", "gas", "value_t_co2e"]
        yield from edition.estimates.order_by(
            "fiscal_year", "municipality_id", "sector", "gas"
        ).values_list("fiscal_year", "municipality_id", "sector", "gas", "value")
    else:
        raise EmissionsError(_("Unknown kind of input “%s”.") % kind)
