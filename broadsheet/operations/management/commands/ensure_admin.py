import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from ... import welcome


class Command(BaseCommand):
    help = "Make sure an administrator exists; print the login (from ADMIN_USERNAME/ADMIN_PASSWORD if set)."

    def handle(self, *args, **options):
        User = get_user_model()
        username = os.environ.get("ADMIN_USERNAME", "admin")
        password_file = welcome.password_file()
        user = User.objects.filter(username=username).first()
        if user is None:
            password = os.environ.get("ADMIN_PASSWORD") or secrets.token_urlsafe(12)
            user = User.objects.create_superuser(username, os.environ.get("ADMIN_EMAIL", ""), password)
            user.groups.add(Group.objects.get(name="Administrator"))
            if not os.environ.get("ADMIN_PASSWORD"):
                # Kept beside the database so `make run` can print it again; delete it once changed.
                password_file.write_text(password + "\n")
                password_file.chmod(0o600)
        self.stdout.write("")
        for line in welcome.welcome_lines():
            self.stdout.write(line)
