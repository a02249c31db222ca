import datetime

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.contributions import DigestItem

from .models import Contest

HEADING = _("Contests")


def items_since(*, since: datetime.datetime, until: datetime.datetime) -> list[DigestItem]:
    """Contests that opened for entries, or published their results, in the window."""
    items = []
    contests = Contest.objects.filter(
        Q(entries_open_at__gte=since, entries_open_at__lt=until)
        | Q(results_published_at__gte=since, results_published_at__lt=until)
    )
    for contest in contests:
        if contest.results_published_at and since <= contest.results_published_at < until:
            items.append(
                DigestItem(
                    kind="contests",
                    title_ja=f"{contest.title_ja} 結果発表",
                    title_en=f"Results: {contest.title_en or contest.title_ja}",
                    url=f"/contests/{contest.year}/results/",
                    published_at=contest.results_published_at,
                )
            )
        if since <= contest.entries_open_at < until:
            items.append(
                DigestItem(
                    kind="contests",
                    title_ja=f"{contest.title_ja} 作品募集",
                    title_en=f"Call for entries: {contest.title_en or contest.title_ja}",
                    url=f"/contests/{contest.year}/",
                    summary_ja=contest.summary_ja or "",
                    summary_en=contest.summary_en or "",
                    published_at=contest.entries_open_at,
                )
            )
    return items
