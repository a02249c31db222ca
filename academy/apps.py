from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.navigation import NavigationEntry


class AcademyConfig(AppConfig):
    name = "academy"
    verbose_name = _("Academy")
    navigation = NavigationEntry("academy:index", _("Eco Academy"), order=20)
    # Moments at which public pages change by themselves (core.moments).
    timed_fields = ("Lesson.published_at",)
    # Learning content is the editors' work for the whole program; municipal staff read it.
    role_permissions = {
        "editor": [
            "add_course",
            "change_course",
            "view_course",
            "add_lesson",
            "change_lesson",
            "delete_lesson",
            "view_lesson",
        ],
        "municipal_staff": ["view_course", "view_lesson"],
    }
