"""The follow-up questions counted for the reports page: sent, answered, Ja, Delvis, Nej, per
tertial, over a node's subtree, in one statement.

The rules are the report table's (docs/counting-rules.md), so the two tables beside each other
agree: a question falls in the tertial of its case's **received date**, among the cases the
report counts (the node's subtree, the year, received on or before the cut-off, not
withdrawn); it counts as sent if it was sent on or before the cut-off, and as answered (and
under its answer) if it was answered on or before the cut-off. So re-running T1 later with
cut-off 30 April gives what T1 showed then. A case closed twice may have had two questions:
each counts.
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from casework.cases.models import Case
from casework.core.clock import app_zone
from casework.core.extensions import db
from casework.followup.models import ANSWER_LABELS, Answer, FollowUp
from casework.organisation.models import OrgNode
from casework.reports.counting import cases_in_scope, tertial_of

#: The rows, in order: key and label.
ROWS = (("sent", "Skickade frågor"), ("answered", "Besvarade"),
        *((answer.value, label) for answer, label in ANSWER_LABELS.items()))


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    t1: int
    t2: int
    vb: int

    @property
    def total(self) -> int:
        return self.t1 + self.t2 + self.vb


@dataclass(frozen=True)
class FollowUpTable:
    unit: str
    year: int
    cutoff: date
    rows: tuple[Row, ...]


def count_follow_ups(node: OrgNode, year: int, cutoff: date) -> FollowUpTable:
    """The table of ``node``'s subtree for ``year`` as of ``cutoff``; one statement."""
    end = _end_of(cutoff)
    sent = FollowUp.sent_at < end
    answered = sa.and_(FollowUp.answered_at.is_not(None), FollowUp.answered_at < end)
    conditions = {"sent": sent, "answered": answered} | {
        answer.value: sa.and_(answered, FollowUp.answer == answer) for answer in Answer}
    figures = [sa.func.count(sa.case((condition, FollowUp.id))) for condition in
               (conditions[key] for key, _ in ROWS)]
    query = (
        sa.select(tertial_of(Case.received_on, year).label("tertial"), *figures)
        .select_from(FollowUp).join(Case, Case.id == FollowUp.case_id)
        .where(cases_in_scope(node, year, cutoff))
        .group_by(sa.literal_column("tertial"))
    )
    cells = {key: [0, 0, 0] for key, _ in ROWS}
    for tertial, *counts in db.session.execute(query):
        for (key, _), count in zip(ROWS, counts):
            cells[key][tertial - 1] = count
    rows = tuple(Row(key, label, *cells[key]) for key, label in ROWS)
    return FollowUpTable(node.code, year, cutoff, rows)


def _end_of(day: date) -> datetime:
    """The first moment after ``day`` in the app's time zone: a question sent late on the
    cut-off day, Swedish time, is counted."""
    return datetime.combine(day + timedelta(days=1), time(), app_zone())
