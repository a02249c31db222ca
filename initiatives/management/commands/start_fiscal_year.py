from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from core.workflow import ServiceError
from initiatives.services import start_fiscal_year


class Command(BaseCommand):
    help = (
        "Start fiscal year N+1 from year N: next year's grant program, work plan and budget lines "
        "as drafts, with the copied text that names a year listed for review."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="from_year", type=int, required=True)
        parser.add_argument(
            "--as", dest="email", required=True, help="The secretariat member doing it (audited)."
        )

    def handle(self, *args, from_year, email, **options):
        actor = User.objects.filter(email__iexact=email, is_active=True).first()
        if actor is None:
            raise CommandError(f"No active user {email}")
        try:
            plan = start_fiscal_year(from_year=from_year, actor=actor)
        except ServiceError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"FY{plan.fiscal_year}: drafts ready, {len(plan.review_flags)} to review")
        for flag in plan.review_flags:
            expressions = ", ".join(flag["expressions"])
            self.stdout.write(f"  {flag['label']} [{flag['field']}]: {expressions}")
