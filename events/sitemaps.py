import datetime

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import timezone

from .models import Event


class EventSitemap(Sitemap):
    changefreq = "weekly"
    i18n = True
    alternates = True
    limit = 2000

    def items(self):
        since = timezone.now() - datetime.timedelta(days=365)
        return Event.objects.public().filter(end__gte=since).only("pk", "updated_at").order_by("pk")

    def lastmod(self, event):
        return event.updated_at


class EventPagesSitemap(Sitemap):
    changefreq = "daily"
    i18n = True
    alternates = True

    def items(self):
        return ["events:index", "events:calendar"]

    def location(self, item):
        return reverse(item)


sitemaps = {"events": EventSitemap, "event-pages": EventPagesSitemap}
