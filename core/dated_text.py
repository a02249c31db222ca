"""Text that names a year or a date, found when fiscal year N+1 is started from year N.

An app opts in with a `rollover.py` defining

    copy_year(*, from_year: int, to_year: int, flags: ReviewFlags) -> None

which copies its records of `from_year` as drafts of `to_year`. Apps run in INSTALLED_APPS order
inside one transaction (initiatives.services.start_fiscal_year), so a later app finds the copies
of an earlier one. Text that names a year or a date is copied and flagged, never silently kept
or rewritten: "エコプロダクツ2011" must be read by a person before it reappears in 2027.
"""

import re
import unicodedata
from dataclasses import asdict, dataclass, field

_KANJI_NUMBER = "〇一二三四五六七八九十"
DATED_PATTERNS = (
    # Western years of the program's lifetime, also in "FY2026", "2011年度", "collection2012".
    re.compile(r"(?<!\d)(?:19[89]\d|20\d\d)(?!\d)(?:年度|年)?"),
    # Japanese era years: 平成23年度, 令和元年, 令和八年
    re.compile(rf"(?:昭和|平成|令和)\s*(?:元|\d{{1,2}}|[{_KANJI_NUMBER}]{{1,3}})\s*年度?"),
    # Abbreviated era years: H23, R8 (as in "R8年度")
    re.compile(r"(?<![A-Za-z])[HR]\d{1,2}(?=\s*年|\b)"),
)


def dated_expressions(text: str) -> list[str]:
    """The years and era dates a text names ("2011", "平成23年度"), in order of appearance."""
    normalized = unicodedata.normalize("NFKC", text or "")
    found = []
    for pattern in DATED_PATTERNS:
        found += [(match.start(), match.group(0)) for match in pattern.finditer(normalized)]
    return [expression for _start, expression in sorted(found)]


@dataclass(frozen=True)
class ReviewFlag:
    model: str  # app_label.ModelName
    pk: int
    field: str
    expressions: tuple[str, ...]
    label: str  # the record as a person reads it

    def as_dict(self) -> dict:
        data = asdict(self)
        data["expressions"] = list(self.expressions)
        return data


@dataclass
class ReviewFlags:
    """What a rollover copied that names a year; kept on the new year's work plan."""

    items: list[ReviewFlag] = field(default_factory=list)

    def check(self, obj, field_names) -> None:
        """Flag each of the object's fields that names a year or a date."""
        model = f"{obj._meta.app_label}.{obj._meta.model_name}"
        for name in field_names:
            expressions = dated_expressions(getattr(obj, name, "") or "")
            if expressions:
                self.items.append(
                    ReviewFlag(
                        model=model,
                        pk=obj.pk,
                        field=name,
                        expressions=tuple(expressions),
                        label=str(obj),
                    )
                )
