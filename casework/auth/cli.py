import sys

import click
from flask.cli import AppGroup

from casework.auth import services
from casework.auth.models import Role
from casework.core.extensions import db

users_cli = AppGroup("users", help="Manage users and their roles.")


@users_cli.command("add")
@click.argument("email")
@click.option("--name", required=True)
@click.option("--role", required=True, metavar="|".join(r.value for r in Role))
@click.option("--unit", "unit_code", required=True, metavar="CODE",
              help="The organisation node the role covers, with everything below it.")
def add_user(email: str, name: str, role: str, unit_code: str) -> None:
    """Add a user. The password is read from standard input (a prompt on a terminal)."""
    from casework.core.cli import domain_errors

    password = _read_password()
    with domain_errors():
        user = services.add_user(email, name, password, role, unit_code)
    db.session.commit()
    click.echo(f"added user {user.email} as {role} of {unit_code}")


@users_cli.command("deactivate")
@click.argument("email")
def deactivate_user(email: str) -> None:
    """Stop a user from signing in and end their sessions at once. Their cases stay."""
    from casework.core.cli import domain_errors

    with domain_errors():
        user = services.deactivate_user(email)
    db.session.commit()
    click.echo(f"deactivated user {user.email}; their sessions are ended")


@users_cli.command("set-password")
@click.argument("email")
def set_password(email: str) -> None:
    """Give a user a new password, read from standard input; ends their sessions."""
    from casework.core.cli import domain_errors

    with domain_errors():
        user = services.existing_user(email)
        services.set_password(user, _read_password())
    db.session.commit()
    click.echo(f"new password set for {user.email}; their sessions are ended")


@users_cli.command("reset-totp")
@click.argument("email")
def reset_totp(email: str) -> None:
    """Turn off a user's second factor (a lost phone); ends their sessions. A user whose role
    requires one must set it up again at the next login."""
    from casework.auth import totp
    from casework.core.cli import domain_errors

    with domain_errors():
        user = services.existing_user(email)
        totp.disable(user)
    db.session.commit()
    click.echo(f"second factor turned off for {user.email}; their sessions are ended")


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")
