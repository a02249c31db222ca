from pathlib import Path

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


def create_local_folders() -> None:
    """Create the folders the embedded default writes to before anything needs them.

    The SQLite database's folder, which SQLite does not create; and, while static files are
    served from the apps (DEBUG), STATIC_ROOT, which WhiteNoise warns about at every start when
    missing. In production collectstatic fills STATIC_ROOT, and that warning means it did not run.
    Uploads need nothing: their storage creates its folders as it saves.
    """
    database = settings.DATABASES["default"]
    name = str(database.get("NAME") or "")
    if database["ENGINE"].endswith("sqlite3") and name and not name.startswith((":", "file:")):
        Path(name).parent.mkdir(parents=True, exist_ok=True)
    if settings.WHITENOISE_USE_FINDERS:
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


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
        create_local_folders()

        admin.site.site_header = _("ECO Net Tokyo 62 administration")
        admin.site.site_title = _("ECO Net Tokyo 62 administration")
        admin.site.index_title = _("Program administration")
