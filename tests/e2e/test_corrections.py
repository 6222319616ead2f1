"""Correcting a case and Ångra over HTTP on the real server (a SQLite file and PostgreSQL): the
deputy corrects a registered complaint and its history and the audit show it; the planner
registers a call by mistake and undoes it, and the report counts it nowhere."""
import pytest
import sqlalchemy as sa

from casework.cases.models import Case, CaseType
from casework.core.extensions import db
from casework.reports.counting import report_for
from casework.reports.export import to_json
from casework.trail.models import AuditEvent
from tests.e2e.site import UNIT_CODE
from tests.e2e.walk import Walk

pytestmark = pytest.mark.e2e


def first_choice(page, field: str) -> str:
    form = next(f for f in page.forms if "type" in f.names)
    return next(value for value, _ in form.names[form.name_of(field)] if value)


def test_the_deputy_corrects_a_complaint_and_the_history_shows_it(site):
    walk = Walk(site)
    entry = walk.as_("planner").get("/cases/new")
    case = walk.register("ratta", "planner", "/cases/new", {
        "type": "klagomal", "source": first_choice(entry, "source"),
        "categories": [first_choice(entry, "categories")],
        "description": "Hemtjänsten kom inte på lördagen."})
    deputy = walk.as_("deputy")

    page = deputy.get(deputy.get(case.path).link("Rätta uppgifter"))
    form = next(f for f in page.forms if f.action.endswith(f"/cases/{case.id}/ratta"))
    page = deputy.submit(form, {"type": "Synpunkt",
                                "description": "Hemtjänsten kom inte på söndagen."})

    assert page.url.endswith(case.path), page.errors
    assert page.messages() == ["Uppgifterna är rättade: typ, beskrivning."]
    assert page.timeline[-1] == ("Rättade Typ: Klagomål → Synpunkt; Beskrivning: "
                                 "”Hemtjänsten kom inte på lördagen.” → "
                                 "”Hemtjänsten kom inte på söndagen.”")
    assert page.lead == "Status: Ny"
    again = deputy.submit(form, {"type": "Synpunkt",
                                 "description": "Hemtjänsten kom inte på söndagen."})
    assert again.messages() == ["Ärendet har redan de här uppgifterna: ingenting mer är ändrat."]
    with site.app.app_context():
        stored = db.session.get(Case, case.id)
        assert (stored.type, stored.description) == (
            CaseType.SYNPUNKT, "Hemtjänsten kom inte på söndagen.")
        audited = db.session.scalars(sa.select(AuditEvent.detail).where(
            AuditEvent.case_id == case.id, AuditEvent.action == "correct")).all()
        assert audited == [{"corrected": {"type": ["klagomal", "synpunkt"],
                                          "description": [None, None]}}]


def test_the_planner_undoes_a_case_just_registered_and_no_report_counts_it(site):
    year = site.local_now().year
    with site.app.app_context():
        before = to_json(report_for(UNIT_CODE, year))
    planner = Walk(site).as_("planner")
    page = planner.get("/cases/new")
    form = next(f for f in page.forms if "type" in f.names)
    page = planner.submit(form, {"type": "klagomal", "source": first_choice(page, "source"),
                                 "categories": [first_choice(page, "categories")],
                                 "description": "Fel brukare, ringde om någon annan."})
    undo = next(f for f in page.forms if f.action.endswith("/angra"))
    case_id = int(undo.action.rsplit("/", 2)[1])
    with site.app.app_context():
        assert to_json(report_for(UNIT_CODE, year)) != before  # counted while it stands

    page = planner.submit(undo)

    assert page.url.endswith("/cases/new")
    [message] = page.messages()
    assert message.endswith("är återtaget. Det räknas inte i någon rapport.")
    case_page = Walk(site).as_("deputy").get(f"/cases/{case_id}")
    assert case_page.lead == "Status: Återtaget"
    assert case_page.timeline[-1] == (
        "Återtaget av Pia Planerare direkt efter registreringen. Status: Ny → Återtaget")
    assert "Rätta uppgifter" not in case_page.text
    with site.app.app_context():
        assert db.session.get(Case, case_id).status == "atertaget"
        assert to_json(report_for(UNIT_CODE, year)) == before
