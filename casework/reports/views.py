"""The report page: one node's table "Redovisning av synpunkter och klagomål", and its downloads.

Who may read reports is decided by ``casework.access.policy.report_nodes``. A node code that
exists but is outside the user's reach answers 404, so codes do not reveal what is hidden.
"""
import io
import json

import sqlalchemy as sa
from flask import Blueprint, abort, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from casework.access.policy import report_nodes
from casework.audit import trail
from casework.case_types import CASE_TYPE_LABELS
from casework.cases.services import catalogue, local_today
from casework.extensions import db
from casework.organisation.models import OrgNode
from casework.reports import export, formats
from casework.reports.counting import count_report
from casework.reports.forms import FORMAT_LABELS, DownloadForm, ReportForm
from casework.reports.model import ReportTable
from casework.taxonomy import Template

bp = Blueprint("reports", __name__)

#: Roles that read reports over the subtree of their grant.
TEXT_TYPES = {"json": "application/json", "csv": "text/csv"}  # Flask adds charset=utf-8


@bp.get("/reports")
@login_required
def index():
    form = _form(ReportForm)
    table = _table(form) if request.args else None
    return _page(form, table)


@bp.get("/reports/download")
@login_required
def download():
    form = _form(DownloadForm)
    table = _table(form)
    if table is None:
        return _page(form, None), 400
    name = form.format.data
    filename = f"redovisning-{table.unit}-{table.year}.{name}"
    if name in formats.WRITERS:
        content = formats.WRITERS[name](table, _heading(form, table))
        mimetype = formats.MIME_TYPES[name]
    elif name == "json":
        content = json.dumps(export.to_json(table), ensure_ascii=False, indent=2).encode()
        mimetype = TEXT_TYPES[name]
    else:
        content, mimetype = export.to_csv(table).encode(), TEXT_TYPES[name]
    return send_file(io.BytesIO(content), mimetype=mimetype, as_attachment=True,
                     download_name=filename)


def _form(form_class: type[ReportForm]) -> ReportForm:
    """The form over the query string; 403 for a user who may read no report."""
    nodes = report_nodes(current_user)
    if not nodes:
        abort(403)
    form = form_class.build(nodes, catalogue().years, local_today().year, request.args)
    form.nodes = {node.code: node for node in nodes}
    return form


def _table(form: ReportForm) -> ReportTable | None:
    """The table the valid form asks for; None (with the errors on the form) otherwise."""
    if not form.validate():
        return None
    node = form.nodes.get(form.node.data)
    if node is None:
        if db.session.scalar(sa.select(OrgNode.id).where(OrgNode.code == form.node.data)):
            abort(404)
        form.node.errors.append(f"Det finns ingen enhet med koden {form.node.data}.")
        return None
    table = count_report(_template(form), node, form.year.data, form.cutoff_date())
    downloading = request.endpoint == "reports.download"
    trail.record("report_download" if downloading else "report_view", unit_id=node.id,
                 year=table.year, template=table.template, cutoff=table.cutoff.isoformat(),
                 **({"format": form.format.data} if downloading else {}))
    return table


def _template(form: ReportForm) -> Template:
    if form.template.data:
        return catalogue().templates[int(form.template.data)]
    return catalogue().template_for(form.year.data)


def _heading(form: ReportForm, table: ReportTable) -> formats.Heading:
    return formats.Heading(form.nodes[table.unit].name,
                           catalogue().templates[table.template].text_column)


def _page(form: ReportForm, table: ReportTable | None) -> str:
    context = {"form": form, "table": table, "figure": formats.figure,
               "title": formats.TITLE, "format_labels": FORMAT_LABELS}
    if table is not None:
        heading = _heading(form, table)
        args = {"node": table.unit, "year": table.year, "template": form.template.data or None,
                "cutoff": form.cutoff.data.isoformat() if form.cutoff.data else None}
        context |= {
            "heading": heading,
            "columns": formats.columns(heading),
            "sections": formats.sections(table),
            "figures": formats.figures,
            "unmapped": list({case.number: case for case in table.unmapped}.values()),
            "type_labels": CASE_TYPE_LABELS,
            "downloads": {name: url_for("reports.download", format=name, **args)
                          for name in FORMAT_LABELS},
        }
    return render_template("reports/index.html", **context)
