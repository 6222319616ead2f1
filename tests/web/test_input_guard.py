"""Input no part of the app can store is refused cleanly, wherever it is sent: a NUL character
(400) and integers beyond the database's range (404 for ids and page links, a Swedish field
error in forms). Each of these gave 500 before."""
import pytest

from casework.cases import handling
from casework.core.extensions import db
from tests import factories

BIG = "2147483648"  # one past PostgreSQL's INTEGER
HUGE = "9223372036854775808"  # past SQLite's and PostgreSQL's BIGINT


@pytest.fixture
def org(app_ctx):
    area = factories.node("omrade", "Hemtjänst Hägersten", code="HH")
    return factories.node("enhet", "Aspudden hemtjänst", area, code="ASP")


@pytest.fixture
def chief(org, client):
    user = factories.user("enhetschef", org)
    db.session.commit()
    factories.log_in(client, user)
    return user


@pytest.fixture
def case(org, chief):
    created = factories.case(org)
    handling.mark_for_apt(created, 1, chief)
    db.session.commit()
    return created


@pytest.mark.parametrize("method, url, data", [
    ("POST", "/login", {"email": "a\0@example.se", "password": "x"}),
    ("POST", "/cases", {"sok": "Anders\0son"}),
    ("GET", "/cases?efter=2025-01-01~1\0", None),
    ("GET", "/cases?typ=\0", None),
    ("GET", "/reports?node=ASP\0", None),
    ("GET", "/apt/ASP%00", None),
    ("GET", "/audit?arende=\0", None),
    ("POST", "/cases/new", {"type": "berom", "description": "Tack\0"}),
    ("POST", "/cases/report", {"type": "avvikelse", "description": "x", "occurred_on\0": "y"}),
])
def test_a_nul_character_anywhere_is_a_400(client, chief, method, url, data):
    response = client.open(url, method=method, data=data)

    assert response.status_code == 400
    assert "Begäran kunde inte hanteras" in response.get_data(as_text=True)


def test_a_nul_in_a_case_steps_text_is_a_400_and_nothing_is_saved(client, case):
    response = client.post(f"/cases/{case.id}/actions", data={
        "add_action-version": str(case.version), "add_action-taken_on": "2025-03-05",
        "add_action-description": "Ringde\0 dottern."})

    assert response.status_code == 400
    db.session.expire_all()
    assert case.actions == []


@pytest.mark.parametrize("url", [
    f"/cases/{BIG}", f"/cases/{HUGE}", f"/cases/{BIG}/utredning.pdf",
    f"/cases?efter=2026-01-01~{BIG}", f"/cases?fore=2026-01-01~{HUGE}",
    f"/audit?fore={HUGE}", f"/audit?efter={BIG}", "/audit?fore=-1", "/audit?efter=x",
    f"/reports/snapshots/{BIG}.json", f"/reports/snapshots/{HUGE}/compare",
])
def test_ids_and_page_links_beyond_the_database_answer_404(client, chief, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("path", ["assign", "actions", "feedback", "close", "steps/assess"])
def test_a_post_to_a_case_id_beyond_the_database_answers_404(client, chief, path):
    assert client.post(f"/cases/{BIG}/{path}", data={}).status_code == 404


def test_a_snapshot_year_beyond_the_database_shows_the_list(client, chief):
    assert client.get(f"/reports/snapshots?year={HUGE}").status_code == 200


def test_an_apt_case_id_beyond_the_database_is_a_swedish_field_error(client, org, case):
    response = client.post("/apt/ASP", data={"cases": [str(case.id), HUGE],
                                             "discussed_on": "2025-03-20"})

    assert response.status_code == 400
    assert "Välj ärenden ur listan." in response.get_data(as_text=True)
    db.session.expire_all()
    assert case.apt_pending


def test_a_breach_count_beyond_the_database_is_a_swedish_field_error(client, org, chief):
    breach = factories.case(org, "personuppgiftsincident")
    db.session.commit()

    response = client.post(f"/cases/{breach.id}/steps/record_breach", data={
        "record_breach-version": "1", "record_breach-discovered_at": "2025-03-04T10:00",
        "record_breach-what_happened": "Fel mottagare.", "record_breach-approx_people": BIG})

    assert response.status_code == 400
    assert "Ange ett antal från 0 till 2 147 483 647." in response.get_data(as_text=True)
