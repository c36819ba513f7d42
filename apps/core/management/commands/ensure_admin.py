import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the local 'admin' superuser if missing and print its login. The password "
        "comes from CTDB_ADMIN_PASSWORD, or is generated and printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("CTDB_ADMIN_USER", "admin"))
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000/admin/", help="Where to log in."
        )

    def handle(self, *args, username, url, **options):
        User = get_user_model()
        password = os.environ.get("CTDB_ADMIN_PASSWORD")
        user = User.objects.filter(username=username).first()
        if user is None:
            password = password or secrets.token_urlsafe(12)
            User.objects.create_superuser(username=username, email="", password=password)
            self.stdout.write(self.style.SUCCESS("Admin account created."))
        elif password:
            user.set_password(password)
            user.save(update_fields=["password"])
            self.stdout.write("Admin password set from CTDB_ADMIN_PASSWORD.")
        else:
            self.stdout.write(
                f"Admin account '{username}' exists; its password is unchanged "
                "(set CTDB_ADMIN_PASSWORD to reset it)."
            )
            return
        self.stdout.write(f"  Log in at {url} as {username} / {password}")
