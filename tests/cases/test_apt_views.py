"""The APT list: the unit's cases marked for the next APT, printable, recorded all at once."""
from datetime import date

import pytest

from casework.cases import handling
from casework.core.extensions import db
from tests import factories
from tests.pages import inline_scripts


@pytest.fixture
def unit(app_ctx):
    """An enhet with a code for the URLs (``manager`` comes from the conftest)."""
    return factories.node("enhet", "Aspudden hemtjänst", code="ASP")


@pytest.fixture
def agenda(unit, manager):
    cases = [
        factories.case(unit, categories=["bemotande"]),
        factories.case(unit, "avvikelse", date(2025, 3, 2), description="Larmet fungerade inte.",
                       categories=["avv_fysisk_miljo"]),
    ]
    handling.mark_for_apt(cases[0], 1, manager, note="Vi går igenom hur vi möter anhöriga.")
    handling.mark_for_apt(cases[1], 1, manager)
    factories.case(unit, description="Inte markerat.")
    elsewhere = factories.case(factories.node(name="Trekanten"), description="Annan enhet.")
    handling.mark_for_apt(elsewhere, 1, factories.user("enhetschef"))
    db.session.commit()
    return cases


def test_the_list_shows_the_marked_cases_of_the_unit(client, manager, agenda):
    factories.log_in(client, manager)

    response = client.get("/apt/ASP")
    text = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "<h1>APT-lista: Aspudden hemtjänst</h1>" in text
    assert text.index("2025-0002") < text.index("2025-0001")  # oldest first
    assert "Fysisk miljö, utrustning och teknik" in text
    # The handout is for the whole workplace: the handler's text, never the description.
    assert "Vi går igenom hur vi möter anhöriga." in text
    assert "Larmet fungerade inte." not in text and factories.DESCRIPTION not in text
    assert "Ingen text till APT är skriven." in text
    assert '<td data-label="Kategorier">Bemötande</td>' in text
    assert '<td data-label="Inkom">4 mars 2025</td>' in text
    assert "Inte markerat." not in text and "Annan enhet." not in text
    assert text.count('type="checkbox"') == 2 and text.count("checked") == 2
    assert "style=" not in text and not inline_scripts(text)


def test_the_cases_are_recorded_as_taken_up_together(client, manager, agenda):
    factories.log_in(client, manager)

    response = client.post("/apt/ASP", data={
        "cases": [str(case.id) for case in agenda], "discussed_on": "2025-03-20",
    })
    text = client.get(response.location).get_data(as_text=True)

    assert response.status_code == 302 and response.location == "/apt/ASP"
    assert "Registrerat att 2 ärenden togs upp på APT 20 mars 2025." in text
    assert "Inga ärenden är markerade för nästa APT." in text
    assert [(c.apt_pending, c.apt_discussed_on) for c in agenda] == [(False, date(2025, 3, 20))] * 2


def test_a_case_left_unticked_stays_on_the_list(client, manager, agenda):
    factories.log_in(client, manager)

    client.post("/apt/ASP", data={"cases": [str(agenda[0].id)], "discussed_on": "2025-03-20"})

    assert (agenda[0].apt_pending, agenda[1].apt_pending) == (False, True)


def test_errors_are_shown_at_their_field(client, manager, agenda):
    factories.log_in(client, manager)

    response = client.post("/apt/ASP", data={"discussed_on": "2025-03-20"})
    text = response.get_data(as_text=True)

    assert response.status_code == 400
    assert 'id="cases-error"' in text and "Välj minst ett ärende." in text
    assert 'aria-describedby="cases-error"' in text
    response = client.post("/apt/ASP", data={"cases": [str(agenda[0].id)],
                                               "discussed_on": "2025-03-01"})
    assert response.status_code == 400
    assert "Ärende 2025-0001: Datumet kan inte vara före den dag ärendet kom in." in (
        response.get_data(as_text=True)
    )
    assert all(case.apt_pending for case in agenda)


def test_a_case_outside_the_list_is_refused(client, unit, manager, agenda):
    elsewhere = factories.case(factories.node(name="Solberga"))
    handling.mark_for_apt(elsewhere, 1, factories.user("enhetschef"))
    db.session.commit()
    factories.log_in(client, manager)

    response = client.post("/apt/ASP", data={
        "cases": [str(agenda[0].id), str(elsewhere.id)], "discussed_on": "2025-03-20",
    })

    assert response.status_code == 400
    assert "får inte handläggas av dig" in response.get_data(as_text=True)
    assert agenda[0].apt_pending and elsewhere.apt_pending


@pytest.mark.parametrize("who, code", [
    ("bitradande_enhetschef", "FINNS-INTE"),
    ("planerare", "ASP"),
    ("omradeschef", "ASP"),
    ("other_unit", "ASP"),
])
def test_an_unknown_unit_or_one_the_user_may_not_handle_answers_404(client, unit, who, code):
    if who == "other_unit":
        holder = factories.user("bitradande_enhetschef")
    else:
        holder = factories.user(who, unit)
    factories.log_in(client, holder)

    assert client.get(f"/apt/{code}").status_code == 404
    assert client.post(f"/apt/{code}", data={"discussed_on": "2025-03-20"}).status_code == 404


def test_the_handler_writes_the_handouts_text_when_marking_the_case(client, unit, manager):
    case = factories.case(unit, description="Brukaren Anna Andersson föll i badrummet.")
    db.session.commit()
    factories.log_in(client, manager)

    refused = client.post(f"/cases/{case.id}/apt", data={
        "mark_for_apt-version": case.version, "mark_for_apt-note": "Gäller 19121212-1212."})
    assert refused.status_code == 400 and not case.apt_pending
    response = client.post(f"/cases/{case.id}/apt", data={
        "mark_for_apt-version": case.version, "mark_for_apt-note": "  Rutin vid fall.  "})
    assert response.status_code == 302
    text = client.get("/apt/ASP").get_data(as_text=True)
    assert "Rutin vid fall." in text and "Anna Andersson" not in text
