"""The ``casework`` command: Flask's CLI for this app (``db upgrade``, ``run`` ...) plus ours."""
from contextlib import contextmanager

import click
from flask import Flask
from flask.cli import FlaskGroup

from casework.errors import DomainError
from casework.extensions import db


def register_commands(app: Flask) -> None:
    from casework.auth.cli import users_cli
    from casework.cases.cli import cases_cli
    from casework.demo.cli import demo_command
    from casework.organisation.cli import units_cli
    from casework.reminders.cli import reminders_cli
    from casework.reports.cli import report_command, report_snapshot_command

    for command in (units_cli, users_cli, cases_cli, demo_command, report_command,
                    report_snapshot_command, reminders_cli):
        app.cli.add_command(command)


@contextmanager
def domain_errors():
    """Turn a refused request into a one-line message and exit code 1, writing nothing."""
    try:
        yield
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None


def _create_app():
    from casework import create_app

    return create_app()


main = FlaskGroup(create_app=_create_app, help=__doc__)
