"""Next year's budget lines: the same structure and amounts, to be revised as drafts."""

from core.dated_text import ReviewFlags

from .models import BudgetLine

COPIED_TEXT = ("title_ja", "title_en", "note")


def copy_year(*, from_year: int, to_year: int, flags: ReviewFlags) -> None:
    if BudgetLine.objects.filter(fiscal_year=to_year).exists():
        return
    from initiatives.models import Initiative

    copies_of = dict(
        Initiative.objects.filter(fiscal_year=to_year, copied_from__isnull=False).values_list(
            "copied_from_id", "pk"
        )
    )
    for line in BudgetLine.objects.filter(fiscal_year=from_year).order_by("position", "pk"):
        copy = BudgetLine.objects.create(
            fiscal_year=to_year,
            title=line.title_ja,
            **{name: getattr(line, name) for name in COPIED_TEXT},
            source=line.source,
            initiative_id=copies_of.get(line.initiative_id),
            amount=line.amount,
            position=line.position,
            copied_from=line,
        )
        flags.check(copy, COPIED_TEXT)
