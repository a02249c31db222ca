"""The one matcher of every search: substrings, not words, because Japanese has no spaces.

`森林` must find 森林セラピー and 奥多摩の森林; a word index would not. A query is split into
terms (`terms_of`); a record matches when every term is a substring of it. Records with long
text keep a search document (`SearchDocumentField`: a generated column holding every
language's fields in lower case, one LIKE per term instead of six case-folding ILIKEs) and are
ranked (`match_filter` + `score_expression`: a hit in the title weighs more than one in the body);
short records match on their own columns (`match_fields`). Apps use it in their `search.py`
(core.contributions) and may offer a ranked list for the article search (`RankedSearch`).
"""

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import reduce
from operator import add, and_, or_

from django.db import models
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce, Concat, Lower
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_TERMS = 5
LANGUAGES = ("ja", "en")


def search_document(*fields: str):
    """Lower-cased text of the given translated fields in every language, for substring search."""
    parts = []
    for field in fields:
        for language in LANGUAGES:
            text = Coalesce(F(f"{field}_{language}"), Value(""), output_field=models.TextField())
            parts += [text, Value("\n", output_field=models.TextField())]
    return Lower(Concat(*parts, output_field=models.TextField()))


class SearchDocumentField(models.GeneratedField):
    """A stored generated column whose system check does not need a database connection.

    Django's GeneratedField check asks the server for its version, so `check --deploy` (run at
    build time, without a database) would fail. Both supported backends, PostgreSQL and SQLite
    3.31+, support stored generated columns, so there is nothing to ask.
    """

    def check(self, **kwargs):
        return super().check(**{**kwargs, "databases": []})


def terms_of(query: str) -> list[str]:
    """Words of a query: NFKC-normalised (全角 ＡＢＣ → ABC), split on ASCII and 全角 spaces."""
    normalised = unicodedata.normalize("NFKC", query or "")
    terms = []
    for term in normalised.split():
        if term.lower() not in (t.lower() for t in terms):
            terms.append(term)
    return terms[:MAX_TERMS]


def _columns(field: str, languages=LANGUAGES) -> list[str]:
    return [f"{field}_{language}" for language in languages]


def match_filter(terms: list[str], document: str = "search_text") -> Q:
    """Every term appears in the lower-cased search document (all languages, all fields)."""
    return reduce(and_, (Q(**{f"{document}__contains": term.lower()}) for term in terms))


def match_fields(terms: list[str], fields: Iterable[str]) -> Q:
    """Every term appears in one of `fields` (model lookups, case-insensitive).

    Precondition: `terms` is not empty (`terms_of` of a blank query is, and finds nothing).
    """
    fields = tuple(fields)
    return reduce(
        and_,
        (reduce(or_, (Q(**{f"{field}__icontains": term}) for field in fields)) for term in terms),
    )


def translated(*fields: str) -> tuple[str, ...]:
    """The columns of translated fields in every language: title → title_ja, title_en."""
    return tuple(column for field in fields for column in _columns(field))


RANKED_CANDIDATES = 500


def ranked(queryset, terms: list[str], weights: dict[str, int]):
    """Records of a search document matching every term, best first, then newest."""
    return (
        queryset.filter(match_filter(terms))
        .annotate(score=score_expression(terms, weights))
        .order_by("-score", "-published_at", "-pk")
    )


def ranked_hits(queryset, terms: list[str], weights: dict[str, int]) -> list[tuple]:
    """(score, published_at, pk) of the best-matching records, best first."""
    if not terms:
        return []
    hits = ranked(queryset, terms, weights).values_list("score", "published_at", "pk")
    return list(hits[:RANKED_CANDIDATES])


@dataclass(frozen=True)
class RankedRecord:
    """One hit of the ranked article search, as the search page shows it."""

    url: str
    title: str
    text: str  # the lead or summary, shown as the snippet when a term is in it
    body: str  # the snippet otherwise
    context: str = ""  # where the record sits, e.g. its course


@dataclass(frozen=True)
class RankedSearch:
    """An app's part of the ranked article search (news and lessons, on /news/search/)."""

    kind: str
    ranked: Callable[[list[str]], list[tuple]]  # terms -> (score, published_at, pk), best first
    load: Callable[[list[int]], dict[int, RankedRecord]]


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
