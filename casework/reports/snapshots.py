"""Freezing the tertial tables, and telling what has changed in them since.

A snapshot is the table as ``export.to_json`` gave it on the day the tertial job ran, for every
organisation node (each enhet and each level above). Cases registered late, and flags dated
before the cut-off but entered after the snapshot, change the recomputed table; ``compare``
shows where.
"""
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from casework.core.clock import utcnow
from casework.core.extensions import db
from casework.core.taxonomy import catalogue
from casework.organisation.models import OrgNode
from casework.reports import export
from casework.reports.counting import count_report, count_reports
from casework.reports.model import ReportRow, ReportTable, Unmapped
from casework.reports.schedule import tertial_of
from casework.reports.snapshot_models import ReportSnapshot

#: The figure columns of a row, as ``export.to_json`` names them.
FIGURES = ("t1", "t2", "vb", "total")


@dataclass(frozen=True)
class CellChange:
    """A cell whose figure differs now from the snapshot's; None where the row is missing."""

    section: str
    label: str
    column: str
    snapshot: int | None
    current: int | None


def take_snapshots(period_end: date, taken_at: datetime | None = None) -> list[ReportSnapshot]:
    """Freeze the table of every node for the tertial ending on ``period_end``; flush only.

    The table is the year's template counted with ``period_end`` as its cut-off. Nodes that
    already hold a snapshot of that tertial and template are skipped, so a second run creates
    nothing. Returns the snapshots created. DomainError if ``period_end`` ends no tertial.
    ``taken_at`` (default now) is for the demo, whose past tertials are frozen after the fact.
    """
    tertial, year = tertial_of(period_end), period_end.year
    template = catalogue().template_for(year)
    taken = sa.select(ReportSnapshot.node_id).where(
        ReportSnapshot.year == year, ReportSnapshot.tertial == tertial,
        ReportSnapshot.template == template.year)
    nodes = list(db.session.scalars(
        sa.select(OrgNode).where(OrgNode.id.not_in(taken)).order_by(OrgNode.path)))
    tables = count_reports(template, nodes, year, period_end)
    created = [
        ReportSnapshot(node=node, year=year, tertial=tertial, template=template.year,
                       cutoff_on=period_end, taken_at=taken_at or utcnow(),
                       data=export.to_json(tables[node.id]))
        for node in nodes
    ]
    db.session.add_all(created)
    db.session.flush()
    return created


def table_of(snapshot: ReportSnapshot) -> ReportTable:
    """The frozen table, for the exports that take a ReportTable (the total is the sum)."""
    data = snapshot.data
    rows = tuple(ReportRow(row["section"], row["label"], "", row["t1"], row["t2"], row["vb"],
                           row["note"]) for row in data["rows"])
    unmapped = tuple(Unmapped(case["number"], case["type"],
                              date.fromisoformat(case["received_on"]), case["reason"])
                     for case in data["unmapped"])
    return ReportTable(int(data["template"]), data["unit"], data["year"],
                       date.fromisoformat(data["cutoff"]), rows, unmapped)


def compare(snapshot: ReportSnapshot) -> list[CellChange]:
    """The cells that differ between ``snapshot`` and the table recomputed now with the same
    template and cut-off, in the snapshot's row order (rows only one side has come last)."""
    template = catalogue().templates[snapshot.template]
    current = export.to_json(count_report(template, snapshot.node, snapshot.year,
                                          snapshot.cutoff_on))
    before, now = _by_row(snapshot.data), _by_row(current)
    changes = []
    for key in before | now:
        old, new = before.get(key, {}), now.get(key, {})
        changes += [CellChange(*key, column, old.get(column), new.get(column))
                    for column in FIGURES if old.get(column) != new.get(column)]
    return changes

def _by_row(data: dict) -> dict[tuple[str, str], dict]:
    return {(row["section"], row["label"]): row for row in data["rows"]}
