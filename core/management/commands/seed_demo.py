from django.core.management.base import BaseCommand
from django.db import transaction

from core.discovery import app_modules


class Command(BaseCommand):
    help = "Load demo content for every app (idempotent: a second run changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=["demo", "large"],
            default="demo",
            help="'demo' for a laptop; 'large' builds the benchmark data set (PostgreSQL).",
        )

    def handle(self, *args, scale, **options):
        for module in app_modules("demo"):
            seed = getattr(module, "seed", None)
            if seed is None:
                continue
            with transaction.atomic():
                seed(scale=scale, out=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
