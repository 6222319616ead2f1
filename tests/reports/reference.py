"""An independent, case-by-case implementation of the counting rules, for checking the SQL.

Written from docs/counting-rules.md and the template data alone: it reads the cases back with
plain ORM queries and evaluates every clause in Python, sharing no code with
casework.reports.counting.
"""
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from casework.cases.models import Case, CaseCategory
from casework.core.extensions import db
from casework.core.taxonomy import Clause, Template
from casework.organisation.models import OrgNode

FLAG_FIELDS = {
    "feedback": "feedback_on",
    "action": "first_action_on",
    "authority_notified": "authority_notified_on",
}
DIMENSION_FIELDS = {
    "category": "categories",
    "source": "sources",
    "identified_by": "identified_by",
    "concerns": "concerns",
}


@dataclass(frozen=True)
class Plain:
    """A case as the rules see it."""

    number: str
    type: str
    path: str
    received_on: date
    source: str | None
    anonymous: bool
    identified_by: str | None
    concerns: str | None
    categories: frozenset[str]
    feedback_on: date | None
    first_action_on: date | None
    authority_notified_on: date | None
    status: str = "ny"


def load_cases() -> list[Plain]:
    categories: dict[int, set[str]] = {}
    for case_id, category in db.session.execute(sa.select(CaseCategory.case_id,
                                                          CaseCategory.category)):
        categories.setdefault(case_id, set()).add(category)
    paths = dict(db.session.execute(sa.select(OrgNode.id, OrgNode.path)).all())
    return [
        Plain(case.number, case.type.value, paths[case.unit_id], case.received_on, case.source,
              case.anonymous, case.identified_by, case.concerns,
              frozenset(categories.get(case.id, ())), case.feedback_on, case.first_action_on,
              case.authority_notified_on, case.status)
        for case in db.session.scalars(sa.select(Case))
    ]


#: The status of a case withdrawn right after it was registered ("Återtaget"): counted nowhere.
WITHDRAWN = "atertaget"


def in_scope(case: Plain, node_path: str, year: int, cutoff: date) -> bool:
    return (case.path.startswith(node_path) and case.received_on.year == year
            and case.received_on <= cutoff and case.status != WITHDRAWN)


def tertial(received_on: date) -> int:
    """0 for T1 (January-April), 1 for T2 (May-August), 2 for VB (September-December)."""
    return (received_on.month - 1) // 4


def matches(clause: Clause, case: Plain, cutoff: date) -> bool:
    if case.type not in clause.types:
        return False
    if clause.categories is not None and not case.categories & set(clause.categories):
        return False
    if clause.sources is not None and (case.anonymous or case.source not in clause.sources):
        return False
    if clause.anonymous is not None and case.anonymous != clause.anonymous:
        return False
    if clause.identified_by is not None and case.identified_by not in clause.identified_by:
        return False
    if clause.concerns is not None and case.concerns not in clause.concerns:
        return False
    if clause.flag is not None:
        flagged_on = getattr(case, FLAG_FIELDS[clause.flag])
        if flagged_on is None or flagged_on > cutoff:
            return False
    return True


def counts_in(row_clauses, case: Plain, cutoff: date) -> bool:
    return any(matches(clause, case, cutoff) for clause in row_clauses)


def table(template: Template, cases: list[Plain], node_path: str, year: int,
          cutoff: date) -> dict[str, list[int]]:
    """Row key -> [T1, T2, VB]."""
    cells = {row.key: [0, 0, 0] for section in template.sections for row in section.rows}
    for case in cases:
        if not in_scope(case, node_path, year, cutoff):
            continue
        for section in template.sections:
            for row in section.rows:
                if counts_in(row.clauses, case, cutoff):
                    cells[row.key][tertial(case.received_on)] += 1
    return cells


def sorts_by(clause: Clause, dimension: str) -> bool:
    """Whether a clause picks cases by their value in ``dimension``; "Anonym" is a source row."""
    if getattr(clause, DIMENSION_FIELDS[dimension]) is not None:
        return True
    return dimension == "source" and clause.anonymous is not None


def unmapped(template: Template, cases: list[Plain], node_path: str, year: int,
             cutoff: date) -> list[tuple[str, str]]:
    """(case number, reason) for each case in scope and each breakdown that cannot place it."""
    rows = [row for section in template.sections for row in section.rows]
    found = []
    for case in cases:
        if not in_scope(case, node_path, year, cutoff):
            continue
        own = [[c for c in row.clauses if case.type in c.types] for row in rows]
        if not any(own):
            found.append((case.number, f"template {template.year} has no row for {case.type}"))
            continue
        for dimension in DIMENSION_FIELDS:
            group = [clauses for clauses in own
                     if any(sorts_by(clause, dimension) for clause in clauses)]
            if group and not any(counts_in(clauses, case, cutoff) for clauses in group):
                found.append((case.number,
                              f"no {dimension} row counts it in template {template.year}"))
    return sorted(found)
