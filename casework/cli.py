"""The ``casework`` command: Flask's CLI for this app (``db upgrade``, ``run`` ...) plus ours."""

from flask import Flask
from flask.cli import FlaskGroup


def register_commands(app: Flask) -> None:
    from casework.auth.cli import users_cli
    from casework.auth.token_cli import tokens_cli
    from casework.backups.cli import backup_cli
    from casework.cases.cli import cases_cli
    from casework.deadlines.cli import rules_cli
    from casework.demo.cli import demo_command
    from casework.organisation.cli import units_cli
    from casework.reminders.cli import reminders_cli
    from casework.reports.cli import report_command, report_snapshot_command
    from casework.retention.cli import retention_cli

    for command in (units_cli, users_cli, cases_cli, demo_command, report_command,
                    report_snapshot_command, reminders_cli, tokens_cli):
        app.cli.add_command(command)
    app.cli.add_command(rules_cli)
    app.cli.add_command(retention_cli)
    app.cli.add_command(backup_cli)


def _create_app():
    from casework import create_app

    return create_app()


main = FlaskGroup(create_app=_create_app, help=__doc__)
