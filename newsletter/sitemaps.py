from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Issue


class NewsletterIndexSitemap(Sitemap):
    changefreq = "monthly"
    i18n = True
    alternates = True

    def items(self):
        return ["newsletter:index", "newsletter:subscribe"]

    def location(self, item):
        return reverse(item)


class IssueSitemap(Sitemap):
    changefreq = "yearly"
    i18n = True
    alternates = True

    def items(self):
        return Issue.objects.sent().order_by("-sent_at").only("pk", "sent_at")

    def location(self, issue):
        return reverse("newsletter:issue", kwargs={"pk": issue.pk})

    def lastmod(self, issue):
        return issue.sent_at


sitemaps = {"newsletter": NewsletterIndexSitemap, "newsletter-issues": IssueSitemap}
