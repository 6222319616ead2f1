"""``casework retention run [--now DATE] [--dry-run]``: the retention job, as beat runs it daily;
``--now`` moves the day (tests, and catching up), ``--dry-run`` only counts."""
from datetime import date

import click
from flask.cli import AppGroup

from casework.core.cli import domain_errors
from casework.retention import services

retention_cli = AppGroup("retention", help="Retention (gallring) of personal data.")

#: The days ``--now`` takes: far enough either way for any test or catch-up, near enough that
#: the rules' years and the page's 90 days stay within the calendar.
EARLIEST, LATEST = date(1900, 1, 1), date(2199, 12, 31)


class Day(click.ParamType):
    name = "DATE"

    def convert(self, value, param, ctx) -> date:
        if isinstance(value, date):
            return value
        try:
            day = date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a date; give YYYY-MM-DD", param, ctx)
        if not EARLIEST <= day <= LATEST:
            self.fail(f"{day.isoformat()} is out of range; give a day from "
                      f"{EARLIEST.isoformat()} to {LATEST.isoformat()}", param, ctx)
        return day


@retention_cli.command("run")
@click.option("--now", "today", type=Day(), help="The day to run for, YYYY-MM-DD (default today).")
@click.option("--dry-run", is_flag=True, help="Count what would be done; change nothing.")
def run_command(today: date | None, dry_run: bool) -> None:
    """Anonymise the personal data of the cases whose time has come, and prune the audit
    trail. Prints the cases per rule and unit, and the audit rows pruned."""
    with domain_errors():
        result = services.run(today, dry_run=dry_run)
    verb = "would anonymise" if dry_run else "anonymised"
    for (rule, unit), count in sorted(result.counts.items()):
        click.echo(f"{rule}\t{unit}\t{count}")
    click.echo(f"{result.today.isoformat()}: {verb} {result.cases} cases; audit trail: "
               f"{'would prune' if dry_run else 'pruned'} {result.pruned} rows from before "
               f"{result.audit_cutoff.date().isoformat()}")
