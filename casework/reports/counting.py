"""The counting rules of the report table, as SQL built from the template's clauses.

A report is two statements whatever the number of units and cases: one for every cell, one for
the cases a breakdown cannot place. Each row's condition is the OR of its clauses, compiled from
the template data, so a new year's template is a data change. docs/counting-rules.md states the
rules and the decisions they left open.
"""
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import sqlalchemy as sa

from casework.cases.models import Case, CaseType
from casework.core.case_types import WITHDRAWN_STATUS
from casework.core.errors import DomainError, UnknownValue
from casework.core.extensions import db
from casework.core.taxonomy import (
    CASE_TYPES,
    DIMENSIONS,
    Catalogue,
    Clause,
    Template,
    catalogue,
)
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
    ``cutoff``, flags dated up to ``cutoff``. Exactly two statements, rendered once per
    template, year and cut-off for every node (``_Rendered``)."""
    cells_sql, unmapped_sql = _statements(catalogue(), db.engine.dialect.name, template, year,
                                          cutoff)
    cells = _read_cells(template, cells_sql.rows(node.path)).get(None, {})
    unmapped = (_read_unmapped(unmapped_sql.rows(node.path), unmapped_sql.reasons)
                if unmapped_sql else [])
    return _table(template, node, year, cutoff, cells, tuple(entry for _, entry in unmapped))


@dataclass(frozen=True)
class _Rendered:
    """A statement as the final SQL text for the database, with the node's path left to fill in.

    An enhet's cases are counted in less time than SQLAlchemy takes to render the statement's
    hundreds of template values (IN lists) on each execution, and psycopg to scan its text for
    parameters. The text carries every value as a literal, the path too: PostgreSQL's generic
    plan for a bound path was twice as slow (``_inline``).
    """

    sql: str
    processors: tuple  # per column, the type's conversion of the driver's value, or None
    reasons: tuple[str, ...] = ()  # the unmapped statement's, one per flag column

    @classmethod
    def of(cls, statement: sa.Select, reasons: Iterable[str] = ()) -> "_Rendered":
        dialect = db.engine.dialect
        compiled = statement.params(path=_PATH).compile(
            dialect=dialect, compile_kwargs={"literal_binds": True})
        assert f"'{_PATH}'" in compiled.string, "the statement names no node path"
        processors = tuple(column.type.dialect_impl(dialect).result_processor(dialect, None)
                           for column in statement.selected_columns)
        return cls(compiled.string, processors, tuple(reasons))

    def rows(self, path: str) -> list[tuple]:
        if not _PATHS.fullmatch(path):
            raise ValueError(f"not a node path: {path!r}")
        result = db.session.connection().exec_driver_sql(self.sql.replace(f"'{_PATH}'",
                                                                          f"'{path}'"))
        return [tuple(convert(value) if convert else value
                      for convert, value in zip(self.processors, row)) for row in result]


#: What a node's path is made of (``/1/4/17/``), and what stands for it in a rendered statement.
_PATHS = re.compile(r"/(\d+/)*")
_PATH = "/~node~/"


@lru_cache(maxsize=32)
def _statements(terms: Catalogue, dialect: str, template: Template, year: int,
                cutoff: date) -> tuple[_Rendered, _Rendered | None]:
    """The cells and unmapped statements of ``count_report`` for any node's path, rendered for
    ``dialect`` with the bits of ``terms`` (both part of the key, as tests run several apps)."""
    scope = _scope(sa.bindparam("path", literal_execute=True), year, cutoff)
    unmapped = _unmapped_query(template, scope, cutoff)
    return (_Rendered.of(_cells_query(template, scope, year, cutoff)),
            unmapped and _Rendered.of(*unmapped))


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
    return _scope(_inline(node.path), year, cutoff)


def _scope(path: sa.BindParameter, year: int, cutoff: date) -> sa.ColumnElement[bool]:
    """``cases_in_scope`` for a path given as a parameter.

    On PostgreSQL the subtree's enheter are one array (``= ANY``), computed before the cases
    are read, so that the index on (enhet, received date) is probed for each: with ``IN
    (subquery)`` the city's unmapped statement scanned the whole index instead, at a million
    cases 450 against 230 ms (the cells 170 against 130 ms).
    """
    subtree = sa.select(OrgNode.id).where(OrgNode.path.startswith(path))
    if db.engine.dialect.name == "postgresql":
        units = sa.select(sa.func.array_agg(OrgNode.id)).where(OrgNode.path.startswith(path))
        # The cast keeps it one value (an array), not ANY over the subquery's rows.
        in_subtree = Case.unit_id == sa.any_(sa.cast(units.scalar_subquery(),
                                                     sa.ARRAY(sa.Integer)))
    else:
        in_subtree = Case.unit_id.in_(subtree)
    last = min(cutoff, date(year, 12, 31))
    return sa.and_(in_subtree,
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
    under None without one; a row no case reaches is left out."""
    query = _cells_query(template, scope, year, cutoff, by)
    return _read_cells(template, db.session.execute(query))


def _cells_query(template: Template, scope, year: int, cutoff: date, by=None) -> sa.Select:
    """(by, tertial, a figure per row) per tertial (and value of ``by``).

    The cases are first grouped by all a clause reads (one row per case: its categories are
    the bits of ``category_bits``, nothing is joined), so each row's condition is evaluated
    once per kind of case rather than once per case: a few thousand kinds for 70,000 cases.
    The kinds are a MATERIALIZED CTE, planned on their own: as a subquery PostgreSQL sorted
    them (338,000 rows, on disk) to feed the outer GROUP BY tertial in order, at a million
    cases 1.4 s against 0.5 s hashed.
    """
    reads = case_columns(cutoff)
    keys = [tertial_of(Case.received_on, year).label("tertial"),
            *(column.label(name) for name, column in reads.items()),
            *([by.label("by")] if by is not None else [])]
    kinds = (sa.select(*keys, sa.func.count().label("cases"))
             .where(scope).group_by(*(key.element for key in keys))
             .cte("kinds").prefix_with("MATERIALIZED", dialect="postgresql"))
    grouped = {name: kinds.c[name] for name in reads}
    hits = [sa.func.sum(sa.case((matches_any(row.clauses, grouped), kinds.c.cases)))
            for _, row in template.rows()]
    group = [kinds.c.by] if by is not None else []
    return (sa.select(*(group or [sa.null()]), kinds.c.tertial, *hits)
            .group_by(*group, kinds.c.tertial))


def _read_cells(template: Template, result) -> dict[object, dict[str, tuple[int, int, int]]]:
    rows = [row for _, row in template.rows()]
    counts = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    for value, tertial, *figures in result:
        for row, figure in zip(rows, figures):
            if figure:  # a SUM: NULL where no kind of case counts, numeric on PostgreSQL
                counts[value][row.key][tertial - 1] = int(figure)
    return {value: {key: tuple(cell) for key, cell in cells.items()}
            for value, cells in counts.items()}


def _unmapped(template: Template, scope, cutoff: date, with_unit: bool = False) -> tuple:
    """Counted cases that land in no row of a breakdown their type is sorted by, and cases of
    a type the template has no row for; one entry per case and reason (``with_unit``: each as
    (its enhet's id, the entry))."""
    unmapped = _unmapped_query(template, scope, cutoff)
    if unmapped is None:
        return ()
    query, reasons = unmapped
    entries = _read_unmapped(db.session.execute(query), reasons)
    return tuple(entries if with_unit else (entry for _, entry in entries))


def _unmapped_query(template: Template, scope,
                    cutoff: date) -> tuple[sa.Select, list[str]] | None:
    """The statement listing ``_unmapped``'s cases with a flag per reason, and the reasons;
    None if the template places every case."""
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
        return None
    missing = [sa.case((condition, 1), else_=0).label(f"m{i}")
               for i, condition in enumerate(conditions)]
    query = (
        sa.select(Case.unit_id, Case.number, Case.type, Case.received_on, *missing)
        # Only a case of these types can meet a condition; the others are not read twice.
        .where(scope, Case.type.in_([CaseType(t) for t in sorted(candidates)]),
               sa.or_(*conditions))
        .order_by(Case.received_on, Case.number)
    )
    return query, reasons


def _read_unmapped(rows, reasons: Iterable[str]) -> list[tuple[int, Unmapped]]:
    """(enhet id, entry) per case and reason from the rows of the unmapped statement."""
    return [(unit_id, Unmapped(number, case_type.value, received_on, reason))
            for unit_id, number, case_type, received_on, *flags in rows
            for reason, flag in zip(reasons, flags) if flag]


def _unplaced(template: Template, dimension: str,
              cutoff: date) -> tuple[list[str], sa.ColumnElement[bool]] | None:
    """The types ``template`` sorts by ``dimension``, and per case: true if its type is one of
    them and no row doing so counts it. None if no type is."""
    by_type = {}
    for case_type in CASE_TYPES:
        rows = [row for _, row in template.rows() if row.sorts_by(dimension, case_type)]
        if rows:
            clauses = [clause for row in rows for clause in row.clauses_for(case_type)]
            by_type[case_type] = sa.and_(Case.type == CaseType(case_type),
                                         matches_any(clauses, case_columns(cutoff)))
    if not by_type:
        return None
    # CASE, not NOT: a clause on a NULL column is unknown, and the case lands nowhere.
    lands = sa.case((sa.or_(*by_type.values()), 1), else_=0)
    return list(by_type), sa.and_(Case.type.in_([CaseType(t) for t in by_type]), lands == 0)


def case_columns(cutoff: date) -> dict[str, sa.ColumnElement]:
    """What a clause reads of a case, by name: its columns, and per flag whether the flag's
    date is on or before the cut-off (NULL for a flag not done, which CASE WHEN takes as
    false)."""
    return {"type": Case.type, "source": Case.source, "anonymous": Case.anonymous,
            "identified_by": Case.identified_by, "concerns": Case.concerns,
            "category_bits": Case.category_bits,
            **{flag: column <= _inline(cutoff) for flag, column in FLAG_DATES.items()}}


def matches_any(clauses: Iterable[Clause],
                reads: dict[str, sa.ColumnElement]) -> sa.ColumnElement[bool]:
    """A case, read through ``reads`` (``case_columns`` or the same names grouped), that one
    of ``clauses`` counts."""
    return sa.or_(*(_clause(clause, reads) for clause in clauses))


def _clause(clause: Clause, reads: dict[str, sa.ColumnElement]) -> sa.ColumnElement[bool]:
    """A case that this clause counts.

    ``sources`` imply a named sender: an anonymous case counts only where the template
    counts anonymous cases, whatever source it also has.
    """
    parts = [reads["type"].in_([CaseType(t) for t in clause.types])]
    if clause.categories is not None:
        mask = catalogue().taxonomy.category_mask(clause.categories)
        parts.append(reads["category_bits"].op("&")(_inline(mask)) != 0)
    if clause.sources is not None:
        parts += [reads["source"].in_(clause.sources), reads["anonymous"].is_(False)]
    if clause.anonymous is not None:
        parts.append(reads["anonymous"].is_(clause.anonymous))
    if clause.identified_by is not None:
        parts.append(reads["identified_by"].in_(clause.identified_by))
    if clause.concerns is not None:
        parts.append(reads["concerns"].in_(clause.concerns))
    if clause.flag is not None:
        parts.append(reads[clause.flag])
    return sa.and_(*parts)
