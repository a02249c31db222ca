from django.core.management.base import BaseCommand, CommandError

from emissions.models import Edition
from emissions.services import EmissionsError, publish_edition


class Command(BaseCommand):
    help = "Publish an edition as official; the previous official edition becomes superseded."

    def add_arguments(self, parser):
        parser.add_argument("--edition", required=True, help="Label of the edition.")

    def handle(self, *args, edition: str, **options):
        found = Edition.objects.filter(label=edition).first()
        if found is None:
            raise CommandError(f"No edition labelled “{edition}”.")
        try:
            publish_edition(edition_id=found.pk)
        except EmissionsError as error:
            raise CommandError(error.message) from None
        self.stdout.write(self.style.SUCCESS(f"“{found.label}” is now the official edition."))
