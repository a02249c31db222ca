"""Atom feeds of published articles, for the whole portal and per municipality."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from municipalities.models import Municipality

from .models import Article

FEED_LENGTH = 30


class LatestArticlesFeed(Feed):
    feed_type = Atom1Feed
    author_name = "ECOネット東京62"

    def title(self):
        return _("ECO Net Tokyo 62: Eco news")

    def subtitle(self):
        return _("News of the joint climate and nature program of Tokyo's 62 municipalities.")

    def link(self):
        return reverse("news:index")

    def feed_url(self):
        return reverse("news:feed")

    def items(self):
        return self.latest(Article.objects.published())

    @staticmethod
    def latest(articles):
        return (
            articles.select_related("category", "municipality")
            .defer("search_text")
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        # Stable across languages and edits: the article's identity, not its URL.
        return f"tag:{urlsplit(settings.SITE_URL).hostname},2007:news/{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)

    def item_author_name(self, item):
        return item.municipality.name if item.municipality else self.author_name

    def item_categories(self, item):
        return [item.category.name] if item.category else []


class MunicipalityArticlesFeed(LatestArticlesFeed):
    def get_object(self, request, code):
        return get_object_or_404(Municipality, code=code)

    def title(self, obj):
        return _("ECO Net Tokyo 62: Eco news of %(name)s") % {"name": obj.name}

    def link(self, obj):
        return reverse("news:index") + f"?municipality={obj.code}"

    def feed_url(self, obj):
        return reverse("news:municipality_feed", kwargs={"code": obj.code})

    def items(self, obj):
        return self.latest(Article.objects.published().filter(municipalities__pk=obj.code))
