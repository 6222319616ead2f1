"""Case pages: the case list, with filters, search, sorting by column and keyset pages.

The filter form is posted (``search``) and answered with a 303 to the list's URL. The search
text may name people, so it never enters a URL: it waits in the session, and the URL, with its
sort and page links, carries a key for it (``casework.web.private_terms``). The other filters
name nobody and stay in the URL, so such a list can still be bookmarked.
"""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from casework import trail
from casework.access.needs import SIGNED_IN, requires
from casework.cases import queries
from casework.cases.blueprint import bp
from casework.cases.list_forms import FIRST_DESCENDING, CaseFilterForm
from casework.core.clock import local_today
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
    page = None
    if form.validate():
        page = queries.case_page(
            current_user, form.filters(), order, local_today(), _cursor(order)
        )
        trail.record("list", shown=[row.id for row in page.rows])
    return render_template(
        "cases/list.html", form=form, page=page, order=order,
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
        return render_template("cases/list.html", form=form, page=None, order=form.order(),
                               sort_links={}, page_links={}), 400
    return redirect(_list_url(form, SEARCH.remember(form)), 303)


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
