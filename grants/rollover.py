"""Next year's grant program: its cap from the rule of that year, its window a year on."""

import datetime

from django.utils import timezone

from core.dated_text import ReviewFlags
from core.fiscal import TOKYO

from .models import CostCategory, GrantProgram, cap_of_fiscal_year

COPIED_TEXT = ("title_ja", "title_en", "guidance_ja", "guidance_en")


def _a_year_later(moment: datetime.datetime) -> datetime.datetime:
    local = timezone.localtime(moment, TOKYO)
    try:
        return local.replace(year=local.year + 1)
    except ValueError:  # 29 February
        return local.replace(year=local.year + 1, day=28)


def copy_year(*, from_year: int, to_year: int, flags: ReviewFlags) -> None:
    program = GrantProgram.objects.filter(fiscal_year=from_year).first()
    if program is None or GrantProgram.objects.filter(fiscal_year=to_year).exists():
        return
    copy = GrantProgram.objects.create(
        fiscal_year=to_year,
        title=program.title_ja,
        **{name: getattr(program, name) for name in COPIED_TEXT},
        cap_per_municipality=cap_of_fiscal_year(to_year),
        opens_at=_a_year_later(program.opens_at),
        closes_at=_a_year_later(program.closes_at),
    )
    flags.check(copy, COPIED_TEXT)
    for category in program.cost_categories.all():
        copied = CostCategory.objects.create(
            program=copy,
            name=category.name_ja,
            name_ja=category.name_ja,
            name_en=category.name_en,
            eligible=category.eligible,
            order=category.order,
        )
        flags.check(copied, ("name_ja", "name_en"))
