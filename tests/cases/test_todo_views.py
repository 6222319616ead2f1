"""Att göra at /att-gora: the start page's "Behöver dig nu" in full, a page at a time."""
import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from casework.cases import urgency
from casework.core.clock import local_today
from casework.core.extensions import db
from casework.trail.models import AuditEvent
from tests import factories
from tests.cases.test_list_views import get
from tests.cases.test_queries import add_case, org  # noqa: F401  (a fixture)


def urgent_numbers(page: str) -> list[str]:
    """The case numbers of the urgency table, in order."""
    return re.findall(r'<th scope="row" data-label="Ärendenummer"><a href="/cases/\d+">'
                      r'([\d-]+)</a>', page)


def reasons(page: str) -> list[str]:
    return re.findall(r'<span class="urgent__reason[^"]*">([^<]+)</span>', page)


def test_att_gora_lists_every_case_once_by_urgency(client, org):  # noqa: F811
    today = local_today()
    deputy = factories.user("bitradande_enhetschef", org.a)
    late = add_case(org.a, handler_id=deputy.id, due_on=today - timedelta(days=3))
    soon = add_case(org.a, handler_id=deputy.id, due_on=today + timedelta(days=1))
    unassigned = add_case(org.a, "avvikelse")
    add_case(org.a, "berom", apt_pending=True)  # counted, not handled: not listed
    add_case(org.b, "klagomal")
    factories.log_in(client, deputy)

    page = get(client, "/att-gora")

    assert "<h1>Att göra</h1>" in page
    assert urgent_numbers(page) == [late.number, soon.number, unassigned.number]
    assert reasons(page) == ["Försenad 3 dagar", "Frist i morgon", "Ej tilldelad"]
    assert "Försenade: <strong>1</strong>" in page
    assert "Väntar på återkoppling: <strong>0</strong>" in page
    assert f'href="/apt/{org.a.code}">Till nästa APT, Aspudden hemtjänst</a> (1)' in page
    assert "style=" not in page


def test_a_long_list_comes_in_pages(client, org, monkeypatch):  # noqa: F811
    monkeypatch.setattr(urgency, "PAGE_SIZE", 2)
    chief = factories.user("enhetschef", org.a)
    cases = [add_case(org.a) for _ in range(5)]
    factories.log_in(client, chief)

    first, last = get(client, "/att-gora"), get(client, "/att-gora?sida=3")

    assert urgent_numbers(first) == [c.number for c in cases[:2]]
    assert "Sida 1 av 3" in first and 'href="/att-gora?sida=2">Nästa sida' in first
    assert urgent_numbers(last) == [cases[4].number]
    assert 'href="/att-gora?sida=2">Föregående sida' in last and "Nästa sida" not in last


@pytest.mark.parametrize("page", ["0", "-1", "x", "²", "4", "2147483648", "9" * 40])
def test_a_page_no_link_gives_is_not_found(client, org, page, monkeypatch):  # noqa: F811
    monkeypatch.setattr(urgency, "PAGE_SIZE", 2)
    chief = factories.user("enhetschef", org.a)
    for _ in range(5):
        add_case(org.a)
    factories.log_in(client, chief)

    assert client.get(f"/att-gora?sida={page}").status_code == 404


def test_the_list_shown_is_in_the_audit_trail(client, org, app_ctx):  # noqa: F811
    deputy = factories.user("bitradande_enhetschef", org.a)
    case = add_case(org.a)
    factories.log_in(client, deputy)

    get(client, "/att-gora")

    event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "list")
                               .order_by(AuditEvent.id.desc())).first()
    assert event.detail["shown"] == [case.id]


def test_att_gora_is_for_those_who_handle_cases(client, org):  # noqa: F811
    factories.log_in(client, factories.user("planerare", org.a))
    assert client.get("/att-gora").status_code == 403


def test_start_offers_a_planner_registering_and_their_latest_cases(client, org):  # noqa: F811
    planner = factories.user("planerare", org.a)
    own = add_case(org.a, by=planner)
    add_case(org.a)
    factories.log_in(client, planner)

    page = get(client, "/")

    assert '<a class="button" href="/cases/new">Registrera ett ärende</a>' in page
    assert "Senast registrerade av dig" in page and own.number in page
    assert 'href="/cases?mina=y"' in page and "Behöver dig nu" not in page


def test_start_shows_staff_their_reports_and_the_feedback_on_them(client, org):  # noqa: F811
    staff = factories.user("medarbetare", org.a)
    answered = add_case(org.a, "avvikelse", by=staff, feedback_on=date(2025, 3, 14))
    waiting = add_case(org.a, "lex_sarah", by=staff)
    factories.log_in(client, staff)

    page = get(client, "/")

    assert "<h2 id=\"mina-rapporter\">Mina rapporter</h2>" in page
    assert page.index(waiting.number) < page.index(answered.number)
    assert "Lämnad 14 mars 2025" in page and "Inte ännu" in page
    assert "Registrera ett ärende" not in page


def test_start_for_someone_who_registers_nothing_yet(client, org):  # noqa: F811
    factories.log_in(client, factories.user("medarbetare", org.a))
    assert "Du har inte registrerat några ärenden ännu." in get(client, "/")
