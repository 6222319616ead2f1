"""The case page: who sees what, the handling forms, PRG, form errors and the conflict page."""
import re
from datetime import date, timedelta

import pytest

from casework.cases import handling
from casework.core.clock import local_today
from casework.core.extensions import db
from tests import factories


@pytest.fixture
def complaint(unit):
    case = factories.case(
        unit, by=factories.user("planerare", unit, name="Pia Planerare"),
        description="Morgonbesöket kom två timmar för sent.", source="narstaende",
        channel="telefon", categories=["utebliven_insats", "bemotande"],
        contact="Dottern, 070-000 00 00",
    )
    db.session.commit()
    return case


def page(client, case):
    response = client.get(f"/cases/{case.id}")
    return response.status_code, response.get_data(as_text=True)


def post(client, case, path, **fields):
    step = {"actions": "add_action", "feedback": "record_feedback", "apt": "mark_for_apt",
            "apt/taken-up": "record_apt"}.get(path, path)
    data = {f"{step}-{name}": value for name, value in fields.items()}
    data.setdefault(f"{step}-version", str(case.version))
    return client.post(f"/cases/{case.id}/{path}", data=data)


def test_the_case_page_shows_every_field_in_swedish(client, complaint, manager):
    factories.log_in(client, manager)

    status, text = page(client, complaint)

    assert status == 200
    assert "<h1>Klagomål 2025-0001</h1>" in text
    # On top: the status, the unit, when it came in and who handles it.
    assert '<strong class="tag">Ny</strong>' in text
    for fact in ("Aspudden hemtjänst", "Inkom 4 mars 2025", "Handläggare: ingen ännu"):
        assert f"<span>{fact}</span>" in text, fact
    # Then the facts the case holds, and no row for what it does not.
    for label, value in [
        ("Från vem", "Närstående"), ("Kanal", "Telefon"), ("Registrerad av", "Pia Planerare"),
        ("Beskrivning", "Morgonbesöket kom två timmar för sent."),
        ("Kontaktuppgifter", "Dottern, 070-000 00 00"),
    ]:
        assert re.search(rf"<dt>{label}</dt>\s*<dd[^>]*>{re.escape(value)}</dd>", text), label
    assert "<li>Bemötande</li>" in text and "<li>Utebliven/försenad insats</li>" in text
    assert "<dt>Avslutad</dt>" not in text and "<dt>Sammanfattning</dt>" not in text
    assert "<dd>–</dd>" not in text
    for heading in ("Nästa steg", "Åtgärder och återkoppling", "Historik"):
        assert f">{heading}</h2>" in text
    assert "Registrerade ärendet" in text
    # No inline script or style: the one script is the app's own file (the steps' live count).
    assert "style=" not in text
    assert re.findall(r"<script[^>]*>", text) == [
        '<script src="/static/js/menu.js" defer>',
        '<script src="/static/js/character-count.js" defer>']


def test_category_labels_come_from_the_template_in_force_when_the_case_came_in(
    client, unit, manager
):
    older = factories.case(unit, received_on=date(2024, 5, 2), categories=["utebliven_insats"])
    factories.log_in(client, manager)

    assert "<dd>Utebliven/försenad insats eller aktivitet</dd>" in page(client, older)[1]


def test_category_labels_are_the_intake_forms_short_ones(client, unit, manager):
    """The case page and the form share casework.core.taxonomy.category_labels."""
    case = factories.case(unit, received_on=date(2025, 5, 2),
                          categories=["annat_ej_personal", "information"])
    factories.log_in(client, manager)

    text = page(client, case)[1]
    assert "<li>Annat (ej personal)</li>" in text and "<li>Information</li>" in text
    assert "rapporteringsvyn" not in text


def test_an_anonymous_case_says_so_as_its_source(client, unit, manager):
    case = factories.case(unit, anonymous=True, source=None)
    factories.log_in(client, manager)

    text = page(client, case)[1]
    assert re.search(r"<dt>Från vem</dt>\s*<dd>Anonym</dd>", text)
    assert "<dt>Anonym</dt>" not in text


def test_a_manager_gets_the_forms_the_workflow_allows(client, complaint, manager):
    factories.log_in(client, manager)

    text = page(client, complaint)[1]

    for title in ("Tilldela handläggare", "Lägg till åtgärd", "Registrera återkoppling",
                  "Ta upp på APT"):
        assert f'-title">{title}</span></summary>' in text
    assert "Avsluta ärendet</span></summary>" not in text and "Återöppna" not in text
    assert 'name="add_action-version" type="hidden" value="1"' in text
    assert f'<option selected value="{manager.id}">Bea Biträdande</option>' in text
    assert 'type="date"' in text and f'value="{local_today().isoformat()}"' in text


def test_closing_waits_for_aterkoppling_with_a_hint(client, complaint, manager):
    handling.add_action(complaint, 1, manager, description="Ringde.", taken_on=date(2025, 3, 5))
    db.session.commit()
    factories.log_in(client, manager)

    text = page(client, complaint)[1]

    assert "Återkoppling sker alltid: registrera återkopplingen innan ärendet avslutas." in text
    assert "Avsluta ärendet</span></summary>" not in text


def test_another_units_case_and_a_missing_one_answer_404(client, complaint):
    factories.log_in(client, factories.user("bitradande_enhetschef", name="Annan chef"))

    assert page(client, complaint)[0] == 404
    assert client.get("/cases/999999").status_code == 404
    assert post(client, complaint, "close", summary="x").status_code == 404


def test_a_planner_reads_the_case_but_may_not_handle_it(client, complaint, unit):
    factories.log_in(client, factories.user("planerare", unit))

    status, text = page(client, complaint)
    response = post(client, complaint, "actions", description="x", taken_on="2025-03-05")

    assert status == 200 and "Lägg till åtgärd" not in text and "/assign" not in text
    assert response.status_code == 403
    assert complaint.actions == []


def test_the_staff_member_sees_their_report_its_actions_and_aterkoppling_only(
        client, unit, manager):
    staff = factories.user("medarbetare", unit, name="Mia Medarbetare")
    report = factories.case(unit, "avvikelse", by=staff, description="Larmet fungerade inte.",
                            identified_by="medarbetare")
    handling.add_action(report, 1, manager, description="Internt: bytt larm.",
                        taken_on=date(2025, 3, 5))
    handling.record_feedback(report, 2, manager, given_on=date(2025, 3, 6), method="mote",
                             recipient="Mia Medarbetare",
                             content="Larmet är utbytt och testat varje vecka.")
    db.session.commit()
    factories.log_in(client, staff)

    status, text = page(client, report)

    assert status == 200
    assert "Larmet fungerade inte." in text and "Medarbetare inom den egna verksamheten" in text
    assert "6 mars 2025:</span> Möte till Mia Medarbetare" in text
    assert "Larmet är utbytt och testat varje vecka." in text
    assert "5 mars 2025:</span> <span class=\"facts__text\">Internt: bytt larm." in text
    assert "Historik" not in text
    assert "<form" not in text.replace('<form class="site-user__logout"', "")
    assert post(client, report, "feedback", given_on="2025-03-07").status_code == 403


def test_another_staff_member_does_not_see_the_report(client, unit):
    staff, colleague = factories.user("medarbetare", unit), factories.user("medarbetare", unit)
    report = factories.case(unit, "lex_sarah", by=staff)
    db.session.commit()
    factories.log_in(client, colleague)

    assert page(client, report)[0] == 404


def test_handling_steps_redirect_to_the_page_with_a_confirmation(client, complaint, manager):
    factories.log_in(client, manager)

    response = post(client, complaint, "assign", handler_id=manager.id)
    assert response.status_code == 302 and response.location == f"/cases/{complaint.id}"
    post(client, complaint, "actions", description="Ringde dottern.", taken_on="2025-03-05")
    post(client, complaint, "feedback", given_on="2025-03-06", method="telefon",
         recipient="Dottern", content="Söndagsbesöket är inlagt i schemat.")
    post(client, complaint, "apt")
    post(client, complaint, "apt/taken-up", discussed_on="2025-03-10")
    response = post(client, complaint, "close", summary="Schemat är ändrat.")
    text = client.get(response.location).get_data(as_text=True)

    assert "Ärendet är avslutat." in text
    assert '<strong class="tag tag--closed">Avslutad</strong>' in text
    assert "Togs upp på APT 10 mars 2025." in text
    assert "Schemat är ändrat." in text and "Ringde dottern." in text
    assert "Söndagsbesöket är inlagt i schemat." in text
    assert "Återöppna ärendet</span></summary>" in text
    db.session.refresh(complaint)
    assert complaint.first_action_on == date(2025, 3, 5)
    assert complaint.feedback_on == date(2025, 3, 6)
    assert complaint.version == 7


def test_form_errors_are_shown_at_their_field_and_the_input_is_kept(client, complaint, manager):
    factories.log_in(client, manager)

    response = post(client, complaint, "feedback", given_on="", method="brev",
                    recipient="Dottern")
    text = response.get_data(as_text=True)

    assert response.status_code == 400
    assert 'id="record_feedback-given_on-error"' in text
    assert 'aria-describedby="record_feedback-given_on-error"' in text and "Ange ett datum." in text
    assert 'value="Dottern"' in text and '<option selected value="brev">' in text
    assert "Formuläret innehåller fel" in text and complaint.feedback == []


def test_aterkoppling_without_what_was_said_is_refused_keeping_the_input(client, complaint,
                                                                            manager):
    factories.log_in(client, manager)

    response = post(client, complaint, "feedback", given_on="2025-03-06", method="telefon",
                    recipient="Dottern", content="  ")
    text = response.get_data(as_text=True)

    assert response.status_code == 400
    assert 'id="record_feedback-content-error"' in text and "Beskriv vad som återkopplades." in text
    assert 'value="Dottern"' in text and complaint.feedback == []


def test_a_date_the_rules_refuse_is_shown_at_its_field(client, complaint, manager):
    factories.log_in(client, manager)
    tomorrow = (local_today() + timedelta(days=1)).isoformat()

    response = post(client, complaint, "actions", description="Ringde.", taken_on=tomorrow)
    text = response.get_data(as_text=True)

    assert response.status_code == 400
    assert "Datumet kan inte vara i framtiden." in text and "Ringde.</textarea>" in text
    assert complaint.actions == []


def test_an_illegal_transition_is_refused_with_a_message(client, unit, manager):
    praise = factories.case(unit, "berom")
    handling.close(praise, 1, manager, summary="Framfört.")
    db.session.commit()
    factories.log_in(client, manager)

    response = post(client, praise, "close", summary="Igen.")
    text = response.get_data(as_text=True)

    assert response.status_code == 400
    assert "Ärendet har status Avslutad: det går inte att avsluta ärendet." in text
    assert "Igen." in text  # what was typed is kept
    assert praise.closing_summary == "Framfört." and praise.version == 2


def test_a_stale_version_gets_the_conflict_page_with_the_input_kept(client, complaint, manager):
    factories.log_in(client, manager)
    handling.record_feedback(complaint, 1, manager, given_on=date(2025, 3, 5), method="telefon",
                             recipient="Dottern", content="Vi ser över schemat.")
    other = factories.user("enhetschef", complaint.unit, name="Erik Enhetschef")
    handling.assign_handler(complaint, 2, other, handler_id=other.id)
    db.session.commit()

    response = post(client, complaint, "close", version="2", summary="Ringde dottern.")
    text = response.get_data(as_text=True)

    assert response.status_code == 409
    assert "<h1>Ärendet har ändrats av någon annan</h1>" in text
    assert "<dt>Status</dt><dd>Pågående</dd>" in text
    assert "<dt>Handläggare</dt><dd>Erik Enhetschef</dd>" in text
    assert "Tilldelade ärendet till Erik Enhetschef" in text
    assert "\nRingde dottern.</textarea>" in text
    assert '<input type="hidden" name="close-version" value="3">' in text
    assert complaint.closed_on is None

    again = post(client, complaint, "close", version="3", summary="Ringde dottern.")
    assert again.status_code == 302 and complaint.status == "avslutad"


def test_appends_from_two_tabs_do_not_conflict(client, complaint, manager):
    """Two åtgärder and an återkoppling, each sent from a page opened before the others were
    saved: all are kept, and the first-action date is the earliest action's."""
    factories.log_in(client, manager)
    seen = str(complaint.version)

    first = post(client, complaint, "actions", version=seen, description="Ringde dottern.",
                 taken_on="2025-03-07")
    second = post(client, complaint, "actions", version=seen, description="Mejlade schemat.",
                  taken_on="2025-03-05")
    third = post(client, complaint, "feedback", version=seen, given_on="2025-03-08",
                 method="telefon", recipient="Dottern", content="Besöket är inlagt igen.")

    assert [first.status_code, second.status_code, third.status_code] == [302, 302, 302]
    db.session.expire_all()
    assert sorted(a.description for a in complaint.actions) == ["Mejlade schemat.",
                                                                  "Ringde dottern."]
    assert complaint.first_action_on == date(2025, 3, 5)
    assert complaint.feedback_on == date(2025, 3, 8)


def test_the_case_page_needs_a_login(client, complaint):
    response = client.get(f"/cases/{complaint.id}")

    assert response.status_code == 302 and response.location.startswith("/login")
