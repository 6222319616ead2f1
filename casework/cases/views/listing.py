"""Case pages: the case list, with filters, search, sorting by column and keyset pages."""
from flask import render_template, request, url_for
from flask_login import current_user, login_required

from casework.audit import trail
from casework.cases import queries
from casework.cases.blueprint import bp
from casework.cases.list_forms import FIRST_DESCENDING, CaseFilterForm
from casework.cases.services import local_today

#: The page-link parameters: the keyset after which, or before which, a page lies.
AFTER, BEFORE = "efter", "fore"


@bp.get("/cases")
@login_required
def index():
    form = CaseFilterForm.for_user(current_user, request.args)
    order = form.order()
    page = None
    if form.validate():
        page = queries.case_page(
            current_user, form.filters(), order, local_today(), _cursor(order)
        )
        trail.record("list", shown=[row.id for row in page.rows])
    return render_template(
        "cases/list.html", form=form, page=page, order=order,
        sort_links=_sort_links(form, order), page_links=_page_links(form, page),
    )


def _cursor(order: queries.Order) -> queries.Cursor | None:
    if token := request.args.get(BEFORE):
        return queries.Cursor.parse(order, token, before=True)
    if token := request.args.get(AFTER):
        return queries.Cursor.parse(order, token)
    return None


def _list_url(form: CaseFilterForm, **args: str) -> str:
    """The list with the form's filters and order as given (nothing else), changed by ``args``."""
    kept = {f.name: f.raw_data[0] for f in form if f.raw_data and f.raw_data[0]}
    return url_for("cases.index", **kept | args)


def _sort_links(form: CaseFilterForm, order: queries.Order) -> dict[str, str]:
    """Per column: its header link, which reverses the order if it is the column sorted by."""
    links = {}
    for key in queries.SORTS:
        descending = not order.descending if key == order.key else key in FIRST_DESCENDING
        links[key] = _list_url(form, sortera=key, ordning="fallande" if descending else "stigande")
    return links


def _page_links(form: CaseFilterForm, page: queries.CasePage | None) -> dict[str, str]:
    """Föregående and Nästa sida, where there are such pages."""
    cursors = {"prev": page.previous, "next": page.next} if page else {}
    return {
        rel: _list_url(form, **{BEFORE if cursor.before else AFTER: cursor.token})
        for rel, cursor in cursors.items() if cursor
    }
