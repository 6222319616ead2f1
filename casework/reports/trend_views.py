"""The trends page /reports/trends and its charts as files, on the reports blueprint.

Access is the report table's: ``READS_REPORTS``, 403 for a user who may read no report, then
``report_nodes``, 404 for a node that exists out of reach. Only node and year are asked for:
a trend compares whole years in the report year's template (see ``casework.reports.trends``).
"""
from flask import Response, render_template, request
from markupsafe import Markup

from casework import trail
from casework.access.needs import READS_REPORTS, requires
from casework.organisation.models import OrgNode
from casework.reports.forms import ReportForm
from casework.reports.trends import TERTIALS, Trends, svg, trends
from casework.reports.views import bp, chosen_node, report_form


class TrendForm(ReportForm):
    """The report form without template and cut-off."""

    template = None
    cutoff = None

    @classmethod
    def build(cls, nodes: list[OrgNode], template_years: list[int], this_year: int, args):
        form = cls(formdata=args or None, year=this_year)
        form.node.choices = {node.code: f"{node.name} ({node.code})" for node in nodes}
        form.first_year = template_years[0]
        return form


@bp.get("/reports/trends")
@requires(READS_REPORTS)
def trends_page():
    form = _form()
    found = _trends(form) if request.args else None
    charts = {s.number: Markup(svg(s, found.year)) for s in found.sections} if found else {}
    return render_template("reports/trends.html", form=form, trends=found, charts=charts,
                           tertials=TERTIALS)


@bp.get("/reports/trends.svg")
@requires(READS_REPORTS)
def trend_chart():
    form = _form()
    found = _trends(form)
    if found is None:
        return _plain(" ".join(error for errors in form.errors.values() for error in errors), 400)
    number = request.args.get("section", type=int)
    if number is None or not 1 <= number <= len(found.sections):
        return _plain(f"Ange avsnittets nummer, från 1 till {len(found.sections)}.", 400)
    chart = svg(found.sections[number - 1], found.year, standalone=True)
    return Response(chart, mimetype="image/svg+xml")


def _form() -> TrendForm:
    return report_form(TrendForm)


def _trends(form: TrendForm) -> Trends | None:
    """The trends the valid form asks for; None (with the errors on the form) otherwise."""
    node = chosen_node(form)
    if node is None:
        return None
    found = trends(node, form.year.data)
    svg_file = request.endpoint == "reports.trend_chart"
    chart = {"report": "trends", "format": "svg"} if svg_file else {}
    trail.record("report_download" if chart else "report_trends", unit_id=node.id,
                 year=found.year, template=found.template, **chart)
    return found


def _plain(message: str, status: int) -> Response:
    return Response(message, status=status, mimetype="text/plain")
