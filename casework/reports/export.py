"""The report table as JSON, the machine-readable form of the tertial table, which the snapshots
keep: section = Uppdelning, label = Klagomål/synpunkter/kategorier, t1/t2/vb = Utfall T1/T2/VB,
total = Totalt ack. Utfall, note = the template's text column. The JSON keeps the text as
written; the spreadsheet forms are casework.reports.formats.
"""
from casework.reports.model import ReportTable


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
