"""The case list as a file (casework.core.spreadsheets): Swedish headers and labels, never
internal codes."""
from casework.cases.queries import ExportedCase
from casework.core.spreadsheets import csv_bytes, xlsx_bytes

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
    return csv_bytes(HEADERS, map(cells, rows))


def to_xlsx(rows: list[ExportedCase]) -> bytes:
    return xlsx_bytes("Ärenden", HEADERS, map(cells, rows), WIDTHS)


WRITERS = {"xlsx": to_xlsx, "csv": to_csv}
