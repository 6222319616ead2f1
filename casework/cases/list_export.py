"""The case list as a file: xlsx for Excel, CSV as Swedish Excel opens it (semicolons, UTF-8 with
a BOM). Swedish headers and labels, never internal codes; every cell is written through
``inert``, so that no description becomes a formula in the spreadsheet that opens it."""
import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from casework.cases.queries import ExportedCase
from casework.core.spreadsheet_safety import inert

HEADERS = ("Ärendenummer", "Typ", "Status", "Enhet", "Inkom", "Handläggare", "Kategorier",
           "Beskrivning", "Försenad")
#: Column widths in the xlsx, in characters.
WIDTHS = (14, 22, 16, 28, 12, 24, 36, 60, 10)


def cells(row: ExportedCase) -> tuple:
    case = row.case
    return (case.number, case.type.label, case.status_label, case.unit_name, case.received_on,
            case.handler_name or "", ", ".join(case.categories), row.description,
            "Ja" if case.overdue else "Nej")


def to_csv(rows: list[ExportedCase]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(map(inert, HEADERS))
    for row in rows:
        values = cells(row)
        writer.writerow(map(inert, (*values[:4], values[4].isoformat(), *values[5:])))
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(rows: list[ExportedCase]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Ärenden"
    for column, header in enumerate(HEADERS, 1):
        inert(header, sheet.cell(1, column)).font = Font(bold=True)
    for number, row in enumerate(rows, 2):
        for column, value in enumerate(cells(row), 1):
            cell = inert(value, sheet.cell(number, column))
            if column == 5:
                cell.number_format = "yyyy-mm-dd"
    for column, width in enumerate(WIDTHS):
        sheet.column_dimensions["ABCDEFGHI"[column]].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


WRITERS = {"xlsx": to_xlsx, "csv": to_csv}
