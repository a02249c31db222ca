from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from core.navigation import NavigationEntry


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = _("Municipalities")
    navigation = NavigationEntry("municipalities:index", _("Municipalities"), order=110)
    role_permissions = {
        "municipal_staff": ["view_municipality", "change_municipality", "view_populationrecord"],
        "editor": ["view_municipality"],
    }

    def ready(self):
        from core.scoping import register_municipality_model

        from .models import Municipality

        register_municipality_model(Municipality)
        post_migrate.connect(reload_municipalities_if_flushed, sender=self)


def reload_municipalities_if_flushed(sender, using="default", **kwargs):
    # The data migration loads them once; `flush` (used between transactional tests and
    # by operators) empties the table and then sends post_migrate, so load them again.
    from .loading import load_municipalities
    from .models import Municipality

    if not Municipality.objects.using(using).exists():
        load_municipalities(Municipality)
