"""Create the first admin of a new installation: `manage.py createadmin` (or `make admin`)."""

from __future__ import annotations

import getpass
import os
import sys
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from coalition import services
from coalition.models import User

PASSWORD_ENV = "COALITION_ADMIN_PASSWORD"  # noqa: S105 - the name of a variable, not a password


class Command(BaseCommand):
    help = (
        "Create an admin account (the admin role, with the back office) that signs in with an email and a "
        "password. Asks for what is missing; for scripts give --email and --no-input with the password on "
        f"standard input (--password-stdin) or in the {PASSWORD_ENV} environment variable. Refuses an email that "
        "already has an account, so running it twice never makes two."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", help="The admin's email address (their sign-in).")
        parser.add_argument("--first-name", default=None, help="First name, shown to colleagues.")
        parser.add_argument("--last-name", default=None, help="Last name.")
        parser.add_argument("--password-stdin", action="store_true",
                            help="Read the password from the first line of standard input.")
        parser.add_argument("--no-input", "--noinput", action="store_false", dest="interactive",
                            help="Never ask: fail when something is missing.")

    def handle(self, *args: Any, **options: Any) -> None:
        interactive = options["interactive"] and not options["password_stdin"] and sys.stdin.isatty()
        email = (options["email"] or "").strip()
        if not email and interactive:
            email = input("Email address: ").strip()
        if not email:
            raise CommandError("Give the admin's email address with --email.")
        existing = User.objects.filter(email__iexact=email).first()
        if existing is not None:
            raise CommandError(
                f"An account with the email {existing.email} already exists (role: {existing.get_role_display()}). "
                "Nothing was changed. To let them in, reset their password from the sign-in page; to make them an "
                "admin, change their role in the back office.")
        first_name = options["first_name"]
        if first_name is None:
            first_name = input("First name (optional): ").strip() if interactive else ""
        last_name = options["last_name"]
        if last_name is None:
            last_name = input("Last name (optional): ").strip() if interactive else ""
        password = self._password(options, interactive)
        try:
            user = services.admin_create(email=email, password=password, first_name=first_name, last_name=last_name)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(
            f"Admin account {user.email} created. Sign in at /accounts/login/; with two-factor authentication "
            "required (production), the app asks you to set up an authenticator app first."))

    def _password(self, options: dict[str, Any], interactive: bool) -> str:
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                raise CommandError("No password on standard input.")
            return password
        if os.environ.get(PASSWORD_ENV):
            return os.environ[PASSWORD_ENV]
        if not interactive:
            raise CommandError(f"Give the password with --password-stdin or the {PASSWORD_ENV} environment variable.")
        while True:
            password = getpass.getpass("Password: ")
            if not password or password != getpass.getpass("Password (again): "):
                self.stderr.write("The passwords were empty or did not match. Try again.")
                continue
            try:
                password_validation.validate_password(password, User(email=options["email"] or ""))
            except ValidationError as error:
                self.stderr.write(" ".join(error.messages) + " Try again.")
                continue
            return password
