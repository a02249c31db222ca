"""Japanese-friendly matching: substrings, not words, because Japanese has no spaces.

`森林` must find 森林セラピー and 奥多摩の森林; a word index would not. Each search word is matched
as a substring of the model's `search_text`, a generated column holding every language's title,
lead and body in lower case (one LIKE per word instead of six case-folding ILIKEs); all words
must match; a hit in the title weighs more than one in the lead or body.
"""

import re
import unicodedata
from functools import reduce
from operator import add, and_, or_

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_TERMS = 5
WEIGHTS = {"title": 10, "lead": 3, "body": 1}


def terms_of(query: str) -> list[str]:
    """Words of a query: NFKC-normalised (全角 ＡＢＣ → ABC), split on ASCII and 全角 spaces."""
    normalised = unicodedata.normalize("NFKC", query or "")
    terms = []
    for term in normalised.split():
        if term.lower() not in (t.lower() for t in terms):
            terms.append(term)
    return terms[:MAX_TERMS]


def _columns(field: str, languages=("ja", "en")) -> list[str]:
    return [f"{field}_{language}" for language in languages]


def match_filter(terms: list[str], document: str = "search_text") -> Q:
    """Every term appears in the lower-cased search document (all languages, all fields)."""
    return reduce(and_, (Q(**{f"{document}__contains": term.lower()}) for term in terms))


def score_expression(terms: list[str], fields: dict[str, int]):
    """Sum over terms of the weight of the best field the term appears in.

    Precondition: the rows match every term (`match_filter`). A term cannot span two fields
    of the search document (terms hold no whitespace; fields are joined by newlines), so a
    term missing from every heavier field is in the lightest one: that field, the longest
    (the body), is never read again.
    """
    by_weight = sorted(fields.items(), key=lambda item: -item[1])
    *heavier, (_lightest, lightest_weight) = by_weight
    per_term = []
    for term in terms:
        whens = [
            When(
                reduce(or_, (Q(**{f"{column}__icontains": term}) for column in _columns(field))),
                then=Value(weight),
            )
            for field, weight in heavier
        ]
        per_term.append(Case(*whens, default=Value(lightest_weight), output_field=IntegerField()))
    return reduce(add, per_term)


def highlight(text: str, terms: list[str]) -> SafeString:
    """Escape `text` and wrap each occurrence of a term in <mark>."""
    text = text or ""
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.I)
    pieces, last = [], 0
    for found in pattern.finditer(text):
        pieces.append(escape(text[last : found.start()]))
        pieces.append(f"<mark>{escape(found.group(0))}</mark>")
        last = found.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of text is escaped above


def snippet(text: str, terms: list[str], *, width: int = 80) -> SafeString:
    """A short, highlighted excerpt around the first term found in `text`."""
    plain = re.sub(r"[#*_>`\[\]()!|-]+", " ", text or "")
    plain = re.sub(r"\s+", " ", plain).strip()
    lowered = plain.lower()
    positions = [lowered.find(t.lower()) for t in terms if lowered.find(t.lower()) >= 0]
    start = max(0, min(positions) - width // 2) if positions else 0
    excerpt = plain[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(plain) else ""
    return mark_safe(prefix + highlight(excerpt, terms) + suffix)  # noqa: S308 - highlight escapes
