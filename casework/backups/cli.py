"""``casework backup create FILE`` and ``casework backup check FILE``."""
import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from casework.backups import services
from casework.backups.tools import BackupError

backup_cli = AppGroup("backup", help="Back up the database and check a backup by restoring it.")

#: Exit code of a check that could not be made (no file, not a dump, no manifest, no
#: pg_restore), as against 1 for a backup that does not match its manifest.
CANNOT_CHECK = 2


class Refused(click.ClickException):
    exit_code = CANNOT_CHECK


@backup_cli.command("create")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def create_command(file: Path) -> None:
    """Dump the database to FILE (PostgreSQL: pg_dump -Fc; SQLite: a copy by SQLite's backup
    API) and write FILE.manifest.json: each table's rows and checksum, from the dump's snapshot."""
    try:
        tables = services.create(file)
    except BackupError as error:
        raise Refused(str(error)) from None
    click.echo(f"wrote {file} and {services.manifest_path(file)}: {len(tables)} tables, "
               f"{sum(t.rows for t in tables.values())} rows")


@backup_cli.command("check")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def check_command(file: Path) -> None:
    """Restore FILE into a scratch database (dropped afterwards) and compare every table's rows
    and checksum with FILE.manifest.json. Exit 0 when all match, 1 when some differ, 2 when
    the check cannot be made."""
    try:
        comparison = services.check(file)
    except BackupError as error:
        raise Refused(str(error)) from None
    for row in comparison.tables:
        click.echo(_line(row))
    differing = comparison.differing
    if differing:
        click.echo(f"NOT GOOD: {len(differing)} of {len(comparison.tables)} tables of the "
                   f"restored backup differ from its manifest: {', '.join(differing)}")
        sys.exit(1)
    click.echo(f"GOOD: the restored backup matches its manifest in all "
               f"{len(comparison.tables)} tables (rows and checksums)")


def _line(row: services.Difference) -> str:
    if row.expected is None:
        return f"differs  {row.table}: restored, but not in the manifest"
    if row.found is None:
        return f"differs  {row.table}: in the manifest ({row.expected.rows} rows), not restored"
    if row.expected == row.found:
        return f"ok       {row.table}: {row.found.rows} rows"
    return (f"differs  {row.table}: manifest {row.expected.rows} rows, checksum "
            f"{row.expected.checksum}; restored {row.found.rows} rows, checksum {row.found.checksum}")
