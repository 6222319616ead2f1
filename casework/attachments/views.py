"""The attachments of a case on its page: the list, the upload for those who handle the case,
and the download, audited as an export of the case.

The download answers 404 for an attachment the user may not open, as for a case out of reach:
ids reveal nothing. It hands the file out as a download, never shown in the browser
(``Content-Disposition: attachment``, ``nosniff``), and never kept in a cache.
"""
from urllib.parse import quote

from flask import Blueprint, Response, abort, current_app, flash, redirect, url_for
from flask_login import current_user

from casework import trail
from casework.access.needs import SIGNED_IN, requires
from casework.access.policy import Action, can_on_case
from casework.attachments import queries, services
from casework.attachments.forms import UploadForm
from casework.attachments.storage import MissingFile
from casework.cases.models import Case
from casework.cases.scope import case_or_404
from casework.cases.views.detail import READER_PARTS, case_page
from casework.core.extensions import db
from casework.core.refusals import refusals
from casework.retention.services import anonymised
from casework.web.input_guard import takes_files

bp = Blueprint("attachments", __name__)


def section(case: Case, user, form: UploadForm | None = None) -> dict:
    """The case page's section: the files ``user`` may open, and the upload form for whoever
    handles the case (``form``, when it comes back with errors)."""
    # An anonymised case takes no new files: the job has passed it, and would not pass again.
    handles = can_on_case(user, Action.HANDLE, case) and not anonymised(case.id)
    return {
        "attachments": queries.visible(queries.of_case(case.id), case, user),
        "attachment_form": (form or UploadForm(formdata=None)) if handles else None,
    }


READER_PARTS.append(section)


@bp.post("/cases/<int:case_id>/bilagor")
@requires(SIGNED_IN)
@takes_files
def upload(case_id: int):
    case = case_or_404(case_id, Action.HANDLE)
    if anonymised(case.id):
        flash(ANONYMISED, "error")
        return case_page(case, **section(case, current_user)), 409
    form = UploadForm()
    if form.validate_on_submit():
        with refusals(form) as refused:
            added = services.add_files(case, form.attachments.files, by=current_user)
        if not refused:
            flash(_added_text(len(added)), "success")
            return redirect(url_for("cases.detail", case_id=case.id, _anchor="bilagor"))
    return case_page(case, **section(case, current_user, form)), 400


ANONYMISED = "Ärendets personuppgifter är gallrade, så det tar inte emot nya bilagor."


def _added_text(count: int) -> str:
    return "Bilagan är sparad." if count == 1 else f"{count} bilagor är sparade."


@bp.get("/cases/<int:case_id>/bilagor/<int:attachment_id>")
@requires(SIGNED_IN)
def download(case_id: int, attachment_id: int):
    attachment = queries.find(case_id, attachment_id)
    case = db.session.get(Case, case_id)
    if attachment is None or not queries.may_open(current_user, case, attachment):
        if case is not None:
            trail.record("refused", case_id=case.id, unit_id=case.unit_id, status=404,
                         attachment=attachment_id)
        abort(404)
    case_or_404(case_id, audit={"attachment": attachment.id, "format": attachment.kind.key})
    try:
        body = queries.content(attachment)
    except MissingFile:
        current_app.logger.error("attachment %s has no file in the storage", attachment.id)
        abort(404)
    return Response(body, mimetype=attachment.content_type.split(";")[0], headers={
        "Content-Disposition": disposition(attachment.file_name),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
    })


def disposition(name: str) -> str:
    """``attachment`` with the name as ASCII (``filename``) and as UTF-8 (RFC 5987
    ``filename*``), which browsers prefer."""
    fallback = "".join(c if c.isascii() and c.isprintable() and c not in '"\\;' else "_"
                       for c in name) or "bilaga"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


@bp.app_template_filter()
def file_size(size: int) -> str:
    """``840 byte``, ``12 kB``, ``1,2 MB``."""
    if size < 1024:
        return f"{size} byte"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} kB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
