"""The audit page /audit and its CSV export, for enhetschef and admin (over their subtree).

The routes need ``READS_AUDIT`` (anyone else gets 403); which events the reader sees is
``casework.audit.queries.scope``. The export is itself an access to the trail and leaves a row
of its own.

The filter form is posted (``search``) and answered with a 303 to the page's URL. The user
filter is an e-mail address, so it never enters a URL: it waits in the session, and the URL,
its page links and the export link carry a key for it (``casework.web.private_terms``).
"""
import csv
import io
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
from flask_babel import format_datetime
from flask_login import current_user

from casework import trail
from casework.access.needs import READS_AUDIT, requires
from casework.audit import queries
from casework.audit.forms import AuditFilterForm
from casework.core.clock import local_today
from casework.core.columns import db_int
from casework.core.database import reading_only
from casework.core.spreadsheet_safety import inert
from casework.web.private_terms import EXPIRED, PrivateTerms

bp = Blueprint("audit", __name__)

#: The page-link parameters: the id before which (older) or after which (newer) a page lies.
BEFORE, AFTER = "fore", "efter"

CSV_COLUMNS = ("tidpunkt", "anvandare", "roller", "handelse", "arende", "arende_id",
               "enhet", "detaljer")
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


@bp.get("/audit/export.csv")
@requires(READS_AUDIT)
def export():
    where = queries.scope(current_user)
    reading = USER.read(request.args)
    form = AuditFilterForm(reading.formdata)
    if reading.expired:  # exporting without the user filter would hand out far more
        flash(EXPIRED, "info")
        return redirect(url_for(".index", **USER.arguments(form, None)), 303)
    if not form.validate():
        return render_template("audit/index.html", form=form, page=None, links={}), 400
    filters = form.filters()
    case_id = queries.case_id_of(filters.case_number) if filters.case_number else None
    trail.record("audit_export", case_id=case_id, **_recorded(filters))
    rows = queries.all_rows(queries.events(where, filters))
    filename = f"atkomstlogg-{local_today().isoformat()}.csv"
    return Response(stream_with_context(_csv(rows)), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})


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
    links = {"export": url_for(".export", **kept)}
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
        yield from _csv_lines(rows)


def _csv_lines(rows: Iterator[queries.Row]) -> Iterator[str]:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for count, row in enumerate(rows, 1):
        writer.writerow(inert(value) for value in (
            format_datetime(row.at, "yyyy-MM-dd HH:mm:ss"), row.email or "", row.roles,
            row.action, row.case_number or "", row.case_id or "", row.unit_code or "",
            _detail_text(row.detail)))
        if count % 500 == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def _detail_text(detail: dict) -> str:
    return "; ".join(f"{key}={value}" for key, value in sorted(detail.items()))
