"""Trends: each section's tertials this year beside last year's, and the chart that shows them.

Both years are counted with the template of the report year, so the rows compare like with like
(older cases reach its rows through the category mappings), each year as of its 31 December:
two reports, four statements, whatever the size of the node.

A chart shows a section's sum over its rows per tertial. One bar pair per tertial keeps a chart
legible and printable for sections of one row or nine; the sum is what a reader compares year on
year. It is a sum of row figures, not of cases (a case with two categories counts in two rows,
and a row may count a subset of another), so the chart says so and the table beside it gives
every row.

The SVG is built as a string: no script, no style attribute (presentation attributes only), so
it may be inlined under the Content-Security-Policy; ``<title>`` and ``<desc>`` name it for
screen readers, which also get the table.
"""
from dataclasses import dataclass
from datetime import date
from itertools import islice
from xml.sax.saxutils import escape

from casework.core.taxonomy import catalogue
from casework.organisation.models import OrgNode
from casework.reports.counting import count_report

TERTIALS = ("T1", "T2", "VB")
#: This year's bars and last year's: 9.3:1 and 4.5:1 against white, apart in greyscale too.
COLOURS = ("#1f4e79", "#767676")
INK, GRID = "#1a1a1a", "#c8c8c8"
WIDTH, HEIGHT = 640, 340
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 24, 84

Figures = tuple[int, int, int]


@dataclass(frozen=True)
class RowTrend:
    label: str
    current: Figures
    previous: Figures


@dataclass(frozen=True)
class SectionTrend:
    """One section of the template; ``number`` counts from 1 in template order."""

    number: int
    title: str
    rows: tuple[RowTrend, ...]

    @property
    def current(self) -> Figures:
        return _sums(row.current for row in self.rows)

    @property
    def previous(self) -> Figures:
        return _sums(row.previous for row in self.rows)


@dataclass(frozen=True)
class Trends:
    unit: str
    year: int
    template: int
    sections: tuple[SectionTrend, ...]


def trends(node: OrgNode, year: int) -> Trends:
    """The node's sections for ``year`` and ``year - 1``, both in ``year``'s template."""
    template = catalogue().template_for(year)
    now = count_report(template, node, year, date(year, 12, 31))
    before = count_report(template, node, year - 1, date(year - 1, 12, 31))
    pairs = zip(now.rows, before.rows)  # both in template order, section by section
    sections = []
    for number, section in enumerate(template.sections, 1):
        rows = tuple(RowTrend(this.label, (this.t1, this.t2, this.vb),
                              (last.t1, last.t2, last.vb))
                     for this, last in islice(pairs, len(section.rows)))
        sections.append(SectionTrend(number, section.title, rows))
    return Trends(node.code, year, template.year, tuple(sections))


def _sums(figures) -> Figures:
    return tuple(sum(column) for column in zip(*figures)) or (0, 0, 0)


def svg(section: SectionTrend, year: int, standalone: bool = False) -> str:
    """A grouped bar chart of the section's sums, T1, T2 and VB, ``year`` beside ``year - 1``.

    Ids carry the section number, so that several charts can sit in one page. ``standalone``
    adds the XML declaration, for the chart served as a file.
    """
    ident = f"trend-{section.number}"
    years = (str(year), str(year - 1))
    top, step = axis_scale(max(section.current + section.previous))
    parts = [
        (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
         f'width="{WIDTH}" height="{HEIGHT}" role="img" '
         f'aria-labelledby="{ident}-title {ident}-desc" '
         f'font-family="Arial, Helvetica, sans-serif" font-size="14" fill="{INK}">'),
        (f'<title id="{ident}-title">{escape(section.title)}: {years[0]} jämfört med '
         f'{years[1]}</title>'),
        f'<desc id="{ident}-desc">{escape(_description(section, years))}</desc>',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        *_axes(top, step),
        *_bars(section, top),
        *_legend(years),
        "</svg>",
    ]
    declaration = '<?xml version="1.0" encoding="UTF-8"?>\n' if standalone else ""
    return declaration + "\n".join(parts) + "\n"


def _description(section: SectionTrend, years: tuple[str, str]) -> str:
    figures = "; ".join(
        f"{tertial}: {years[0]} {this} st, {years[1]} {last} st"
        for tertial, this, last in zip(TERTIALS, section.current, section.previous)
    )
    rows = "avsnittets enda rad" if len(section.rows) == 1 else "avsnittets rader"
    return f"Summa av {rows} per tertial. {figures}."


def axis_scale(highest: int) -> tuple[int, int]:
    """The axis top and tick step: whole numbers, at most five steps, 1, 2 or 5 times 10^n."""
    step = 1
    while step * 5 < highest:
        step = _next_step(step)
    return max(step, -(-highest // step) * step), step


def _next_step(step: int) -> int:
    """1, 2, 5, 10, 20, 50 ..."""
    return step * 5 // 2 if str(step).startswith("2") else step * 2


def _y(value: int, top: int) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / top)


def _axes(top: int, step: int) -> list[str]:
    base = HEIGHT - BOTTOM
    lines = []
    for value in range(0, top + 1, step):
        y = _y(value, top)
        lines.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
                     f'stroke="{GRID if value else INK}" stroke-width="1"/>')
        lines.append(f'<text x="{LEFT - 8}" y="{y + 5:.1f}" text-anchor="end">{value}</text>')
    middle = (TOP + base) / 2
    lines.append(f'<text x="18" y="{middle:.1f}" text-anchor="middle" '
                 f'transform="rotate(-90 18 {middle:.1f})">Antal (st)</text>')
    return lines


def _bars(section: SectionTrend, top: int) -> list[str]:
    group = (WIDTH - LEFT - RIGHT) / len(TERTIALS)
    bar, gap = 56, 8
    base = HEIGHT - BOTTOM
    shapes = []
    for index, tertial in enumerate(TERTIALS):
        start = LEFT + index * group + (group - 2 * bar - gap) / 2
        for offset, (values, colour) in enumerate(zip((section.current, section.previous),
                                                      COLOURS)):
            x, y = start + offset * (bar + gap), _y(values[index], top)
            shapes.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar}" '
                          f'height="{base - y:.1f}" fill="{colour}"/>')
            shapes.append(f'<text x="{x + bar / 2:.1f}" y="{y - 6:.1f}" '
                          f'text-anchor="middle">{values[index]}</text>')
        shapes.append(f'<text x="{LEFT + (index + 0.5) * group:.1f}" y="{base + 22}" '
                      f'text-anchor="middle" font-weight="bold">{tertial}</text>')
    return shapes


def _legend(years: tuple[str, str]) -> list[str]:
    y = HEIGHT - 28
    items = []
    for index, (label, colour) in enumerate(zip(years, COLOURS)):
        x = LEFT + index * 120
        items.append(f'<rect x="{x}" y="{y - 12}" width="16" height="16" fill="{colour}"/>')
        items.append(f'<text x="{x + 24}" y="{y + 1}">{escape(label)}</text>')
    items.append(f'<text x="{WIDTH - RIGHT}" y="{y + 1}" text-anchor="end" '
                 f'font-size="12">Summa av avsnittets rader</text>')
    return items
