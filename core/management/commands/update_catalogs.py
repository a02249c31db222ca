import os
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

LANGUAGES = ["ja", "en"]


class Command(BaseCommand):
    help = (
        "Update and compile the gettext catalogs: one per app (<app>/locale, from the app's code "
        "and templates) and one for the site (locale/, from templates/ and eco62/). "
        "Needs GNU gettext."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--app", action="append", dest="only", help="Only this app's catalog (repeatable)."
        )

    def handle(self, *args, only=None, **options):
        base = Path(settings.BASE_DIR)
        app_dirs = sorted(
            Path(config.path).name
            for config in apps.get_app_configs()
            if Path(config.path).parent == base
        )
        if only and set(only) - set(app_dirs):
            raise CommandError(f"Unknown app: {', '.join(set(only) - set(app_dirs))}")
        original = Path.cwd()
        try:
            for name in only or app_dirs:
                (base / name / "locale").mkdir(exist_ok=True)
                os.chdir(base / name)
                call_command(
                    "makemessages",
                    locale=LANGUAGES,
                    ignore_patterns=["migrations/*"],
                    no_location=True,
                    verbosity=0,
                )
                call_command("compilemessages", verbosity=0)
            if not only:
                os.chdir(base)
                call_command(
                    "makemessages",
                    locale=LANGUAGES,
                    # Patterns match a folder's name at any depth, so app folders are not
                    # listed: templates/<app>/ belongs here, and makemessages writes an app's
                    # own files to the app's catalog anyway.
                    ignore_patterns=[".venv/*", "var/*", "tests/*", "scripts/*"],
                    no_location=True,
                    verbosity=0,
                )
                os.chdir(base / "locale")
                call_command("compilemessages", verbosity=0)
        finally:
            os.chdir(original)
        self.stdout.write(self.style.SUCCESS(f"Updated catalogs of {', '.join(only or app_dirs)}."))
