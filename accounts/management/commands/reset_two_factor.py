from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.services import reset_two_factor_from_console


class Command(BaseCommand):
    help = (
        "Remove a staff member's authenticator and recovery codes and sign them out everywhere, "
        "for when no secretariat member can sign in to do it in the admin. To clear a sign-in "
        "lockout from the console, use axes_reset_username or axes_reset_ip."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        user = User.objects.filter(email=email.strip().lower()).first()
        if user is None:
            raise CommandError(f"No account with the e-mail address {email}.")
        reset_two_factor_from_console(user_id=user.pk)
        self.stdout.write(f"Two-factor sign-in reset for {user.email}; they set it up again.")
