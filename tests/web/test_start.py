import re
from datetime import date

import pytest
from flask import render_template_string, url_for

from casework.auth.models import Role
from casework.web import navigation
from casework.web.navigation import NAV_ITEMS, ROLE_TASKS, NavItem
from tests import factories


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
