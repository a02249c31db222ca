from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Portal core")

    def import_models(self):
        from .forms import install_bounded_number_fields

        # Before any model form is built: the admin's ready() (autodiscovery) runs before ours.
        install_bounded_number_fields()
        super().import_models()

    def ready(self):
        from django.contrib import admin

        from .pagecache import connect_invalidation

        connect_invalidation()

        admin.site.site_header = _("ECO Net Tokyo 62 administration")
        admin.site.site_title = _("ECO Net Tokyo 62 administration")
        admin.site.index_title = _("Program administration")
