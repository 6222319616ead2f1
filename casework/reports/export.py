"""The report table as JSON and CSV, the machine-readable forms of the tertial table.

The CSV columns are the table's: section = Uppdelning, label = Klagomål/synpunkter/kategorier,
t1/t2/vb = Utfall T1/T2/VB, total = Totalt ack. Utfall, note = the template's text column
(Sammanfattning och planerade åtgärder; 2025: Bedömning och planerade åtgärder). Every CSV cell
goes through ``inert``, so that no note starts a formula in a spreadsheet; the JSON keeps the
text as written.
"""
import csv
import io

from casework.core.spreadsheet_safety import inert
from casework.reports.model import ReportTable

CSV_COLUMNS = ("section", "label", "t1", "t2", "vb", "total", "note")


def to_json(table: ReportTable) -> dict:
    """Every row, zeros included, in template order; unmapped cases listed, never dropped."""
    return {
        "template": str(table.template),
        "unit": table.unit,
        "year": table.year,
        "cutoff": table.cutoff.isoformat(),
        "rows": [
            {"section": row.section, "label": row.label, "t1": row.t1, "t2": row.t2,
             "vb": row.vb, "total": row.total, "note": row.note}
            for row in table.rows
        ],
        "unmapped": [
            {"number": case.number, "type": case.type,
             "received_on": case.received_on.isoformat(), "reason": case.reason}
            for case in table.unmapped
        ],
    }


def to_csv(table: ReportTable) -> str:
    """The rows only (the unmapped cases are in the JSON); RFC 4180 line ends."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in table.rows:
        writer.writerow(map(inert, (row.section, row.label, row.t1, row.t2, row.vb, row.total,
                                    row.note)))
    return out.getvalue()
