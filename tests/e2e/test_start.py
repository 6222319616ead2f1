"""The start pages on the real server: a deputy manager's "Behöver dig nu" and an enhetschef's
key figures, over HTTP only, on a SQLite file and on PostgreSQL. The cases are made in an enhet
of the test's own, so that what other end-to-end tests register does not change the figures."""
import re
import urllib.parse
from datetime import timedelta

import pytest
import sqlalchemy as sa

from casework.cases.models import Case
from casework.core.extensions import db
from casework.organisation.models import OrgNode
from casework.reports.key_figures import tertial_of_day
from tests import factories
from tests.e2e.client import Client
from tests.e2e.site import Site

pytestmark = pytest.mark.e2e

DEPUTY, CHIEF = "stina.start@example.se", "egon.start@example.se"


def add_unit_and_cases(site: Site) -> dict[str, str]:
    """An enhet with a deputy, an enhetschef and five cases; their numbers by name."""
    today = site.local_now().date()
    with site.app.app_context():
        area = db.session.scalar(sa.select(OrgNode).where(OrgNode.code == "HAV-HT"))
        unit = factories.node("enhet", "Startsidans hemtjänst", area, code="START")
        deputy = factories.user("bitradande_enhetschef", unit, name="Stina Start", email=DEPUTY)
        factories.user("enhetschef", unit, name="Egon Start", email=CHIEF)
        made = {
            "late": (factories.case(unit, "klagomal", today), today - timedelta(days=4)),
            "soon": (factories.case(unit, "synpunkt", today), today + timedelta(days=1)),
            "unassigned": (factories.case(unit, "avvikelse", today), None),
            "praise": (factories.case(unit, "berom", today - timedelta(days=800)), None),
            "lex_sarah": (factories.case(unit, "lex_sarah", today), None),
        }
        db.session.flush()
        for name, (case, due_on) in made.items():
            handled = {"handler_id": deputy.id} if name in ("late", "soon") else {}
            db.session.execute(sa.update(Case).where(Case.id == case.id)
                               .values(due_on=due_on, due_at=None, **handled))
        numbers = {name: case.number for name, (case, _) in made.items()}
        db.session.commit()
        return numbers | {"unit_id": str(unit.id)}


def signed_in(site: Site, email: str) -> Client:
    client = Client(site.server)
    client.log_in(email, factories.PASSWORD)
    return client


def urgent_rows(text: str) -> list[tuple[str, str]]:
    return re.findall(r'<span class="urgent__reason[^"]*">([^<]+)</span></td>\s*'
                      r'<th scope="row" data-label="Ärendenummer"><a href="/cases/\d+">([\d-]+)<',
                      text)


def test_the_deputy_sees_what_needs_them_and_the_chief_the_units_figures(site: Site):
    cases = add_unit_and_cases(site)
    today = site.local_now().date()

    start = signed_in(site, DEPUTY).get("/")
    # Lex Sarah and the avvikelse are unassigned (by received order); the beröm is left out.
    assert urgent_rows(start.text) == [
        ("Försenad 4 dagar", cases["late"]), ("Frist i morgon", cases["soon"]),
        ("Ej tilldelad", cases["unassigned"]), ("Ej tilldelad", cases["lex_sarah"]),
    ]
    assert "Nyckeltal" not in start.text

    chief = signed_in(site, CHIEF)
    page = chief.get("/")
    tertial = tertial_of_day(today)
    assert f"Nyckeltal {tertial.name}" in page.text
    figures = {text: urllib.parse.urlsplit(url) for url, text in page.links
               if urllib.parse.urlsplit(url).path == "/cases" and url.count("enhet=")}
    expected = {
        # The beröm was received two years ago: not new this tertial.
        "4 nya ärenden": {"enhet": [cases["unit_id"]], "fran": [tertial.start.isoformat()],
                          "till": [today.isoformat()]},
        "5 öppna ärenden": {"enhet": [cases["unit_id"]], "status": ["oppna"]},
        "1 försenade": {"enhet": [cases["unit_id"]], "forsenade": ["y"]},
        "1 lex Sarah pågående": {"enhet": [cases["unit_id"]], "typ": ["lex_sarah"],
                                 "status": ["oppna"]},
    }
    for text, query in expected.items():
        assert urllib.parse.parse_qs(figures[text].query) == query, text
    # The list behind "nya ärenden" opens, and holds those four.
    listed = chief.get(urllib.parse.urlunsplit(figures["4 nya ärenden"])).text
    assert all(cases[name] in listed for name in ("late", "soon", "unassigned", "lex_sarah"))
    assert cases["praise"] not in listed
    # The list behind "öppna ärenden" holds as many as the figure says.
    opened = chief.get(urllib.parse.urlunsplit(figures["5 öppna ärenden"])).text
    assert "5 ärenden" in opened


def test_the_accessibility_statement_is_served_to_anyone(site):
    page = Client(site.server).get("/tillganglighet")

    assert "Tillgänglighetsredogörelse" in page.text
    assert ("mailto:tillganglighet@example.se", "tillganglighet@example.se") in page.links
