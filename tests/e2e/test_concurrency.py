"""What two clicks, two tabs and two people at once do to the real server (threaded, as
``casework run`` serves): one case per form, appends that do not conflict, and no 500."""
import threading
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from casework.cases.models import Case, CaseAction
from casework.core.extensions import db
from tests.e2e.site import Site


def at_once(count: int, work) -> list:
    """Run ``work(i)`` in ``count`` threads released together."""
    start = threading.Barrier(count)

    def run(i):
        start.wait()
        return work(i)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def count_cases(site: Site, **where) -> int:
    with site.app.app_context():
        query = sa.select(sa.func.count()).select_from(Case).filter_by(**where)
        return db.session.scalar(query)


def intake_form(client):
    return next(f for f in client.get("/cases/new").forms if "type" in f.names)


def complaint(form, description: str) -> dict:
    """A klagomål as a planner fills it in: the form's first source and category."""
    first = {field: next(v for v, _ in form.names[form.name_of(field)] if v)
             for field in ("source", "categories")}
    return {"type": "klagomal", "description": description, "source": first["source"],
            "categories": [first["categories"]]}


def test_eight_parallel_posts_of_one_form_register_one_case(site: Site):
    planner = site.client("planner")
    form = intake_form(planner)
    description = f"Dubbelklick {site.backend}: ingen kom på fredagen."
    fields = form.filled(complaint(form, description))

    pages = at_once(8, lambda _: planner.post("/cases/new", fields))

    assert count_cases(site, description=description) == 1
    with site.app.app_context():
        number = db.session.scalar(sa.select(Case.number).where(Case.description == description))
    # Each answer is the form again; the confirmation of the one case is on those that
    # showed it (the cookie carries one confirmation at a time), never another number.
    shown = [page.text for page in pages if "är registrerat" in page.text]
    assert shown and all(number in text for text in shown)


def test_two_tabs_adding_actions_at_once_both_save(site: Site):
    planner, deputy = site.client("planner"), site.client("deputy")
    description = f"Två flikar {site.backend}."
    form = intake_form(planner)
    planner.submit(form, complaint(form, description))
    with site.app.app_context():
        case_id = db.session.scalar(sa.select(Case.id).where(Case.description == description))
    tabs = [deputy.get(f"/cases/{case_id}") for _ in range(2)]
    forms = [tab.step_form("add_action").filled({"description": f"Åtgärd från flik {n}."})
             for n, tab in enumerate(tabs)]

    at_once(2, lambda n: deputy.post(f"/cases/{case_id}/actions", forms[n]))

    with site.app.app_context():
        texts = db.session.scalars(sa.select(CaseAction.description)
                                   .where(CaseAction.case_id == case_id)).all()
    assert sorted(texts) == ["Åtgärd från flik 0.", "Åtgärd från flik 1."]
