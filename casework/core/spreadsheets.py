"""Every table the app writes as a spreadsheet file, in one convention.

CSV as Swedish Excel opens it with a double click: semicolons, UTF-8 with a byte-order mark,
dates as YYYY-MM-DD. xlsx with a bold, frozen header row and a filter. Headers and labels are
the caller's, in Swedish; every cell goes through ``inert`` (casework.core.spreadsheet_safety),
so that no text becomes a formula.
"""
import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from casework.core.spreadsheet_safety import inert

BOM = "\ufeff"
#: Rows written before a streamed CSV hands on what it has.
CHUNK_ROWS = 500


def csv_chunks(headers: Sequence[str], rows: Iterable[Sequence]) -> Iterator[str]:
    """The file as text chunks, the BOM and the header first: for a streamed download."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    out.write(BOM)
    writer.writerow(map(inert, headers))
    for count, row in enumerate(rows, 1):
        writer.writerow(inert(_text(value)) for value in row)
        if count % CHUNK_ROWS == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    return "".join(csv_chunks(headers, rows)).encode("utf-8")


def xlsx_bytes(title: str, headers: Sequence[str], rows: Iterable[Sequence],
               widths: Sequence[int] = ()) -> bytes:
    """One sheet named ``title``; a date is a date cell, a number a number."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]  # Excel's limit on a sheet's name
    for column, header in enumerate(headers, 1):
        inert(header, sheet.cell(1, column)).font = Font(bold=True)
    for number, row in enumerate(rows, 2):
        for column, value in enumerate(row, 1):
            cell = inert(_naive(value), sheet.cell(number, column))
            if isinstance(value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm:ss"
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
    for column, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(value):
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else value


def _naive(value):
    """xlsx holds no time zone: a moment as the wall time the caller gave it."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return value
