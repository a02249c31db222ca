from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Contest, Entry


class ContestPagesSitemap(Sitemap):
    changefreq = "weekly"
    i18n = True
    alternates = True

    def items(self):
        items = [("contests:index", None)]
        for contest in Contest.objects.announced().order_by("-year"):
            items.append(("contests:detail", contest))
            if contest.gallery_is_public:
                items.append(("contests:gallery", contest))
            if contest.results_are_public:
                items.append(("contests:results", contest))
        return items

    def location(self, item):
        name, contest = item
        return reverse(name, kwargs={"year": contest.year} if contest else {})


class ContestWorkSitemap(Sitemap):
    changefreq = "monthly"
    i18n = True
    alternates = True
    limit = 5000

    def items(self):
        return (
            Entry.objects.in_public_gallery()
            .select_related("contest")
            .only("public_id", "contest__year", "updated_at")
            .order_by("pk")
        )

    def lastmod(self, item):
        return item.updated_at


sitemaps = {"contests": ContestPagesSitemap, "contest-works": ContestWorkSitemap}
