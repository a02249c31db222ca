"""The Atom feed of newly published activities."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy

from core.sanitize import render_markdown

from ..models import Activity


class LatestActivitiesFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("ECO Net Tokyo 62: new activities of participating organisations")
    subtitle = gettext_lazy("Activities reported in the joint action, after moderation.")

    def link(self):
        return reverse("participation:activities")

    def items(self):
        return list(
            Activity.objects.public().with_public_version().order_by("-published_at", "-pk")[:30]
        )

    def item_title(self, item):
        return item.published_version.title

    def item_description(self, item):
        return render_markdown(item.published_version.description)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_version.decided_at or item.published_at

    def item_author_name(self, item):
        return item.organisation.name

    def item_categories(self, item):
        return [item.published_version.get_category_display()]
