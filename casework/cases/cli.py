"""``casework cases ...``: bulk work on cases from the command line."""
from pathlib import Path

import click
from flask.cli import AppGroup

from casework.cases import importer
from casework.core.cli import domain_errors, progress_bar
from casework.core.extensions import db

cases_cli = AppGroup("cases", help="Work with cases in bulk.")


@cases_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and report; write nothing.")
def import_cases(file: Path, dry_run: bool) -> None:
    """Import cases from an Excel (.xlsx) or CSV file (UTF-8, ';' or ',' separated), with a
    header row.

    Columns: unit, type, received_on, source, categories, identified_by, concerns, anonymous,
    feedback_on, action_on, ivo_notified_on, description. Every row is checked first; if any is
    wrong, each bad line is listed and nothing is imported.
    """
    with domain_errors():
        checked = importer.check_file(file)
    if checked.errors:
        for line, reason in checked.errors:
            click.echo(f"line {line}: {reason}", err=True)
        click.echo(
            f"{checked.bad_lines} of {checked.total} rows are wrong; nothing imported", err=True
        )
        click.get_current_context().exit(1)
    if dry_run:
        _report("would import", checked)
        click.echo("dry run: nothing written")
        return
    with progress_bar(len(checked.rows), "importing") as progress:
        importer.import_rows(checked.rows, progress=progress)
    db.session.commit()
    _report("imported", checked)


def _report(verb: str, checked: importer.CheckedFile) -> None:
    click.echo(f"{verb} {len(checked.rows)} cases")
    for case_type, count in checked.counts_by_type().items():
        click.echo(f"  {case_type.value}: {count}")
