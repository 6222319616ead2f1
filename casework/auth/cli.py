import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from casework.auth import accounts, services, user_import
from casework.auth.models import Role
from casework.core.errors import DomainError
from casework.core.extensions import db
from casework.organisation.services import node_by_code

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


@users_cli.command("invite")
@click.argument("email")
@click.option("--name", required=True)
@click.option("--role", required=True, metavar="|".join(r.value for r in Role))
@click.option("--unit", "unit_code", required=True, metavar="CODE",
              help="The organisation node the role covers, with everything below it.")
def invite_user(email: str, name: str, role: str, unit_code: str) -> None:
    """Add a user who chooses their own password through a link sent by e-mail, as the admin
    page does."""
    from casework.core.cli import domain_errors

    with domain_errors():
        user, send = accounts.create_user(None, email, name, [_grant(role, unit_code)])
    db.session.commit()
    send()
    click.echo(f"added user {user.email} as {role} of {unit_code}; a link to choose a "
               "password was sent")


@users_cli.command("grant")
@click.argument("email")
@click.option("--role", required=True, metavar="|".join(r.value for r in Role))
@click.option("--unit", "unit_code", required=True, metavar="CODE")
def grant_role(email: str, role: str, unit_code: str) -> None:
    """Give a user one more role over a node."""
    from casework.core.cli import domain_errors

    with domain_errors():
        user = services.existing_user(email)
        accounts.add_grant(None, user, *_grant(role, unit_code))
    db.session.commit()
    click.echo(f"{user.email} is now {role} of {unit_code}")


@users_cli.command("revoke")
@click.argument("email")
@click.option("--role", required=True, metavar="|".join(r.value for r in Role))
@click.option("--unit", "unit_code", required=True, metavar="CODE")
def revoke_role(email: str, role: str, unit_code: str) -> None:
    """Take a role over a node away from a user (not their last one: deactivate instead)."""
    from casework.core.cli import domain_errors

    with domain_errors():
        user = services.existing_user(email)
        grant_role, node = _grant(role, unit_code)
        found = [g.id for g in user.grants if g.role is grant_role and g.org_node_id == node.id]
        if not found:
            raise DomainError(f"{user.email} is not {role} of {unit_code}")
        accounts.remove_grant(None, user, found[0])
    db.session.commit()
    click.echo(f"{user.email} is no longer {role} of {unit_code}")


@users_cli.command("deactivate")
@click.argument("email")
def deactivate_user(email: str) -> None:
    """Stop a user from signing in and end their sessions at once. Their cases stay."""
    from casework.core.cli import domain_errors

    with domain_errors():
        user = services.existing_user(email)
        accounts.deactivate(None, user)
    db.session.commit()
    click.echo(f"deactivated user {user.email}; their sessions are ended")


@users_cli.command("reactivate")
@click.argument("email")
def reactivate_user(email: str) -> None:
    """Let a deactivated user sign in again."""
    from casework.core.cli import domain_errors

    with domain_errors():
        user = services.existing_user(email)
        accounts.reactivate(user)
    db.session.commit()
    click.echo(f"reactivated user {user.email}")


@users_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_users(path: Path) -> None:
    """Add the users of a CSV or .xlsx file (namn, e-post, roll, enhet), all or none, each
    sent a link to choose a password."""
    from casework.core.cli import domain_errors

    with domain_errors():
        checked = user_import.check(None, path.read_bytes(), path.name)
        for row in checked.bad:
            click.echo(f"line {row.line}: {' '.join(row.problems)}", err=True)
        created, send = user_import.create_all(None, checked)
    db.session.commit()
    send()
    click.echo(f"added {len(created)} users; each was sent a link to choose a password")


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
    from casework.core.cli import domain_errors

    with domain_errors():
        user = services.existing_user(email)
        accounts.reset_second_factor(None, user)
    db.session.commit()
    click.echo(f"second factor turned off for {user.email}; their sessions are ended")


def _grant(role: str, unit_code: str):
    return services.parse_role(role), node_by_code(unit_code)


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")
