"""The counting rules of the report table, as SQL built from the template's clauses.

A report is two statements whatever the number of units and cases: one for every cell, one for
the cases a breakdown cannot place. Each row's condition is the OR of its clauses, compiled from
the template data, so a new year's template is a data change. docs/counting-rules.md states the
rules and the decisions they left open.
"""
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

import sqlalchemy as sa

from casework.cases.models import Case, CaseType
from casework.core.case_types import WITHDRAWN_STATUS
from casework.core.errors import DomainError, UnknownValue
from casework.core.extensions import db
from casework.core.taxonomy import CASE_TYPES, DIMENSIONS, Clause, Template, catalogue
from casework.organisation.models import OrgNode
from casework.organisation.services import node_by_code
from casework.reports.model import ReportRow, ReportTable, Unmapped

#: Last (month, day) of T1 and T2; the rest of the year is the VB column.
TERTIAL_ENDS = ((4, 30), (8, 31))
#: The case date each clause flag requires to be on or before the cut-off.
FLAG_DATES = {
    "feedback": Case.feedback_on,
    "action": Case.first_action_on,
    "authority_notified": Case.authority_notified_on,
}


def report_for(unit_code: str, year: int, template_year: int | None = None,
               cutoff: date | None = None) -> ReportTable:
    """The table of the node ``unit_code`` for ``year``; three statements in all.

    The template defaults to the one in force in ``year`` and the cut-off to 31 December.
    Raises UnknownValue for an unknown node or template and DomainError for a cut-off before
    the year begins (a table that could only be empty).
    """
    templates = catalogue().templates
    if template_year is None:
        template = catalogue().template_for(year)
    elif template_year in templates:
        template = templates[template_year]
    else:
        raise UnknownValue("template", str(template_year), [str(y) for y in sorted(templates)])
    cutoff = cutoff or date(year, 12, 31)
    if cutoff < date(year, 1, 1):
        raise DomainError(f"the cut-off {cutoff} is before the report year {year} begins")
    return count_report(template, node_by_code(unit_code), year, cutoff)


def count_report(template: Template, node: OrgNode, year: int, cutoff: date) -> ReportTable:
    """Count ``template`` over the cases of ``node``'s subtree received in ``year`` up to
    ``cutoff``, flags dated up to ``cutoff``. Exactly two statements."""
    scope = cases_in_scope(node, year, cutoff)
    cells = _cells(template, scope, year, cutoff).get(None, {})
    return _table(template, node, year, cutoff, cells, _unmapped(template, scope, cutoff))


def count_reports(template: Template, nodes: list[OrgNode], year: int,
                  cutoff: date) -> dict[int, ReportTable]:
    """``count_report`` of each of ``nodes`` (by node id) in three statements, however many
    nodes: the cells are counted per enhet and summed over each node's subtree (a case lies in
    one enhet, so none is counted twice), and the cases no row places are listed once and
    shared out. The tertial job freezes every node's table so."""
    roots = [n for n in nodes if not any(o is not n and n.path.startswith(o.path) for o in nodes)]
    if not roots:
        return {}
    scope = sa.or_(*(cases_in_scope(root, year, cutoff) for root in roots))
    by_unit = _cells(template, scope, year, cutoff, by=Case.unit_id)
    unmapped = defaultdict(list)
    for unit_id, entry in _unmapped(template, scope, cutoff, with_unit=True):
        unmapped[unit_id].append(entry)
    paths = dict(db.session.execute(sa.select(OrgNode.id, OrgNode.path).where(
        OrgNode.id.in_(by_unit.keys() | unmapped.keys()))).all())
    tables = {}
    for node in nodes:
        inside = [unit_id for unit_id, path in paths.items() if path.startswith(node.path)]
        cells = defaultdict(lambda: (0, 0, 0))
        for unit_id in inside:
            for key, values in by_unit.get(unit_id, {}).items():
                cells[key] = tuple(map(sum, zip(cells[key], values)))
        entries = sorted((entry for unit_id in inside for entry in unmapped[unit_id]),
                         key=lambda entry: (entry.received_on, entry.number))
        tables[node.id] = _table(template, node, year, cutoff, cells, tuple(entries))
    return tables


def _table(template: Template, node: OrgNode, year: int, cutoff: date, cells: dict,
           unmapped: tuple[Unmapped, ...]) -> ReportTable:
    rows = tuple(ReportRow(section.title, row.label, row.key, *cells.get(row.key, (0, 0, 0)))
                 for section, row in template.rows())
    return ReportTable(template.year, node.code, year, cutoff, rows, unmapped)


def cases_in_scope(node: OrgNode, year: int, cutoff: date) -> sa.ColumnElement[bool]:
    """Cases of the node's subtree received in the year, on or before the cut-off; a case
    withdrawn right after it was registered (Ångra) is no case of any report."""
    subtree = sa.select(OrgNode.id).where(OrgNode.path.startswith(_inline(node.path)))
    last = min(cutoff, date(year, 12, 31))
    return sa.and_(Case.unit_id.in_(subtree),
                   Case.received_on.between(_inline(date(year, 1, 1)), _inline(last)),
                   Case.status != _inline(WITHDRAWN_STATUS))


def _inline(value) -> sa.BindParameter:
    """A value the statement text carries as a literal, not a bound parameter.

    psycopg prepares a statement on the server after it has run five times; PostgreSQL may then
    plan it once for any path and dates (a generic plan), and for the scope that plan was about
    twice as slow on a large district as the plan made for the actual values.
    """
    return sa.bindparam(None, value, literal_execute=True)


def tertial_of(received_on, year: int) -> sa.Case:
    """1, 2 or 3: the tertial of ``year`` (T1, T2, the VB column) a date column falls in."""
    ends = [date(year, month, day) for month, day in TERTIAL_ENDS]
    return sa.case(*((received_on <= end, number) for number, end in enumerate(ends, 1)),
                   else_=len(ends) + 1)


def _cells(template: Template, scope, year: int, cutoff: date,
           by=None) -> dict[object, dict[str, tuple[int, int, int]]]:
    """(T1, T2, VB) per row key, per value of the column ``by`` (the enhet) that has cases, or
    under None without one; a row no case reaches is left out.

    One row per case: its categories are the bits of ``category_bits``, so nothing is joined.
    """
    rows = [row for _, row in template.rows()]
    hits = [sa.func.count(sa.case((matches_any(row.clauses, cutoff), 1))) for row in rows]
    group = by if by is not None else sa.null()
    query = (
        sa.select(group, tertial_of(Case.received_on, year).label("tertial"), *hits)
        .select_from(Case)
        .where(scope)
        .group_by(*([by] if by is not None else []), sa.literal_column("tertial"))
    )
    counts = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    for value, tertial, *figures in db.session.execute(query):
        for row, figure in zip(rows, figures):
            counts[value][row.key][tertial - 1] = figure
    return {value: {key: tuple(cell) for key, cell in cells.items()}
            for value, cells in counts.items()}


def _unmapped(template: Template, scope, cutoff: date, with_unit: bool = False) -> tuple:
    """Counted cases that land in no row of a breakdown their type is sorted by, and cases of
    a type the template has no row for; one entry per case and reason (``with_unit``: each as
    (its enhet's id, the entry))."""
    reasons, conditions, candidates = [], [], set()
    rowless = [t for t in CASE_TYPES if not any(t in row.types for _, row in template.rows())]
    for case_type in rowless:
        reasons.append(f"template {template.year} has no row for {case_type}")
        conditions.append(Case.type == CaseType(case_type))
        candidates.add(case_type)
    for dimension in DIMENSIONS:
        unplaced = _unplaced(template, dimension, cutoff)
        if unplaced is not None:
            types, condition = unplaced
            reasons.append(f"no {dimension} row counts it in template {template.year}")
            conditions.append(condition)
            candidates.update(types)
    if not conditions:
        return ()
    missing = [sa.case((condition, 1), else_=0).label(f"m{i}")
               for i, condition in enumerate(conditions)]
    query = (
        sa.select(Case.unit_id, Case.number, Case.type, Case.received_on, *missing)
        # Only a case of these types can meet a condition; the others are not read twice.
        .where(scope, Case.type.in_([CaseType(t) for t in sorted(candidates)]),
               sa.or_(*conditions))
        .order_by(Case.received_on, Case.number)
    )
    entries = (
        (unit_id, Unmapped(number, case_type.value, received_on, reason))
        for unit_id, number, case_type, received_on, *flags in db.session.execute(query)
        for reason, flag in zip(reasons, flags)
        if flag
    )
    return tuple(entries if with_unit else (entry for _, entry in entries))


def _unplaced(template: Template, dimension: str,
              cutoff: date) -> tuple[list[str], sa.ColumnElement[bool]] | None:
    """The types ``template`` sorts by ``dimension``, and per case: true if its type is one of
    them and no row doing so counts it. None if no type is."""
    by_type = {}
    for case_type in CASE_TYPES:
        rows = [row for _, row in template.rows() if row.sorts_by(dimension, case_type)]
        if rows:
            clauses = [clause for row in rows for clause in row.clauses_for(case_type)]
            by_type[case_type] = sa.and_(Case.type == CaseType(case_type), matches_any(clauses, cutoff))
    if not by_type:
        return None
    # CASE, not NOT: a clause on a NULL column is unknown, and the case lands nowhere.
    lands = sa.case((sa.or_(*by_type.values()), 1), else_=0)
    return list(by_type), sa.and_(Case.type.in_([CaseType(t) for t in by_type]), lands == 0)


def matches_any(clauses: Iterable[Clause], cutoff: date) -> sa.ColumnElement[bool]:
    return sa.or_(*(_clause(clause, cutoff) for clause in clauses))


def _clause(clause: Clause, cutoff: date) -> sa.ColumnElement[bool]:
    """A case that this clause counts.

    ``sources`` imply a named sender: an anonymous case counts only where the template
    counts anonymous cases, whatever source it also has.
    """
    parts = [Case.type.in_([CaseType(t) for t in clause.types])]
    if clause.categories is not None:
        mask = catalogue().taxonomy.category_mask(clause.categories)
        parts.append(Case.category_bits.op("&")(_inline(mask)) != 0)
    if clause.sources is not None:
        parts += [Case.source.in_(clause.sources), Case.anonymous.is_(False)]
    if clause.anonymous is not None:
        parts.append(Case.anonymous.is_(clause.anonymous))
    if clause.identified_by is not None:
        parts.append(Case.identified_by.in_(clause.identified_by))
    if clause.concerns is not None:
        parts.append(Case.concerns.in_(clause.concerns))
    if clause.flag is not None:
        # A NULL date (not done) compares as unknown, which CASE WHEN treats as false.
        parts.append(FLAG_DATES[clause.flag] <= cutoff)
    return sa.and_(*parts)
