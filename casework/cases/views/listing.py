"""Case pages: the case list, with filters, search, sorting by column and keyset pages.

The filter form is posted (``search``) and answered with a 303 to the list's URL. The search
text may name people, so it never enters a URL: it waits in the session, and the URL, with its
sort and page links, carries a key for it (``casework.web.private_terms``). The other filters
name nobody and stay in the URL, so such a list can still be bookmarked.

Above the table, the hit count and the export, a POST of the same filters (``export``). Those
who handle cases tick rows for a bulk action (``bulk``): a confirmation page lists the cases,
and its Bekräfta runs the step on all of them or none (``casework.cases.bulk``).
"""
import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from casework import trail
from casework.access.needs import HANDLES, SIGNED_IN, requires
from casework.access.policy import IMPORT_ROLES, handles_cases, holds_role
from casework.cases import bulk, list_export, queries
from casework.cases.blueprint import bp
from casework.cases.list_forms import (
    EXPORT_FORMATS,
    FIRST_DESCENDING,
    BulkChoiceForm,
    BulkConfirmForm,
    CaseFilterForm,
    ExportForm,
)
from casework.core.clock import local_today
from casework.core.documents import MIME_TYPES
from casework.core.fields import swedish_number
from casework.core.refusals import refusals
from casework.web.private_terms import EXPIRED, PrivateTerms

#: The page-link parameters: the keyset after which, or before which, a page lies.
AFTER, BEFORE = "efter", "fore"
#: The search box: words of a description may be a client's name.
SEARCH = PrivateTerms("cases", "sok")


@bp.get("/cases")
@requires(SIGNED_IN)
def index():
    reading = SEARCH.read(request.args)
    if reading.expired:
        flash(EXPIRED, "info")
    form = CaseFilterForm.for_user(current_user, reading.formdata)
    order = form.order()
    page = count = None
    selectable = set()
    if form.validate():
        filters, today = form.filters(), local_today()
        cursor = _cursor(order)
        page = queries.case_page(current_user, filters, order, today, cursor)
        count = queries.page_count(current_user, filters, today, page, cursor)
        selectable = queries.handled_among(current_user, [row.id for row in page.rows])
        trail.record("list", shown=[row.id for row in page.rows])
    return render_template(
        "cases/list.html", form=form, page=page, order=order, count=count,
        count_text=_count_text(count), selectable=selectable,
        handles=handles_cases(current_user), bulk_actions=bulk.ACTIONS,
        imports=holds_role(current_user, IMPORT_ROLES),
        export_formats=EXPORT_FORMATS, here=_list_url(form, reading.key, **{
            name: request.args[name] for name in (AFTER, BEFORE) if name in request.args}),
        sort_links=_sort_links(form, order, reading.key),
        page_links=_page_links(form, page, reading.key),
    )


@bp.post("/cases")
@requires(SIGNED_IN)
def search():
    """The filter form sent: the list's URL with the filters and a key for the search text;
    with a bad value, the form again with its errors."""
    form = CaseFilterForm.for_user(current_user, request.form)
    if not form.validate():
        return _form_page(form), 400
    return redirect(_list_url(form, SEARCH.remember(form)), 303)


@bp.post("/cases/export")
@requires(SIGNED_IN)
def export():
    """The filtered list as a file: every matching case, in the list's order, up to
    ``queries.EXPORT_LIMIT`` (beyond it, the list again with the reason)."""
    form = ExportForm.for_user(current_user, request.form)
    if not form.validate():
        return _form_page(form), 400
    filters, name = form.filters(), form.format.data
    try:
        rows = queries.export_rows(current_user, filters, form.order(), local_today())
    except queries.TooManyToExport:
        flash(f"Listan har fler än {swedish_number(queries.EXPORT_LIMIT)} ärenden, för många "
              "att ladda ner. Begränsa den med filtren först.", "error")
        return redirect(_list_url(form, SEARCH.remember(form), format=None), 303)
    trail.record("export", format=name, count=len(rows), filters=_recorded(filters),
                 shown=[row.case.id for row in rows])
    filename = f"arenden-{local_today().isoformat()}.{name}"
    return send_file(io.BytesIO(list_export.WRITERS[name](rows)),
                     mimetype=MIME_TYPES.get(name, "text/csv"), as_attachment=True,
                     download_name=filename)


@bp.post("/cases/bulk")
@requires(HANDLES)
def bulk_choose():
    """The cases ticked and the action pressed: the confirmation page listing them."""
    form = BulkChoiceForm(request.form)
    if not form.validate():
        return _bulk_page(form, []), 400
    cases = _handled_or_404(form.arenden.data)
    confirm = BulkConfirmForm(formdata=None, atgard=form.atgard.data, tillbaka=form.back(),
                              sammanfattning=bulk.PRAISE_SUMMARY)
    trail.record("list", shown=[case.id for case in cases])
    return _bulk_page(confirm, cases)


@bp.post("/cases/bulk/confirm")
@requires(HANDLES)
def bulk_confirm():
    """Bekräfta: the action on every case at the version confirmed, or, on a refusal, on none
    (the confirmation page again, naming the refused cases)."""
    form = BulkConfirmForm(request.form)
    cases = _handled_or_404(form.arenden.data) if form.arenden.data else []
    if not form.validate():
        return _bulk_page(form, cases), 400
    with refusals(form) as refused:
        done = bulk.apply(form.action, cases, form.arenden.data, current_user,
                          summary=form.sammanfattning.data)
    if refused:
        cases = _handled_or_404(form.arenden.data)  # read afresh after the rollback
        return _bulk_page(form, cases), 400
    trail.record_cases("change", done)
    flash(form.action.done.format(count=bulk.count_text(len(done))), "success")
    return redirect(form.back(), 303)


def _bulk_page(form, cases: list) -> str:
    return render_template("cases/bulk.html", form=form, cases=cases,
                           bulk_actions=bulk.ACTIONS, count_text=bulk.count_text)


def _handled_or_404(ids) -> list:
    """The cases, if the user may handle every one; else 404, the same for a case that does
    not exist and one out of reach (whose attempt the trail records)."""
    cases = bulk.handled(current_user, ids)
    if cases is None:
        for case_id, unit_id in bulk.out_of_reach(current_user, ids):
            trail.record("refused", case_id=case_id, unit_id=unit_id, status=404)
        abort(404)
    return cases


def _form_page(form: CaseFilterForm):
    return render_template("cases/list.html", form=form, page=None, order=form.order(),
                           count=None, count_text="", selectable=set(), handles=False,
                           bulk_actions={}, export_formats={}, here="",
                           sort_links={}, page_links={})


def _count_text(count: queries.HitCount | None) -> str:
    if count is None:
        return ""
    number = swedish_number(count.value)
    if count.more:
        return f"Fler än {number} ärenden"
    return f"{number} ärende" + ("" if count.value == 1 else "n")


def _recorded(filters: queries.Filters) -> dict:
    """The export's filters as the trail keeps them: codes, ids and dates, and whether there
    was a search, never its text."""
    detail = {"type": filters.type and str(filters.type), "status": filters.status,
              "category": filters.category, "unit": filters.unit_id,
              "from": filters.received_from and filters.received_from.isoformat(),
              "to": filters.received_to and filters.received_to.isoformat(),
              "overdue": filters.overdue or None, "mine": filters.mine or None,
              "search": bool(filters.search) or None}
    return {key: value for key, value in detail.items() if value is not None}


def _cursor(order: queries.Order) -> queries.Cursor | None:
    """The page a page link asks for; a link that names no page of this order answers 404."""
    for name, before in ((BEFORE, True), (AFTER, False)):
        if (token := request.args.get(name)) is not None:
            return queries.Cursor.parse(order, token, before=before) or abort(404)
    return None


def _list_url(form: CaseFilterForm, key: str | None, **args: str) -> str:
    """The list with the form's filters and order as given (nothing else), the search by its
    ``key``, changed by ``args``."""
    return url_for("cases.index", **SEARCH.arguments(form, key) | args)


def _sort_links(form: CaseFilterForm, order: queries.Order, key: str | None) -> dict[str, str]:
    """Per column: its header link, which reverses the order if it is the column sorted by."""
    links = {}
    for column in queries.SORTS:
        descending = not order.descending if column == order.key else column in FIRST_DESCENDING
        links[column] = _list_url(form, key, sortera=column,
                                  ordning="fallande" if descending else "stigande")
    return links


def _page_links(form: CaseFilterForm, page: queries.CasePage | None,
                key: str | None) -> dict[str, str]:
    """Föregående and Nästa sida, where there are such pages."""
    cursors = {"prev": page.previous, "next": page.next} if page else {}
    return {
        rel: _list_url(form, key, **{BEFORE if cursor.before else AFTER: cursor.token})
        for rel, cursor in cursors.items() if cursor
    }
