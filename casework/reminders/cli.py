"""``casework reminders dispatch|digest``: what beat runs, by hand or from cron; ``--now`` moves
the clock (tests, and catching up after a stop)."""
from datetime import datetime

import click
from flask.cli import AppGroup

from casework.auth.services import existing_user
from casework.core.extensions import db
from casework.organisation.cli import units_cli
from casework.organisation.services import node_by_code
from casework.reminders.digests import make_digests
from casework.reminders.dispatch import dispatch
from casework.reminders.responsible import set_responsible

reminders_cli = AppGroup("reminders", help="Reminders, escalations and weekly digests.")

NOW = click.option("--now", type=click.DateTime(formats=["%Y-%m-%dT%H:%M:%S%z",
                                                          "%Y-%m-%dT%H:%M%z"]),
                   help="The moment to scan for, ISO 8601 with a UTC offset "
                        "(e.g. 2025-03-12T07:00+01:00); default now.")


@reminders_cli.command("dispatch")
@NOW
def dispatch_command(now: datetime | None) -> None:
    """Make the reminders and escalations that are due and queue those due to be sent."""
    scan = dispatch(now)
    if not scan.ran:
        click.echo("another due-scan is running; nothing done")
        return
    click.echo(f"{scan.created} new notifications, {scan.queued} queued for sending")


@reminders_cli.command("digest")
@NOW
def digest_command(now: datetime | None) -> None:
    """Make this week's digests (once per handler and week); the next dispatch sends them."""
    click.echo(f"{make_digests(now)} new weekly digests")


@units_cli.command("responsible")
@click.argument("code")
@click.option("--handler", metavar="EMAIL",
              help="Who is reminded of the enhet's cases without a handler; '' for nobody.")
@click.option("--manager", metavar="EMAIL",
              help="The enhetschef a missed deadline escalates to; '' for nobody.")
def responsible_command(code: str, handler: str | None, manager: str | None) -> None:
    """Choose who is responsible in an enhet (an option left out keeps its choice). Part of
    ``casework units``: it lives here, beside the rule of who may be chosen."""
    from casework.core.cli import domain_errors

    with domain_errors():
        unit = node_by_code(code)
        handler_id = _user_id(handler, unit.responsible_handler_id)
        manager_id = _user_id(manager, unit.escalation_manager_id)
        set_responsible(unit, handler_id, manager_id)
    db.session.commit()
    click.echo(f"{unit.code}: handler {handler_id or '-'}, escalation manager {manager_id or '-'}")


def _user_id(email: str | None, kept: int | None) -> int | None:
    if email is None:
        return kept
    return existing_user(email).id if email.strip() else None
