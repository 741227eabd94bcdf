"""Create (or update) an editor or publisher account: `manage.py createeditor NAME --role ...`."""

import getpass
import os

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from editorial.roles import EDITORS, PUBLISHERS, sync_roles

ROLES = {"editor": EDITORS, "publisher": PUBLISHERS}
PASSWORD_VARIABLE = "EDITOR_PASSWORD"  # noqa: S105 - the name of a variable, not a secret


class Command(BaseCommand):
    help = (
        "Create a staff account with the editor or publisher role (or change the role of an "
        f"existing one). The password is prompted for, or read from ${PASSWORD_VARIABLE}."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", choices=sorted(ROLES), required=True)
        parser.add_argument("--email", default="")

    def handle(self, *args, username, role, email, **options):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        password = os.environ.get(PASSWORD_VARIABLE)
        if user is None and not password:
            password = self._prompt(username)
        with transaction.atomic():
            sync_roles(apps)
            created = user is None
            if created:
                user = User(username=username, email=email)
            if password:
                try:
                    validate_password(password, user)
                except ValidationError as exc:
                    raise CommandError(" ".join(exc.messages)) from None
                user.set_password(password)
            user.is_staff = True
            user.save()
            user.groups.remove(*Group.objects.filter(name__in=ROLES.values()))
            user.groups.add(Group.objects.get(name=ROLES[role]))
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} {username} with the {role} role.")

    def _prompt(self, username) -> str:
        try:
            first = getpass.getpass(f"Password for {username}: ")
            second = getpass.getpass("Password (again): ")
        except (EOFError, KeyboardInterrupt):
            raise CommandError(f"No password: type one, or set ${PASSWORD_VARIABLE}.") from None
        if first != second:
            raise CommandError("The two passwords differ.")
        if not first:
            raise CommandError("The password cannot be empty.")
        return first
