"""Key figures for a manager's start page: their enheter this tertial, at a glance.

Whose: the enheter under the user's grants of ``KEY_FIGURE_ROLES`` (enhetschef, områdeschef),
every case type there (both roles read them all). Which tertial: the one today falls in (T1
1 Jan–30 Apr, T2 1 May–31 Aug, the VB column 1 Sep–31 Dec: ``schedule.PERIOD_ENDS``).

The figures, per enhet and in total:

* **Nya**: cases received in the tertial so far (counting rule 1: by received date);
* **Öppna**: cases not closed, whenever received;
* **Försenade**: open cases whose deadline has passed (``queries.overdue``, the list's filter);
* **Lex Sarah pågående**: open lex Sarah cases;
* **Mediantid**: the median of closed_on − received_on, in days, over the cases closed in the
  tertial (over all the enheter; a median does not add up per enhet).

Three statements whatever the number of enheter: one ``GROUP BY`` enhet, one per month, and the
median's (a count, then the middle one or two values by ``ORDER BY … OFFSET``, which both
databases run without loading the durations).
"""
from dataclasses import dataclass
from datetime import date, timedelta
from xml.sax.saxutils import escape

import sqlalchemy as sa
from flask_babel import format_date

from casework.auth.models import Role, User
from casework.cases.models import Case, CaseType
from casework.cases.queries import OPEN, not_withdrawn, overdue, still_open
from casework.core.case_types import CLOSED_STATUS
from casework.core.extensions import db
from casework.organisation.models import NodeKind, OrgNode
from casework.reports.schedule import PERIOD_ENDS
from casework.reports.trends import axis_scale

KEY_FIGURE_ROLES = frozenset({Role.ENHETSCHEF, Role.OMRADESCHEF})
TERTIAL_NAMES = ("T1", "T2", "T3")


@dataclass(frozen=True)
class Tertial:
    number: int
    start: date
    end: date

    @property
    def name(self) -> str:
        return f"{TERTIAL_NAMES[self.number - 1]} {self.start.year}"


def tertial_of_day(day: date) -> Tertial:
    """The tertial ``day`` falls in."""
    start = date(day.year, 1, 1)
    for number, (month, last) in enumerate(PERIOD_ENDS, 1):
        end = date(day.year, month, last)
        if day <= end:
            return Tertial(number, start, end)
        start = end + timedelta(days=1)
    raise AssertionError("PERIOD_ENDS ends on 31 December")


@dataclass(frozen=True)
class UnitFigures:
    id: int
    name: str
    new: int = 0
    open: int = 0
    overdue: int = 0
    lex_sarah_open: int = 0


@dataclass(frozen=True)
class KeyFigures:
    tertial: Tertial
    units: tuple[UnitFigures, ...]
    #: (first day of the month, cases received in it) for each month of the tertial so far.
    per_month: tuple[tuple[date, int], ...]
    #: Days from received to closed, over the cases closed in the tertial; None without any.
    median_days: float | None
    closed: int
    today: date

    def total(self, name: str) -> int:
        return sum(getattr(unit, name) for unit in self.units)

    @property
    def median_label(self) -> str:
        """``12 dagar``, ``12,5 dagar``."""
        days = self.median_days
        text = str(int(days)) if days == int(days) else f"{days:.1f}".replace(".", ",")
        return f"{text} dag" + ("" if days == 1 else "ar")

    def list_filters(self, unit_id: int | None = None) -> dict[str, dict[str, str]]:
        """Figure → the case list's GET filters (casework.cases.list_forms) for the cases
        behind it, in one enhet or (None) in all the list shows. The median's list shows every
        closed case, not only those closed in the tertial (the list filters on received dates)."""
        unit = {"enhet": str(unit_id)} if unit_id else {}
        return {
            "new": unit | {"fran": self.tertial.start.isoformat(), "till": self.today.isoformat()},
            "open": unit | {"status": OPEN},
            "overdue": unit | {"forsenade": "y"},
            "median": unit | {"status": CLOSED_STATUS},
            "lex_sarah_open": unit | {"typ": CaseType.LEX_SARAH.value, "status": OPEN},
        }


def key_figure_nodes(user: User) -> list[OrgNode]:
    """The nodes of the user's enhetschef and områdeschef grants."""
    if not user.is_active:
        return []
    return list({g.node.id: g.node for g in user.grants if g.role in KEY_FIGURE_ROLES}.values())


def key_figure_units(user: User) -> list[OrgNode]:
    """The enheter under the user's enhetschef and områdeschef grants, by name."""
    paths = [node.path for node in key_figure_nodes(user)]
    if not paths:
        return []
    query = sa.select(OrgNode).where(
        OrgNode.kind == NodeKind.ENHET, sa.or_(*(OrgNode.path.startswith(p) for p in paths)))
    return list(db.session.scalars(query.order_by(OrgNode.name, OrgNode.id)))


def key_figures(units: list[OrgNode], today: date) -> KeyFigures:
    """The figures of ``units`` for the tertial of ``today``, as of ``today``."""
    tertial = tertial_of_day(today)
    ids = [unit.id for unit in units]
    in_units = Case.unit_id.in_(ids) if ids else sa.false()
    received = sa.and_(Case.received_on.between(tertial.start, today), not_withdrawn())
    counted = db.session.execute(
        sa.select(
            Case.unit_id,
            sa.func.count().filter(received),
            sa.func.count().filter(still_open()),
            sa.func.count().filter(overdue(today)),
            sa.func.count().filter(still_open(), Case.type == CaseType.LEX_SARAH),
        ).where(in_units).group_by(Case.unit_id)
    )
    figures = {unit_id: rest for unit_id, *rest in counted}
    rows = tuple(UnitFigures(unit.id, unit.name, *figures.get(unit.id, ())) for unit in units)
    closed, median = _median_days(in_units, tertial, today)
    return KeyFigures(tertial, rows, _per_month(in_units, tertial, today), median, closed, today)


def _per_month(in_units, tertial: Tertial, today: date) -> tuple[tuple[date, int], ...]:
    month = sa.extract("month", Case.received_on)
    counts = dict(db.session.execute(
        sa.select(month, sa.func.count())
        .where(in_units, not_withdrawn(), Case.received_on.between(tertial.start, today))
        .group_by(month)
    ).all())
    months = range(tertial.start.month, today.month + 1)
    return tuple((date(today.year, m, 1), counts.get(m, 0)) for m in months)


def _days(later, earlier) -> sa.ColumnElement:
    """``later - earlier`` in whole days, in the dialect of the session's database."""
    if db.session.get_bind().dialect.name == "sqlite":
        return sa.cast(sa.func.julianday(later) - sa.func.julianday(earlier), sa.Integer)
    return later - earlier


def _median_days(in_units, tertial: Tertial, today: date) -> tuple[int, float | None]:
    """How many cases were closed in the tertial, and the median of their handling days."""
    where = [in_units, Case.status == CLOSED_STATUS,
             Case.closed_on.between(tertial.start, min(tertial.end, today))]
    closed = db.session.scalar(sa.select(sa.func.count()).select_from(Case).where(*where))
    if not closed:
        return 0, None
    days = _days(Case.closed_on, Case.received_on).label("days")
    middle = db.session.scalars(
        sa.select(days).where(*where).order_by(sa.literal_column("days"))
        .limit(2 - closed % 2).offset((closed - 1) // 2)
    ).all()
    return closed, sum(middle) / len(middle)


def month_name(day: date) -> str:
    """``september``: the month in the app's locale, as the dates elsewhere are written."""
    return format_date(day, "LLLL")


#: The chart's geometry and ink (the trends' colours: 9.3:1 against white).
WIDTH, HEIGHT = 360, 200
LEFT, RIGHT, TOP, BOTTOM = 40, 8, 20, 32
BAR, INK, GRID = "#1f4e79", "#1a1a1a", "#c8c8c8"


def chart_svg(figures: KeyFigures) -> str:
    """New cases per month of the tertial so far, as an inline SVG bar chart: no script, no
    style attribute (presentation attributes only, for the Content-Security-Policy), named for
    screen readers by its ``<title>`` and ``<desc>``."""
    months = figures.per_month
    top, step = axis_scale(max((n for _, n in months), default=0))
    described = "; ".join(f"{month_name(day)} {n} st" for day, n in months)
    parts = [
        (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
         f'class="key-chart" role="img" aria-labelledby="key-chart-title key-chart-desc" '
         f'font-family="Arial, Helvetica, sans-serif" font-size="12" fill="{INK}">'),
        f'<title id="key-chart-title">Nya ärenden per månad, {figures.tertial.name}</title>',
        f'<desc id="key-chart-desc">{escape(described)}.</desc>',
    ]
    base = HEIGHT - BOTTOM
    for value in range(0, top + 1, step):
        y = _y(value, top)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
                     f'stroke="{GRID if value else INK}" stroke-width="1"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{value}</text>')
    group = (WIDTH - LEFT - RIGHT) / 4  # a tertial has four months
    for index, (day, count) in enumerate(months):
        x, y = LEFT + index * group + group * 0.2, _y(count, top)
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{group * 0.6:.1f}" '
                     f'height="{base - y:.1f}" fill="{BAR}"/>')
        parts.append(f'<text x="{x + group * 0.3:.1f}" y="{y - 4:.1f}" '
                     f'text-anchor="middle">{count}</text>')
        parts.append(f'<text x="{x + group * 0.3:.1f}" y="{base + 18}" '
                     f'text-anchor="middle">{month_name(day)[:3]}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _y(value: int, top: int) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / top)
