"""Importing a unit's earlier cases from a spreadsheet: upload, check, preview, confirm.

Nothing is saved before the confirmation, and then all rows or none. The file is checked again
at the confirmation, as the user's units or the catalogue may have changed meanwhile. The
command line (``casework cases import``) reads and checks a file the same way.
"""
import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from casework import trail
from casework.access.needs import IMPORTS_CASES, requires
from casework.access.policy import import_units
from casework.cases import import_drafts, importer
from casework.cases.blueprint import bp
from casework.cases.import_forms import CaseImportConfirmForm, CaseImportForm
from casework.cases.import_template import template_xlsx
from casework.cases.validation import EARLIEST_RECEIVED
from casework.core.clock import local_today
from casework.core.documents import MIME_TYPES
from casework.core.fields import swedish_number
from casework.core.sheets import SheetError
from casework.core.taxonomy import catalogue

#: The largest file taken: a unit's history of many years fits easily.
MAX_BYTES = 20 * 1024 * 1024
#: Rows shown in the preview of a good file.
PREVIEW_ROWS = 10


@bp.get("/cases/import")
@requires(IMPORTS_CASES)
def import_page():
    return _page(CaseImportForm())


@bp.post("/cases/import")
@requires(IMPORTS_CASES)
def check_import():
    """The file sent: checked whole; its errors, or a preview and the confirmation."""
    form = CaseImportForm()
    if not form.validate_on_submit():
        return _page(form), 400
    upload = form.file.data
    try:
        if not upload or not upload.filename:
            raise SheetError("Välj en fil att läsa in.")
        data = upload.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise SheetError(f"Filen är större än {MAX_BYTES // 1024 // 1024} MB; dela upp den.")
        checked = importer.check_data(data, upload.filename, _unit_ids())
    except SheetError as refused:
        form.file.errors = [str(refused)]
        return _page(form), 400
    if checked.errors:
        return _page(form, checked), 400
    confirm = CaseImportConfirmForm(
        draft=import_drafts.keep(current_user.id, upload.filename, data))
    return _page(form, checked, confirm)


@bp.post("/cases/import/bekrafta")
@requires(IMPORTS_CASES)
def confirm_import():
    confirm = CaseImportConfirmForm()
    if not confirm.validate():
        abort(400)
    draft = import_drafts.take(current_user.id, confirm.draft.data)
    if draft is None:
        flash("Filen är redan inläst, eller för gammal: läs in den igen om ärendena saknas.",
              "info")
        return redirect(url_for(".import_page"), 303)
    filename, data = draft
    try:
        checked = importer.check_data(data, filename, _unit_ids())
    except SheetError as refused:  # the catalogue changed its columns meanwhile: unlikely
        flash(f"Inga ärenden lästes in: {refused}", "error")
        return redirect(url_for(".import_page"), 303)
    if checked.errors:  # changed since the preview (a unit closed, say); the draft stays
        return _page(CaseImportForm(), checked), 400
    importer.import_rows(checked.rows)
    for unit_id, count in checked.counts_by_unit().items():
        trail.record("cases_import", unit_id=unit_id, count=count)
    flash(f"{len(checked.rows)} ärenden är inlästa.", "success")
    return redirect(url_for(".index"), 303)


@bp.get("/cases/import/mall.xlsx")
@requires(IMPORTS_CASES)
def import_template():
    """The template of the year asked for (``ar``), or of this year."""
    year = request.args.get("ar", str(local_today().year))
    if not (year.isascii() and year.isdigit() and len(year) == 4) \
            or not EARLIEST_RECEIVED.year <= int(year) <= local_today().year:
        abort(404)
    units = import_units(current_user)
    content = template_xlsx(catalogue(), int(year), units[0].code if units else "ENHET")
    return send_file(io.BytesIO(content), mimetype=MIME_TYPES["xlsx"], as_attachment=True,
                     download_name=f"arenden-mall-{year}.xlsx")


def _unit_ids() -> set[int]:
    return {unit.id for unit in import_units(current_user)}


def _page(form: CaseImportForm, checked: importer.CheckedFile | None = None,
          confirm: CaseImportConfirmForm | None = None):
    return render_template("cases/import.html", form=form, checked=checked, confirm=confirm,
                           preview=checked.rows[:PREVIEW_ROWS] if checked else [],
                           units=import_units(current_user), this_year=local_today().year,
                           max_rows=swedish_number(importer.MAX_ROWS))
