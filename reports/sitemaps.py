from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import AnnualReport


class ReportSitemap(Sitemap):
    changefreq = "yearly"
    i18n = True
    alternates = True

    def items(self):
        return list(AnnualReport.objects.published().order_by("-fiscal_year"))

    def location(self, report):
        return reverse("reports:detail", args=[report.fiscal_year])

    def lastmod(self, report):
        return report.published_at


class ReportIndexSitemap(Sitemap):
    changefreq = "monthly"
    i18n = True
    alternates = True

    def items(self):
        return ["reports:index"]

    def location(self, item):
        return reverse(item)


sitemaps = {"reports-index": ReportIndexSitemap, "reports": ReportSitemap}
