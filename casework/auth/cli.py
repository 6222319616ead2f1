import sys

import click
from flask.cli import AppGroup

from casework.auth import services
from casework.auth.models import Role
from casework.extensions import db

users_cli = AppGroup("users", help="Manage users and their roles.")


@users_cli.command("add")
@click.argument("email")
@click.option("--name", required=True)
@click.option("--role", required=True, metavar="|".join(r.value for r in Role))
@click.option("--unit", "unit_code", required=True, metavar="CODE",
              help="The organisation node the role covers, with everything below it.")
def add_user(email: str, name: str, role: str, unit_code: str) -> None:
    """Add a user. The password is read from standard input (a prompt on a terminal)."""
    from casework.cli import domain_errors

    password = _read_password()
    with domain_errors():
        user = services.add_user(email, name, password, role, unit_code)
    db.session.commit()
    click.echo(f"added user {user.email} as {role} of {unit_code}")


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")
