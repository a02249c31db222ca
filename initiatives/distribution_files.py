"""Distribution records of awareness goods in bulk, as the secretariat keeps them in a sheet.

One row per municipality and good: 年度, 市区町村コード or 市区町村 (name), 物品, 数量, 配布日.
The export writes the same columns, so a downloaded file imports back to the same records.
"""

import datetime
import re

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exports import Table
from core.fiscal import fiscal_year_bounds
from core.params import whole_number
from core.tables import RowError, TableErrors, read_table
from municipalities.codes import check_digit, is_valid_code
from municipalities.models import Municipality

from .models import AwarenessGood, Distribution, Initiative

MAX_QUANTITY = 2_147_483_647  # the column's range
COLUMNS = {
    "fiscal_year": ("年度", "fiscal year", "fiscal_year"),
    "municipality_code": ("市区町村コード", "団体コード", "municipality code", "code"),
    "municipality": ("市区町村", "市区町村名", "municipality"),
    "good": ("物品", "啓発物品", "品目", "good", "item"),
    "quantity": ("数量", "配布数", "quantity"),
    "distributed_on": ("配布日", "distributed on", "date"),
}
HEADERS = {
    "fiscal_year": gettext_lazy("Fiscal year"),
    "municipality_code": gettext_lazy("Municipality code"),
    "municipality": gettext_lazy("Municipality"),
    "good": gettext_lazy("Good"),
    "quantity": gettext_lazy("Quantity"),
    "distributed_on": gettext_lazy("Distributed on"),
}
DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")


class _Lookup:
    """Municipalities by code (6 digits, or 5 without the check digit) or name; goods by name."""

    def __init__(self):
        self.codes = set(Municipality.objects.values_list("code", flat=True))
        names: dict[str, set[str]] = {}
        for code, name_ja, name_en in Municipality.objects.values_list(
            "code", "name_ja", "name_en"
        ):
            for name in (name_ja, name_en):
                if name:
                    names.setdefault(name.lower(), set()).add(code)
        self.names = names
        self.goods = {}
        for good in AwarenessGood.objects.all():
            for name in (good.name_ja, good.name_en):
                if name:
                    self.goods[name.lower()] = good

    def municipality(self, code: str, name: str) -> tuple[str | None, RowError | None]:
        if code:
            if len(code) == 5 and code.isdigit():
                code += str(check_digit(code))
            if not is_valid_code(code) or code not in self.codes:
                return None, (
                    "municipality_code",
                    _("%(code)s is not a code of the 62.") % {"code": code},
                )
            return code, None
        if not name:
            return None, ("municipality", _("Give the municipality's code or name."))
        found = self.names.get(name.lower(), set())
        if len(found) > 1:
            return None, (
                "municipality",
                _("“%(name)s” names more than one municipality; give the code.") % {"name": name},
            )
        if not found:
            return None, ("municipality", _("“%(name)s” is not one of the 62.") % {"name": name})
        return next(iter(found)), None


def _quantity(text: str) -> int | None:
    value = whole_number(text)
    return value if value is not None and 0 < value <= MAX_QUANTITY else None


def _date(text: str, initiative: Initiative) -> datetime.date | None | str:
    """The day, None when empty, "invalid" when unreadable, "outside" when not in the FY."""
    if not text:
        return None
    match = DATE.match(text)
    try:
        day = datetime.date(*(int(part) for part in match.groups())) if match else None
    except ValueError:
        day = None
    if day is None:
        return "invalid"
    first, last = fiscal_year_bounds(initiative.fiscal_year)
    return day if first <= day <= last else "outside"


def parse_distributions(
    *, initiative: Initiative, data: bytes, filename: str
) -> list[Distribution]:
    """Every row as an unsaved Distribution of the initiative; raises TableErrors with them all."""
    rows = read_table(data, filename=filename, columns=COLUMNS, required=("good", "quantity"))
    lookup = _Lookup()
    errors, parsed, seen = [], [], {}
    header = {key: spellings[0] for key, spellings in COLUMNS.items()}
    for number, row in rows:

        def refuse(key, message, number=number):
            errors.append(RowError(number, header[key], message))

        if row.get("fiscal_year") and row["fiscal_year"] != str(initiative.fiscal_year):
            refuse(
                "fiscal_year",
                _("The file is for FY%(year)s; this initiative is FY%(own)s.")
                % {"year": row["fiscal_year"], "own": initiative.fiscal_year},
            )
        code, problem = lookup.municipality(
            row.get("municipality_code", ""), row.get("municipality", "")
        )
        if problem:
            refuse(*problem)
        good = lookup.goods.get(row["good"].lower())
        if good is None:
            refuse("good", _("“%(good)s” is not a known awareness good.") % {"good": row["good"]})
        quantity = _quantity(row["quantity"])
        if quantity is None:
            refuse("quantity", _("Enter a whole number from 1 to 2,147,483,647."))
        day = _date(row.get("distributed_on", ""), initiative)
        if day == "invalid":
            refuse("distributed_on", _("Enter the date as 2026-05-15 or 2026/05/15."))
        elif day == "outside":
            refuse(
                "distributed_on",
                _("The date is outside FY%(year)s.") % {"year": initiative.fiscal_year},
            )
        if code and good and (code, good.pk) in seen:
            refuse(
                "good",
                _("The same good for the same municipality is on row %(row)s too.")
                % {"row": seen[(code, good.pk)]},
            )
        if code and good:
            seen.setdefault((code, good.pk), number)
        parsed.append(
            Distribution(
                initiative=initiative,
                good=good,
                municipality_id=code,
                quantity=quantity,
                distributed_on=day if isinstance(day, datetime.date) else None,
            )
        )
    if not rows:
        errors.append(RowError(2, "", _("The file has no rows.")))
    if errors:
        raise TableErrors(errors)
    return parsed


@transaction.atomic
def import_distributions(*, initiative: Initiative, data: bytes, filename: str) -> int:
    """All rows or none: each (good, municipality) of the initiative is created or replaced."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    rows = parse_distributions(initiative=initiative, data=data, filename=filename)
    for row in rows:
        Distribution.objects.update_or_create(
            initiative=initiative,
            good=row.good,
            municipality_id=row.municipality_id,
            defaults={"quantity": row.quantity, "distributed_on": row.distributed_on},
        )
    return len(rows)


def distribution_table(distributions, *, name: str) -> Table:
    """The rows in the import's own columns (headers in the request's language)."""
    keys = list(COLUMNS)
    return Table(
        name=name,
        header=[HEADERS[key] for key in keys],
        rows=(
            (
                d.initiative.fiscal_year,
                d.municipality_id,
                d.municipality.name_ja,
                d.good.name_ja,
                d.quantity,
                d.distributed_on,
            )
            for d in distributions.select_related("initiative", "municipality", "good").order_by(
                "municipality_id", "good__name_ja"
            )
        ),
    )
