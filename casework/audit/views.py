"""The audit page /audit and its export (CSV or xlsx), for enhetschef and admin (over their
subtree).

The routes need ``READS_AUDIT`` (anyone else gets 403); which events the reader sees is
``casework.audit.queries.scope``. The export is itself an access to the trail and leaves a row
of its own.

The filter form is posted (``search``) and answered with a 303 to the page's URL. The user
filter is an e-mail address, so it never enters a URL: it waits in the session, and the URL,
its page links and the export link carry a key for it (``casework.web.private_terms``).
"""
from collections.abc import Iterator

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_login import current_user

from casework import trail
from casework.access.needs import READS_AUDIT, requires
from casework.audit import queries
from casework.audit.forms import AuditFilterForm
from casework.core.clock import app_zone, local_today
from casework.core.columns import db_int
from casework.core.database import reading_only
from casework.core.documents import MIME_TYPES
from casework.core.spreadsheets import csv_chunks, xlsx_bytes
from casework.web.private_terms import EXPIRED, PrivateTerms

bp = Blueprint("audit", __name__)

#: The page-link parameters: the id before which (older) or after which (newer) a page lies.
BEFORE, AFTER = "fore", "efter"

HEADERS = ("Tidpunkt", "Användare", "Roller", "Händelse", "Ärende", "Ärende-id", "Enhet",
           "Detaljer")
WIDTHS = (20, 30, 30, 30, 14, 10, 12, 60)
#: An xlsx is built in memory: a larger export is a CSV, streamed.
XLSX_MAX_ROWS = 100_000
TOO_MANY_FOR_XLSX = (f"Fler än {XLSX_MAX_ROWS:,} händelser passar inte i en xlsx-fil: "
                     "välj ett kortare intervall eller hämta CSV.").replace(",", "\u00a0")
#: The user filter: an e-mail address names a person.
USER = PrivateTerms("audit", "anvandare")


@bp.after_request
def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/audit")
@requires(READS_AUDIT)
def index():
    where = queries.scope(current_user)
    reading = USER.read(request.args)
    if reading.expired:
        flash(EXPIRED, "info")
    form = AuditFilterForm(reading.formdata)
    found = None
    if form.validate():
        found = queries.page(queries.events(where, form.filters()),
                             before=_page_link(BEFORE), after=_page_link(AFTER))
    return render_template("audit/index.html", form=form, page=found,
                           links=_links(form, found, reading.key))


@bp.post("/audit")
@requires(READS_AUDIT)
def search():
    """The filter form sent: the page's URL with the filters and a key for the user filter;
    with a bad value, the form again with its errors."""
    form = AuditFilterForm(request.form)
    if not form.validate():
        return render_template("audit/index.html", form=form, page=None, links={}), 400
    return redirect(url_for(".index", **USER.arguments(form, USER.remember(form))), 303)


@bp.get("/audit/export.<any(csv, xlsx):name>")
@requires(READS_AUDIT)
def export(name: str):
    where = queries.scope(current_user)
    reading = USER.read(request.args)
    form = AuditFilterForm(reading.formdata)
    if reading.expired:  # exporting without the user filter would hand out far more
        flash(EXPIRED, "info")
        return redirect(url_for(".index", **USER.arguments(form, None)), 303)
    if not form.validate():
        return render_template("audit/index.html", form=form, page=None, links={}), 400
    filters = form.filters()
    events = queries.events(where, filters)
    if name == "xlsx" and queries.count(events, XLSX_MAX_ROWS + 1) > XLSX_MAX_ROWS:
        flash(TOO_MANY_FOR_XLSX, "error")
        return redirect(url_for(".index", **USER.arguments(form, reading.key)), 303)
    case_id = queries.case_id_of(filters.case_number) if filters.case_number else None
    trail.record("audit_export", case_id=case_id, format=name, **_recorded(filters))
    rows = queries.all_rows(events)
    headers = {"Content-Disposition":
               f"attachment; filename=atkomstlogg-{local_today().isoformat()}.{name}"}
    if name == "xlsx":
        return Response(xlsx_bytes("Åtkomstlogg", HEADERS, map(_cells, rows), WIDTHS),
                        mimetype=MIME_TYPES["xlsx"], headers=headers)
    return Response(stream_with_context(_csv(rows)), mimetype="text/csv", headers=headers)


def _page_link(name: str) -> int | None:
    """The event id a page link names; a link that names none answers 404."""
    text = request.args.get(name)
    if text is None:
        return None
    try:
        return db_int(text)
    except ValueError:
        abort(404)


def _recorded(filters: queries.Filters) -> dict:
    """The export's filters as the trail keeps them: the user by id, no typed text."""
    detail = {"action_filter": filters.action,
              "from": filters.date_from and filters.date_from.isoformat(),
              "to": filters.date_to and filters.date_to.isoformat(),
              "user_filter": filters.email and queries.user_id_of(filters.email)}
    return {key: value for key, value in detail.items() if value is not None}


def _links(form: AuditFilterForm, found: queries.Page | None, key: str | None) -> dict[str, str]:
    kept = USER.arguments(form, key)
    links = {"export": url_for(".export", name="csv", **kept),
             "export_xlsx": url_for(".export", name="xlsx", **kept)}
    if found and found.newer is not None:
        links["newer"] = url_for(".index", **kept, **{AFTER: found.newer})
        links["first"] = url_for(".index", **kept)
    if found and found.older is not None:
        links["older"] = url_for(".index", **kept, **{BEFORE: found.older})
    return links


def _csv(rows: Iterator[queries.Row]) -> Iterator[str]:
    """The file, streamed after the request's unit of work has committed: its reads take no
    write lock, so a slow download holds no one up."""
    with reading_only():
        yield from csv_chunks(HEADERS, map(_cells, rows))


def _cells(row: queries.Row) -> tuple:
    return (row.at.astimezone(app_zone()), row.email or "", ", ".join(row.role_labels),
            row.action_label, row.case_number or "", row.case_id or "", row.unit_code or "",
            _detail_text(row.detail))


def _detail_text(detail: dict) -> str:
    return "; ".join(f"{key}={value}" for key, value in sorted(detail.items()))
