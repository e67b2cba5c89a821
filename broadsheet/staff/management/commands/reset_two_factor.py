from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from broadsheet.staff.services import turn_off_two_factor


class Command(BaseCommand):
    help = (
        "Remove a person's two-factor sign-in (lost phone and recovery codes); they set it up again "
        "at their next sign-in if their role requires it."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"There is no account named {username!r}.") from None
        turn_off_two_factor(user)
        self.stdout.write(f"Two-factor sign-in removed for {username}.")
