"""The registerutdrag pages (/admin/registerutdrag): the search, posted and answered on its own
page, and the export of the ticked cases. The admin only, over the cases of their subtrees; an
id out of reach answers 404 and nothing is exported.

The routes are the admin area's (its blueprint makes every answer ``no-store``: the results
and the files are a person's data).
"""
import io

from flask import abort, render_template, send_file
from flask_login import current_user

from casework import trail
from casework.access.needs import ADMIN, requires
from casework.admin.blueprint import bp
from casework.core.clock import local_today
from casework.core.documents import MIME_TYPES
from casework.core.refusals import refusals
from casework.extracts import export, search
from casework.extracts.forms import FORMATS, ExportForm, SearchForm

WRITERS = {"pdf": export.to_pdf, "json": export.to_json}


@bp.get("/registerutdrag")
@requires(ADMIN)
def registerutdrag():
    return _page(SearchForm(formdata=None))


@bp.post("/registerutdrag")
@requires(ADMIN)
def registerutdrag_search():
    """The hits, as the answer to the post (no redirect: the text would have to wait
    somewhere); the trail records their number and ids, never the text."""
    form = SearchForm()
    if not form.validate():
        return _page(form), 400
    with refusals(form) as refused:
        query = search.parse(form.sok.data)
    if refused:
        return _page(form), 400
    results = search.search(current_user, query)
    trail.record("extract_search", hits=len(results.hits), capped=results.capped,
                 shown=[hit.case.id for hit in results.hits])
    return _page(form, results)


@bp.post("/registerutdrag/export")
@requires(ADMIN)
def registerutdrag_export():
    """The ticked cases as a PDF or JSON file; any id out of reach answers 404."""
    form = ExportForm()
    if not form.validate():
        return _page(_search_again(form)), 400
    cases, outside = export.in_scope(current_user, form.arenden.data)
    if len(cases) != len(form.arenden.data):
        for case_id, unit_id in outside:
            trail.record("refused", case_id=case_id, unit_id=unit_id, status=404)
        abort(404)
    name = form.format.data
    content = WRITERS[name](export.extract(current_user, cases))
    # One row per case, with its enhet (the endpoint says it was a registerutdrag): the case's
    # history and its enhet's log check show it.
    trail.record_cases("export", cases, format=name)
    return send_file(io.BytesIO(content), mimetype=MIME_TYPES[name], as_attachment=True,
                     download_name=f"registerutdrag-{local_today().isoformat()}.{name}")


def _search_again(refused: ExportForm) -> SearchForm:
    """An empty search form whose summary names the export's faults: the hits are gone with
    the search text, which the export does not carry, so the admin searches again."""
    form = SearchForm(formdata=None)
    form.form_errors += [f"{message} Sök igen och kryssa i de ärenden som gäller personen."
                         for messages in refused.errors.values() for message in messages]
    return form


def _page(form: SearchForm, results: search.Results | None = None) -> str:
    return render_template("admin/registerutdrag.html", form=form, results=results,
                           formats=FORMATS, limit=search.RESULT_LIMIT)
