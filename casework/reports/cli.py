"""``casework report``: one organisation node's table for a year, as JSON, CSV, xlsx, docx
or PDF; ``casework report-snapshot``: freeze every node's table for a tertial."""
import json
from datetime import datetime
from pathlib import Path

import click

from casework.core.clock import local_today
from casework.core.extensions import db
from casework.reports import export, formats
from casework.reports.counting import report_for
from casework.reports.model import ReportTable
from casework.reports.notes import with_notes
from casework.reports.schedule import last_period_end, tertial_of
from casework.reports.snapshots import take_snapshots


def _json(table: ReportTable) -> str:
    return json.dumps(export.to_json(table), ensure_ascii=False, indent=2) + "\n"


def _binary(name: str):
    return lambda table: formats.WRITERS[name](table, formats.heading_for(table))


#: Format name -> the file's text (str) or content (bytes; written only with --out).
FORMATS = {"json": _json} | {name: _binary(name) for name in formats.WRITERS}


@click.command("report")
@click.option("--unit", "unit_code", required=True, metavar="CODE",
              help="Code of any organisation node; its whole subtree is counted.")
@click.option("--year", required=True, type=click.IntRange(1, 9999), help="The report year.")
@click.option("--template", "template_year", type=int,
              help="Template year (default: the one in force in the report year).")
@click.option("--cutoff", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Count as of this date, YYYY-MM-DD (default: 31 December of the year).")
@click.option("--format", "format_name", required=True, type=click.Choice(list(FORMATS)))
@click.option("--out", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write to this file instead of standard output.")
def report_command(unit_code: str, year: int, template_year: int | None,
                   cutoff: datetime | None, format_name: str, out: Path | None) -> None:
    """The table "Redovisning av synpunkter och klagomål" of a unit or any level above it.

    The CSV is as Swedish Excel opens it (semicolons, UTF-8 with a byte-order mark), with the
    table's own headers. Cases that a breakdown cannot place are listed under "unmapped" in the
    JSON.
    """
    from casework.core.cli import domain_errors

    if out is None and format_name in formats.BINARY:
        raise click.UsageError(f"--format {format_name} is binary: give --out PATH")
    with domain_errors():
        table = with_notes(report_for(unit_code, year, template_year,
                                      cutoff.date() if cutoff else None))
        content = FORMATS[format_name](table)
    if out is None:
        click.echo(content, nl=False)
    elif isinstance(content, bytes):
        out.write_bytes(content)
    else:
        out.write_text(content, encoding="utf-8", newline="")
    if table.unmapped and format_name != "json":
        click.echo(f"{len(table.unmapped)} unmapped entries (cases a breakdown cannot place); "
                   "--format json lists them", err=True)


@click.command("report-snapshot")
@click.option("--period-end", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Last day of the tertial, YYYY-MM-DD (default: the latest before today).")
def report_snapshot_command(period_end: datetime | None) -> None:
    """Freeze every organisation node's table for a tertial, as the tertial job does.

    Nodes that already hold the snapshot are skipped, so this catches up a missed job and
    running it twice creates nothing twice.
    """
    from casework.core.cli import domain_errors

    end = period_end.date() if period_end else last_period_end(local_today())
    with domain_errors():
        created = take_snapshots(end)
    db.session.commit()
    click.echo(f"{len(created)} snapshots taken for T{tertial_of(end)} {end.year} "
               f"(cut-off {end.isoformat()})")
