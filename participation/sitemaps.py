from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Activity, Campaign, Organisation


class ParticipationIndexSitemap(Sitemap):
    i18n = True
    alternates = True

    def items(self):
        return ["participation:index", "participation:organisations", "participation:activities"]

    def location(self, item):
        return reverse(item)


class OrganisationSitemap(Sitemap):
    changefreq = "monthly"
    i18n = True
    alternates = True
    limit = 5000

    def items(self):
        return Organisation.objects.approved().order_by("pk").only("pk", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class ActivitySitemap(Sitemap):
    changefreq = "yearly"
    i18n = True
    alternates = True
    limit = 5000

    def items(self):
        return Activity.objects.public().order_by("pk").only("pk", "published_at")

    def lastmod(self, item):
        return item.published_at


class CampaignSitemap(Sitemap):
    changefreq = "weekly"
    i18n = True
    alternates = True

    def items(self):
        return Campaign.objects.published().order_by("pk")


sitemaps = {
    "participation": ParticipationIndexSitemap,
    "participation-organisations": OrganisationSitemap,
    "participation-activities": ActivitySitemap,
    "participation-campaigns": CampaignSitemap,
}
