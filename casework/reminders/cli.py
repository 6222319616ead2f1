"""``casework reminders dispatch|digest``: what beat runs, by hand or from cron; ``--now`` moves
the clock (tests, and catching up after a stop)."""
from datetime import datetime

import click
from flask.cli import AppGroup

from casework.reminders.digests import make_digests
from casework.reminders.dispatch import dispatch

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
