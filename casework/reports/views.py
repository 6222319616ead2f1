"""The report page: one node's table "Redovisning av synpunkter och klagomål", and its downloads.

The routes need ``READS_REPORTS`` (anyone else gets 403); which nodes the reader reads is
``casework.access.policy.report_nodes``, who reads a node's text column ``reads_report_notes``
(the others get the figures, on the page and in every download), who writes it
``may_write_report_notes``. A node code that exists but is outside the user's reach
answers 404, so codes do not reveal what is hidden. The selection (node, year, template, cut-off)
travels in the query string, also when the text column is posted.
"""
import io
import json

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user

from casework import trail
from casework.access.needs import READS_REPORTS, requires
from casework.access.policy import (
    may_write_report_notes,
    reads_report_notes,
    report_nodes,
)
from casework.core.case_types import CASE_TYPE_LABELS
from casework.core.clock import local_today
from casework.core.documents import MIME_TYPES
from casework.core.extensions import db
from casework.core.taxonomy import Template, catalogue
from casework.followup.counting import count_follow_ups
from casework.organisation.models import OrgNode
from casework.reports import export, formats
from casework.reports.counting import count_report
from casework.reports.forms import FORMAT_LABELS, DownloadForm, ReportForm
from casework.reports.model import ReportTable
from casework.reports.note_forms import NotesForm
from casework.reports.notes import NotesConflict, draft_for, save_notes, with_notes

bp = Blueprint("reports", __name__)

#: Roles that read reports over the subtree of their grant.


@bp.get("/reports")
@requires(READS_REPORTS)
def index():
    form = report_form(ReportForm)
    node = chosen_node(form) if request.args else None
    return _page(form, node and _table(form, node))


@bp.get("/reports/download")
@requires(READS_REPORTS)
def download():
    form = report_form(DownloadForm)
    node = chosen_node(form)
    if node is None:
        return _page(form, None), 400
    table = _table(form, node)
    name = form.format.data
    filename = f"redovisning-{table.unit}-{table.year}.{name}"
    if name == "json":
        content = json.dumps(export.to_json(table), ensure_ascii=False, indent=2).encode()
    else:
        content = formats.WRITERS[name](table, _heading(form, table))
    mimetype = MIME_TYPES[name]
    return send_file(io.BytesIO(content), mimetype=mimetype, as_attachment=True,
                     download_name=filename)


@bp.post("/reports/notes")
@requires(READS_REPORTS)
def save_text_column():
    """Save the text column of the selected table, then show the table again; if someone else
    saved a row the user changed since the page was loaded, the table with both texts (409)."""
    form = report_form(ReportForm)
    node = chosen_node(form)
    if node is None:
        return _page(form, None), 400
    if not may_write_report_notes(current_user, node):
        abort(403)
    template = _template(form)
    notes = NotesForm.build(template)
    if not notes.validate_on_submit():
        return _page(form, _table(form, node), notes), 400
    changed = save_notes(node, form.year.data, template, notes.texts(), current_user,
                         notes.basis())
    trail.record("report_notes_save", unit_id=node.id, year=form.year.data,
                 template=template.year, rows=changed)
    flash("Texterna är sparade." if changed else "Inga texter ändrades.", "success")
    return redirect(url_for("reports.index", **_selection(form)))


@bp.errorhandler(NotesConflict)
def _notes_conflict(error: NotesConflict):
    """Someone else saved a row the user changed since the page was loaded (the save is undone
    by then): the table with both texts, the user's kept in the form."""
    form = report_form(ReportForm)
    node = chosen_node(form)
    notes = NotesForm.build(_template(form))
    return _page(form, _table(form, node), notes, conflicts=error.keys), 409


def report_form(form_class: type[ReportForm]) -> ReportForm:
    """The form over the query string, offering the nodes the user reads (``READS_REPORTS``
    gives at least one: the node of the grant)."""
    nodes = report_nodes(current_user)
    form = form_class.build(nodes, catalogue().years, local_today().year, request.args)
    form.nodes = {node.code: node for node in nodes}
    return form


def chosen_node(form: ReportForm) -> OrgNode | None:
    """The node the valid form asks for; None (with the errors on the form) otherwise."""
    if not form.validate():
        return None
    node = form.nodes.get(form.node.data)
    if node is None:
        if db.session.scalar(sa.select(OrgNode.id).where(OrgNode.code == form.node.data)):
            abort(404)
        form.node.errors.append(f"Det finns ingen enhet med koden {form.node.data}.")
    return node


def _table(form: ReportForm, node: OrgNode) -> ReportTable:
    """The node's table, with its saved texts for a reader of them; the read is recorded in the
    audit trail."""
    table = count_report(_template(form), node, form.year.data, form.cutoff_date())
    if reads_report_notes(current_user, node):
        table = with_notes(table)
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


def _selection(form: ReportForm) -> dict:
    """The query string that selects the form's table."""
    return {"node": form.node.data, "year": form.year.data,
            "template": form.template.data or None,
            "cutoff": form.cutoff.data.isoformat() if form.cutoff.data else None}


def _text_column(form: ReportForm, table: ReportTable, notes: NotesForm | None,
                 conflicts: list[str] | None) -> dict:
    """For a user who may write it, the text column's form and the drafts: the posted form
    again; after a conflict, the saved texts with the user's changes in their rows, and
    ``current``, the saved text of each row in conflict; else the saved texts or the drafts.
    Nothing for a reader, who sees the saved text; a flag for one who may not read it."""
    node = form.nodes[table.unit]
    if not may_write_report_notes(current_user, node):
        return {"notes_hidden": not reads_report_notes(current_user, node)}
    template = catalogue().templates[table.template]
    drafts = draft_for(template, node, table.year, table.cutoff)
    saved = {row.key: row.note for row in table.rows if row.note}  # blank notes are not kept
    current = {}
    if conflicts is not None:
        notes = NotesForm.build(template, drafts | saved | notes.edits(), saved)
        current = {key: saved.get(key, "") for key in conflicts}
    elif notes is None:
        notes = NotesForm.build(template, drafts | saved, saved)
    return {"notes": notes, "drafts": drafts, "current": current,
            "notes_action": url_for("reports.save_text_column", **_selection(form))}


def _page(form: ReportForm, table: ReportTable | None, notes: NotesForm | None = None,
          conflicts: list[str] | None = None) -> str:
    context = {"form": form, "table": table, "figure": formats.figure,
               "title": formats.TITLE, "format_labels": FORMAT_LABELS}
    if table is not None:
        heading = _heading(form, table)
        args = _selection(form)
        context |= _text_column(form, table, notes, conflicts) | {
            "heading": heading,
            "columns": formats.columns(heading),
            "sections": formats.sections(table),
            "figures": formats.figures,
            "unmapped": list({case.number: case for case in table.unmapped}.values()),
            "type_labels": CASE_TYPE_LABELS,
            "follow_ups": count_follow_ups(form.nodes[table.unit], table.year, table.cutoff),
            "follow_up_columns": formats.FIGURE_COLUMNS,
            "downloads": {name: url_for("reports.download", format=name, **args)
                          for name in FORMAT_LABELS},
        }
    return render_template("reports/index.html", **context)
