from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.navigation import NavigationEntry


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")
    # Its place in the main navigation (core.navigation): lowest order first.
    navigation = NavigationEntry("news:index", _("News"), order=10)
    # Searches, previews and one-person links: nothing a search engine should list.
    private_paths = ("/news/search/", "/news/preview/")
    # Moments at which public pages change by themselves (core.moments).
    timed_fields = ("Article.published_at",)
    # Municipal staff write drafts of their own municipality (the admin narrows change and
    # delete to those drafts); editors and the secretariat also publish.
    role_permissions = {
        "municipal_staff": [
            "add_article",
            "change_article",
            "delete_article",
            "view_article",
            "add_articleimage",
            "change_articleimage",
            "delete_articleimage",
            "view_articleimage",
            "view_category",
            "view_tag",
        ],
        "editor": [
            "add_article",
            "change_article",
            "delete_article",
            "view_article",
            "publish_article",
            "add_articleimage",
            "change_articleimage",
            "delete_articleimage",
            "view_articleimage",
            "add_category",
            "change_category",
            "view_category",
            "add_tag",
            "change_tag",
            "delete_tag",
            "view_tag",
        ],
    }

    def ready(self):
        from . import signals  # noqa: F401 - connects the cache invalidation receivers
