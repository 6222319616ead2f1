import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from flask import render_template_string, url_for

from casework.auth.models import Role
from casework.cases.models import Case
from casework.core.clock import local_today
from casework.core.extensions import db
from casework.reports.key_figures import tertial_of_day
from casework.trail.models import AuditEvent
from casework.web import navigation
from casework.web.navigation import NAV_ITEMS, ROLE_TASKS, NavItem
from tests import factories
from tests.pages import inline_scripts


@pytest.fixture
def unit(app_ctx):
    return factories.node(name="Aspudden hemtjänst")


def test_start_shows_name_roles_units_and_tasks(client, unit):
    planner = factories.user("planerare", unit, name="Pia Planerare")
    factories.grant(planner, "bitradande_enhetschef", unit)
    factories.log_in(client, planner)

    page = client.get("/").get_data(as_text=True)

    assert "<h1>Start</h1>" in page
    assert "Pia Planerare" in page
    assert "Planerare" in page and "Biträdande enhetschef" in page
    assert "Aspudden hemtjänst" in page
    assert "Registrera synpunkter och klagomål" in page
    assert "Handlägga enhetens ärenden" in page


def test_start_shows_only_the_tasks_of_the_roles_held(client, unit):
    factories.log_in(client, factories.user("medarbetare", unit))

    page = client.get("/").get_data(as_text=True)

    assert "Skriva avvikelserapporter" in page
    assert "Registrera synpunkter" not in page


def test_header_has_navigation_and_logout(client, unit):
    factories.log_in(client, factories.user("enhetschef", unit, name="Erik Enhetschef"))

    page = client.get("/").get_data(as_text=True)

    assert '<a class="skip-link" href="#innehall">Hoppa till innehållet</a>' in page
    assert '<main id="innehall"' in page
    assert '<nav class="site-nav" id="huvudmeny" aria-label="Huvudmeny">' in page
    assert 'aria-controls="huvudmeny" aria-expanded="false">Meny</button>' in page
    assert 'href="/" aria-current="page">Start</a>' in page
    assert 'action="/logout"' in page and ">Logga ut</button>" in page
    # The enhetschef's three intake forms fold into one entry, so that the menu fits a line.
    assert page.count("<summary") == 1 and ">Registrera</summary>" in page
    assert "style=" not in page
    assert re.findall(r"<script[^>]*>", page) == [
        '<script src="/static/js/menu.js" defer>']  # no inline script (CSP)


def test_every_link_of_navigation_and_tasks_goes_to_an_existing_page(app):
    tasks = [task for role_tasks in ROLE_TASKS.values() for task in role_tasks]
    endpoints = [item.endpoint for item in NAV_ITEMS] + [t.endpoint for t in tasks if t.endpoint]
    with app.test_request_context():
        for endpoint in endpoints:
            assert url_for(endpoint)


def test_navigation_is_filtered_by_role(monkeypatch):
    start = NAV_ITEMS[0]
    admin_only = NavItem("Administration", "web.start", frozenset({Role.ADMIN}))
    monkeypatch.setattr(navigation, "NAV_ITEMS", [start, admin_only])

    assert navigation.nav_items({Role.PLANERARE}) == [start]
    assert navigation.nav_items({Role.ADMIN, Role.PLANERARE}) == [start, admin_only]


def test_a_group_folds_only_where_a_role_has_several_of_it():
    planner = navigation.menu({Role.PLANERARE})
    handler = navigation.menu({Role.BITRADANDE_ENHETSCHEF})

    assert [entry.label for entry in planner] == ["Start", "Ärenden", "Registrera"]
    assert isinstance(planner[-1], NavItem)
    [group] = [entry for entry in handler if isinstance(entry, navigation.NavGroup)]
    assert [item.endpoint for item in group.items] == ["cases.new", "cases.report",
                                                        "cases.new_legal"]


def test_dates_are_written_out_in_swedish(app):
    with app.test_request_context():
        assert render_template_string("{{ d|date }}", d=date(2025, 3, 14)) == "14 mars 2025"


def test_stylesheet_is_served_by_the_app(client):
    response = client.get("/static/css/main.css")

    assert response.status_code == 200
    assert response.mimetype == "text/css"
    response.close()


# What needs a handler now, and a manager's key figures


def _org():
    area = factories.node("omrade", "Område Norr")
    return (area, factories.node("enhet", "Aspudden hemtjänst", area),
            factories.node("enhet", "Trekanten hemtjänst", area))


def _rows(page: str) -> list[tuple[str, str]]:
    """(reason, case number) of each row of "Behöver dig nu"."""
    return re.findall(r'<span class="urgent__reason[^"]*">([^<]+)</span></td>\s*'
                      r'<th scope="row" data-label="Ärendenummer"><a href="/cases/\d+">([\d-]+)<',
                      page)


def test_a_handler_sees_one_list_by_urgency_without_beröm(client, app_ctx):
    from tests.cases.test_queries import add_case

    _, unit, _ = _org()
    today = local_today()
    deputy = factories.user("bitradande_enhetschef", unit)
    add_case(unit, "berom", received_on=date(2023, 5, 2))
    unassigned = add_case(unit, "synpunkt", received_on=today)
    late = add_case(unit, handler_id=deputy.id, due_on=today - timedelta(days=2))
    factories.log_in(client, deputy)

    page = client.get("/").get_data(as_text=True)

    assert 'Behöver dig nu <span class="count">(2)</span>' in page
    assert _rows(page) == [("Försenad 2 dagar", late.number), ("Ej tilldelad", unassigned.number)]
    assert '<a href="/att-gora">Hela listan under Att göra</a>' in page
    assert "Nyckeltal" not in page  # a deputy's start page is for handling
    assert 'href="/att-gora">Handlägga enhetens ärenden' in page


def test_the_start_page_shows_the_most_urgent_ten_of_more(client, app_ctx):
    from tests.cases.test_queries import add_case

    _, unit, _ = _org()
    today = local_today()
    for days in range(12):
        add_case(unit, due_on=today - timedelta(days=days + 1))
    factories.log_in(client, factories.user("bitradande_enhetschef", unit))

    page = client.get("/").get_data(as_text=True)

    assert [reason for reason, _ in _rows(page)] == [
        f"Försenad {days} dagar" for days in range(12, 2, -1)]
    assert "Visar de 10 mest brådskande av 12." in page


def test_an_enhetschef_sees_the_key_figures_of_the_unit_with_links(client, app_ctx):
    from tests.cases.test_queries import add_case

    _, unit, other = _org()
    today = local_today()
    add_case(unit, received_on=today, due_on=today - timedelta(days=1))  # new, open, late
    add_case(unit, "lex_sarah", received_on=today)
    add_case(other, received_on=today)
    old = add_case(unit, received_on=date(2020, 1, 1), status="avslutad")
    db.session.execute(sa.update(Case).where(Case.id == old.id).values(closed_on=today))
    chief = factories.user("enhetschef", unit)
    factories.log_in(client, chief)

    page = client.get("/").get_data(as_text=True)

    tertial = tertial_of_day(today)
    assert f'<h2 id="nyckeltal">Nyckeltal {tertial.name}</h2>' in page
    new = f"/cases?enhet={unit.id}&amp;fran={tertial.start}&amp;till={today}"
    assert (f'href="{new}"><span class="key-figures__value">2</span> '
            '<span class="key-figures__label">nya ärenden</span>') in page
    assert (f'href="/cases?enhet={unit.id}&amp;forsenade=y"><span class="key-figures__value">1'
            '</span>') in page
    assert (f'href="/cases?enhet={unit.id}&amp;typ=lex_sarah&amp;status=oppna"><span class="key-figures__value">1'
            '</span> <span class="key-figures__label">lex Sarah pågående') in page
    days = (today - date(2020, 1, 1)).days
    assert (f'status=avslutad"><span class="key-figures__value">{days} dagar</span> '
            '<span class="key-figures__label">mediantid, inkom till avslutat</span>') in page
    assert "1 ärende avslutat i tertialet; listan visar alla avslutade." in page
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and 'role="img"' in page
    assert "style=" not in page and not inline_scripts(page)
    # The figures' read is in the audit trail, as a report read of the unit.
    event = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == "report_view", AuditEvent.unit_id == unit.id)).one()
    assert event.detail["report"] == "nyckeltal"


def test_an_omradeschef_sees_a_row_per_unit_and_reports_linked(client, app_ctx):
    from tests.cases.test_queries import add_case

    area, unit, other = _org()
    today = local_today()
    add_case(unit, received_on=today)
    add_case(other, received_on=today, due_on=today - timedelta(days=1))
    factories.log_in(client, factories.user("omradeschef", area))

    page = client.get("/").get_data(as_text=True)

    assert "Dina 2 enheter" in page and '<h3 id="per-enhet">Per enhet</h3>' in page
    assert '<th scope="row" data-label="Enhet">Trekanten hemtjänst</th>' in page
    assert (f'href="/cases?enhet={other.id}&amp;forsenade=y">1<span class="visually-hidden"> '
            'försenade, Trekanten hemtjänst</span>') in page
    assert '<a href="/reports">Läsa rapporter sammanställda för dina enheter</a>' in page
    assert "Behöver dig nu" not in page  # reads, does not handle


def test_every_task_that_names_a_page_links_to_it():
    unlinked = [task.text for tasks in ROLE_TASKS.values() for task in tasks
                if not task.endpoint]
    assert unlinked == []
