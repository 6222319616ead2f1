"""The planner's quick entry (/cases/new) and the staff report (/cases/report)."""
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from casework.access.policy import COMPLAINTS, RULES, Action
from casework.auth.models import Role
from casework.cases.models import Case, CaseType
from casework.cases.submissions import FormSubmission, new_token
from casework.core.addresses import EMAIL_BAD
from casework.core.clock import local_today, utcnow
from casework.core.extensions import db
from casework.core.taxonomy import catalogue
from tests import factories


class Page(HTMLParser):
    """Elements by id, label texts by ``for``, and legend texts by their fieldset's id."""

    def __init__(self, html: str):
        super().__init__()
        self.by_id: dict[str, tuple[str, dict]] = {}
        self.labels: dict[str, str] = {}
        self.legends: dict[str, str] = {}
        self._fieldsets: list[str | None] = []
        self._collecting: tuple[str, dict, list[str]] | None = None
        self._hidden: list[str] = []  # open aria-hidden elements, whose text is not read out
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.by_id[attrs["id"]] = (tag, attrs)
        if tag == "fieldset":
            self._fieldsets.append(attrs.get("id"))
        if tag in ("label", "legend"):
            self._collecting = (tag, attrs, [])
        if attrs.get("aria-hidden") == "true":
            self._hidden.append(tag)

    def handle_endtag(self, tag):
        if self._hidden and self._hidden[-1] == tag:
            self._hidden.pop()
        elif tag == "fieldset":
            self._fieldsets.pop()
        elif self._collecting and tag == self._collecting[0]:
            _, attrs, parts = self._collecting
            text = " ".join("".join(parts).split())
            if tag == "label":
                self.labels[attrs["for"]] = text
            else:
                self.legends[self._fieldsets[-1]] = text
            self._collecting = None

    def handle_data(self, data):
        if self._collecting and not self._hidden:
            self._collecting[2].append(data)

    def labelled(self, text: str) -> tuple[str, dict]:
        """The element that the label reading ``text`` is tied to."""
        ids = [for_ for for_, label in self.labels.items() if label == text]
        assert len(ids) == 1, f"{len(ids)} labels read {text!r}"
        return self.by_id[ids[0]]


@pytest.fixture
def planner(unit, client):
    user = factories.user("planerare", unit, name="Pia Planerare")
    factories.log_in(client, user)
    return user


@pytest.fixture
def staff(unit, client):
    user = factories.user("medarbetare", unit, name="Mats Medarbetare")
    factories.log_in(client, user)
    return user


def complaint(**fields) -> dict:
    return {
        "submission": new_token(), "type": "klagomal", "received_on": local_today().isoformat(), "source": "narstaende",
        "categories": ["bemotande", "utebliven_insats"],
        "description": "Morgonbesöket kom två timmar för sent.", "contact": "070-123 45 67",
    } | fields


def deviation(**fields) -> dict:
    return {
        "submission": new_token(), "type": "avvikelse", "description": "Larmet var urkopplat vid besöket.",
        "occurred_on": (local_today() - timedelta(days=1)).isoformat(),
        "identified_by": "medarbetare", "categories": ["avv_utforande"],
        "concerns": "egen_verksamhet", "immediate_measures": "Larmet kopplades in.",
    } | fields


def cases() -> list[Case]:
    return list(db.session.scalars(sa.select(Case).order_by(Case.id)))


def text(response) -> str:
    return response.get_data(as_text=True)


# The quick entry

def test_quick_entry_labels_every_field_and_starts_in_the_type(client, planner, unit):
    html = text(client.get("/cases/new"))
    page = Page(html)

    assert page.legends["type"] == "Typ"
    radios = [page.labelled(label) for label in ("Klagomål", "Synpunkt", "Beröm")]
    assert [(tag, a["type"], a["value"]) for tag, a in radios] == [
        ("input", "radio", "klagomal"), ("input", "radio", "synpunkt"), ("input", "radio", "berom")]
    assert [a["aria-keyshortcuts"] for _, a in radios] == ["K", "S", "B"]
    assert "autofocus" in radios[0][1]
    assert page.labelled("Inkom") == ("input", page.by_id["received_on"][1])
    received = page.by_id["received_on"][1]
    assert (received["type"], received["value"]) == ("text", local_today().isoformat())
    assert received["aria-describedby"] == "received_on-hint received_on-reads"
    assert page.by_id["received_on-reads"][1]["aria-live"] == "polite"
    unit_box = page.labelled("Enhet")[1]
    assert (unit_box["value"], unit_box["tabindex"], "readonly" in unit_box) == (
        "Aspudden hemtjänst", "-1", True)
    assert page.labelled("Från vem")[0] == "select"
    assert page.legends["categories"] == "Kategori"
    assert page.labelled("Bemötande")[1]["type"] == "checkbox"
    assert page.labelled("Sök kategori")[1]["type"] == "search"
    assert page.labelled("Beskrivning")[0] == "textarea"
    assert "Anonym" not in page.labels.values()  # a source, not a box of its own
    assert page.labelled("Kontaktuppgifter")[1]["aria-describedby"] == "contact-hint contact-limit"
    assert page.by_id["contact-hint"][0] == "p"
    assert "för återkoppling; ange inte personnummer" in html
    assert '<button type="submit" class="button"' in html and ">Spara</button>" in html
    assert 'src="/static/js/quick-entry.js" defer' in html and "style=" not in html


def test_categories_are_labelled_for_people(client, planner):
    """The short label, the section in short only for the two 2025 "Annat", the template's
    examples muted beside the label, no instructions to the report writer."""
    page = Page(text(client.get("/cases/new?received_on=2025-05-02")))
    labels = {page.by_id[for_][1].get("value"): label for for_, label in page.labels.items()
              if for_.startswith("categories-")}
    assert labels["annat_ej_personal"] == "Annat (ej personal)"
    assert labels["annat"] == "Annat (personal)"
    assert labels["utebliven_insats"] == "Utebliven/försenad insats"
    assert labels["information"] == "Information (utebliven info, obegriplig etc)"
    assert not any(">" in label or "rapporteringsvyn" in label for label in labels.values())


def test_chosen_categories_have_a_place_for_chips_only_the_script_fills(client, planner):
    html = text(client.get("/cases/new"))
    assert '<ul class="chips" data-chips hidden aria-label="Valda"></ul>' in html
    assert 'data-label="Utebliven/försenad insats"' in html


def test_the_category_filter_is_shown_only_by_the_script(client, planner):
    html = text(client.get("/cases/new"))
    assert '<div class="choice-filter" data-filter hidden>' in html


def test_saving_registers_the_case_and_shows_an_empty_form_with_the_number(
        client, planner, unit):
    response = client.post("/cases/new", data=complaint())

    assert response.status_code == 302 and response.headers["Location"] == "/cases/new"
    [case] = cases()
    assert case.type is CaseType.KLAGOMAL and case.status == "ny"
    assert case.registered_by_id == planner.id and case.unit_id == unit.id
    assert case.received_on == local_today() and case.source == "narstaende"
    assert case.categories == ["bemotande", "utebliven_insats"]
    assert case.contact == "070-123 45 67" and case.anonymous is False
    assert case.contact_email is None


def test_an_address_for_the_answer_is_kept_in_lower_case_and_shown_on_the_case(
        client, planner, unit):
    client.post("/cases/new", data=complaint(contact_email=" Anna.B@Example.SE "))
    [case] = cases()
    assert case.contact_email == "anna.b@example.se"
    assert "<dt>E-post för svar</dt><dd class=\"facts__text\">anna.b@example.se</dd>" in text(
        client.get(f"/cases/{case.id}"))

    html = text(client.get("/cases/new"))
    assert '<div class="confirmation" role="status">' in html
    assert f'<p>Ärendet <a href="/cases/{case.id}">{case.number}</a> är registrerat.</p>' in html
    assert "checked" not in html and "Morgonbesöket" not in html
    assert "autofocus" in html
    assert 'class="confirmation"' not in text(client.get("/cases/new"))  # shown once


def test_a_form_sent_twice_registers_one_case_and_confirms_it_twice(client, planner):
    data = complaint()

    first = client.post("/cases/new", data=data)
    confirmed_first = text(client.get("/cases/new"))
    second = client.post("/cases/new", data=data)
    confirmed_second = text(client.get("/cases/new"))

    [case] = cases()
    assert first.status_code == second.status_code == 302
    confirmation = f'<p>Ärendet <a href="/cases/{case.id}">{case.number}</a> är registrerat.</p>'
    assert confirmation in confirmed_first and confirmation in confirmed_second


def test_sign_in_forgets_the_users_claims_older_than_a_day_and_keeps_the_others(
        client, planner, unit):
    """Old claims go at sign-in (a form older than a day belongs to an ended session, whose
    CSRF token no longer passes), so that a submission does not delete them each time."""
    kept, old = complaint(), complaint()
    client.post("/cases/new", data=kept)
    client.post("/cases/new", data=old)
    other = factories.user("planerare", unit)
    other_claim = FormSubmission(token=new_token(), user_id=other.id,
                                 created_at=utcnow() - timedelta(days=2))
    db.session.add(other_claim)
    db.session.get(FormSubmission, old["submission"]).created_at = utcnow() - timedelta(days=2)
    db.session.commit()

    client.post("/logout")
    assert client.post("/login", data={"email": planner.email,
                                       "password": factories.PASSWORD}).status_code == 302

    db.session.expire_all()
    assert db.session.get(FormSubmission, old["submission"]) is None
    assert db.session.get(FormSubmission, kept["submission"]) is not None
    assert db.session.get(FormSubmission, other_claim.token) is not None  # not theirs to prune
    assert client.post("/cases/new", data=kept).status_code == 302
    assert len(cases()) == 2  # the recent claim still guards its form


def test_a_form_without_its_token_is_refused_and_keeps_the_input(client, planner):
    html = text(client.post("/cases/new", data=complaint(submission="")))

    assert cases() == []
    assert "Ladda om sidan och försök igen." in html and "Morgonbesöket" in html


def test_another_users_token_gets_no_case_of_theirs(client, planner, unit):
    data = complaint()
    client.post("/cases/new", data=data)
    client.get("/cases/new")  # the confirmation, shown once
    factories.log_in(client, factories.user("planerare", unit))

    html = text(client.post("/cases/new", data=data | {"description": "Annat samtal."}))

    assert len(cases()) == 1 and "Ladda om sidan" in html
    assert cases()[0].number not in html


def test_anonymity_is_the_source_anonym_and_nothing_else(client, planner):
    """One place for it: the source "Anonym". A stray ``anonymous`` field (the box the form
    had) is ignored, so it cannot make a case with a sender anonymous."""
    client.post("/cases/new", data=complaint(source="anonym", contact=""))
    client.post("/cases/new", data=complaint(anonymous="y"))
    html = text(client.post("/cases/new", data=complaint(source="", anonymous="y")))

    assert [(c.anonymous, c.source, c.contact) for c in cases()] == [
        (True, None, None), (False, "narstaende", "070-123 45 67")]
    assert "Välj från vem ärendet kom, eller Anonym." in html


def test_praise_needs_neither_description_nor_source(client, planner):
    response = client.post("/cases/new", data={
        "submission": new_token(), "type": "berom", "received_on": local_today().isoformat()})

    assert response.status_code == 302
    [case] = cases()
    assert (case.type, case.description, case.categories) == (CaseType.BEROM, "", [])


@pytest.mark.parametrize("fields, field, message", [
    ({"type": ""}, "type", "Välj typ."),
    ({"type": "avvikelse"}, "type", "Välj typ."),
    ({"source": ""}, "source", "Välj från vem ärendet kom, eller Anonym."),
    ({"categories": []}, "categories", "Välj minst en kategori."),
    ({"description": "  "}, "description", "Skriv vad ärendet gäller."),
    ({"type": "synpunkt", "description": ""}, "description", "Skriv vad ärendet gäller."),
    ({"type": "berom"}, "categories", "Beröm registreras utan kategori."),
    ({"received_on": ""}, "received_on", "Ange när ärendet kom in."),
    ({"received_on": "i övermorgon"}, "received_on",
     "Skriv datumet som 2025-03-14, 14/3, 14/3 2025, idag eller igår."),
    ({"received_on": "31/2"}, "received_on",
     "Det datumet finns inte. Skriv till exempel 14/3 eller 2025-03-14."),
    ({"received_on": "x" * 10_000}, "received_on",
     "Skriv datumet som 2025-03-14, 14/3, 14/3 2025, idag eller igår."),
    ({"received_on": "0001-01-01"}, "received_on", "Datumet kan inte vara före 2000-01-01."),
    ({"received_on": "9999-12-31"}, "received_on", "Datumet kan inte vara senare än i dag."),
    ({"contact": "Anna 19121212-1212"}, "contact", "Skriv inte personnummer här."),
    ({"description": "Gäller 121212 1212."}, "description", "Skriv inte personnummer här."),
    ({"contact_email": "anna@"}, "contact_email", EMAIL_BAD),
    ({"contact_email": "a" * 250 + "@x.se"}, "contact_email",
     "Texten får vara högst 254 tecken; den här har 255."),
])
def test_errors_are_swedish_next_to_the_field_and_keep_the_input(
        client, planner, fields, field, message):
    data = complaint(**fields)
    html = text(client.post("/cases/new", data=data))

    assert cases() == []
    assert f'id="{field}-error"><span class="visually-hidden">Fel: </span>{message}</p>' in html
    assert f'<li><a href="#{field}">{message}</a></li>' in html
    assert 'class="error-summary" role="alert"' in html
    for key in data["categories"]:
        assert f'value="{key}" checked>' in html
    assert (data["description"] or "") in html and (data["contact"] or "") in html


@pytest.mark.parametrize(("said", "days_ago"), [
    ("idag", 0), ("igår", 1), ("i går", 1), ("i förrgår", 2)])
def test_the_received_day_is_typed_as_it_is_said(client, planner, said, days_ago):
    assert client.post("/cases/new", data=complaint(received_on=said)).status_code == 302
    [case] = cases()
    assert case.received_on == local_today() - timedelta(days=days_ago)


def test_a_day_and_month_is_this_year_and_iso_and_dots_are_taken(client, planner):
    today = local_today()
    first = date(today.year, 1, 1)
    client.post("/cases/new", data=complaint(received_on="1/1"))
    client.post("/cases/new", data=complaint(received_on=f"1.1.{today.year - 1}"))
    client.post("/cases/new", data=complaint(received_on=f"14/3 {today.year - 1}"))
    assert [c.received_on for c in cases()] == [
        first, first.replace(year=today.year - 1), date(today.year - 1, 3, 14)]


@pytest.mark.parametrize("typed", ["31/2", "i övermorgon", "x" * 10_000, "0001-01-01"])
def test_a_refused_day_keeps_what_was_typed(client, planner, typed):
    html = text(client.post("/cases/new", data=complaint(received_on=typed)))
    assert cases() == [] and f'value="{typed}"' in html
    assert 'aria-describedby="received_on-hint received_on-error received_on-reads"' in html


def test_a_nul_in_the_day_is_refused_before_any_view(client, planner):
    """The app's input guard (casework.web.input_guard) answers it, as for every field."""
    assert client.post("/cases/new", data=complaint(received_on="idag\x00")).status_code == 400
    assert cases() == []


def test_a_future_received_date_is_refused(client, planner):
    tomorrow = (local_today() + timedelta(days=1)).isoformat()
    html = text(client.post("/cases/new", data=complaint(received_on=tomorrow)))

    assert "Datumet kan inte vara senare än i dag." in html
    assert f'value="{tomorrow}"' in html and cases() == []


def test_categories_and_sources_come_from_the_template_of_the_received_year(client, planner):
    data = complaint(received_on="2024-05-02", categories=["annat_ej_personal", "mat"],
                     source="tillsynsmyndighet")
    html = text(client.post("/cases/new", data=data))

    assert "Välj kategorier från mallen för 2024." in html
    assert "Välj från vem ur mallen för 2024." in html
    assert "Mat och måltider" in html and 'value="mat" checked>' in html  # the 2024 list
    assert '<option value="anonym">Anonym</option>' in html  # added where the template lacks it
    assert cases() == []

    client.post("/cases/new", data=data | {"categories": ["mat"], "source": "anonym"})
    [case] = cases()
    assert (case.received_on, case.categories, case.anonymous) == (date(2024, 5, 2), ["mat"], True)


def test_fields_the_form_does_not_offer_cannot_be_set(client, planner, unit):
    other = factories.user("bitradande_enhetschef", unit)
    client.post("/cases/new", data=complaint(
        status="avslutad", handler_id=other.id, handler=other.id, registered_by_id=other.id,
        registered_by=other.id, number="1999-0001", closed_on="2025-01-01", apt_pending="y"))

    [case] = cases()
    assert (case.status, case.handler_id, case.registered_by_id) == ("ny", None, planner.id)
    assert case.number != "1999-0001" and case.closed_on is None and case.apt_pending is False


def test_a_planner_cannot_register_in_another_unit(client, planner):
    elsewhere = factories.node("enhet", "Trekanten hemtjänst")
    html = text(client.post("/cases/new", data=complaint(unit=str(elsewhere.id))))

    assert "Välj en av dina enheter." in html
    assert cases() == []


def test_a_user_with_several_units_chooses_one(client, unit):
    second = factories.node("enhet", "Trekanten hemtjänst", unit.parent)
    chief = factories.user("enhetschef", unit.parent)
    factories.log_in(client, chief)

    page = Page(text(client.get("/cases/new")))
    assert page.labelled("Enhet")[0] == "select"
    client.post("/cases/new", data=complaint(unit=str(second.id)))
    assert [c.unit_id for c in cases()] == [second.id]


def test_the_policy_decides_each_type_in_each_unit(client, planner, monkeypatch):
    rules = {Action.VIEW: COMPLAINTS, Action.CREATE: frozenset({CaseType.BEROM})}
    monkeypatch.setitem(RULES, Role.PLANERARE, rules)

    html = text(client.post("/cases/new", data=complaint()))

    assert "Du får inte registrera den typen av ärende i Aspudden hemtjänst." in html
    assert cases() == []


@pytest.mark.parametrize("role", ["medarbetare", "omradeschef", "mas", "admin"])
def test_only_those_who_may_create_complaints_reach_the_quick_entry(client, unit, role):
    factories.log_in(client, factories.user(role, unit))

    assert client.get("/cases/new").status_code == 403
    assert client.post("/cases/new", data=complaint()).status_code == 403
    assert cases() == []


def test_signed_out_users_are_sent_to_log_in(client):
    response = client.get("/cases/new")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


# The staff report

def test_the_staff_report_labels_its_fields(client, staff):
    page = Page(text(client.get("/cases/report")))

    assert page.legends["type"] == "Typ"
    assert page.labelled("Avvikelse")[1]["value"] == "avvikelse"
    assert page.labelled("Lex Sarah-rapport")[1]["value"] == "lex_sarah"
    assert page.labelled("Enhet")[1]["value"] == "Aspudden hemtjänst"
    assert page.labelled("Vad hände?")[0] == "textarea"
    assert page.labelled("När hände det?")[1]["type"] == "date"
    assert page.legends["identified_by"] == "Vem har identifierat avvikelsen?"
    assert page.labelled("Medarbetare inom den egna verksamheten")[1]["value"] == "medarbetare"
    assert page.labelled("Extern samverkanspart")[1]["value"] == "extern"
    assert page.legends["categories"] == "Vad gäller avvikelsen?"
    assert page.labelled("Utförande av insats")[1]["value"] == "avv_utforande"
    assert page.legends["concerns"] == "Vem avser avvikelsen?"
    assert page.labelled("Den egna verksamheten")[1]["value"] == "egen_verksamhet"
    assert page.labelled("Omedelbara åtgärder")[0] == "textarea"
    assert page.by_id["identified_by"][1]["data-types"] == "avvikelse"


def test_a_staff_member_files_a_deviation(client, staff, unit):
    response = client.post("/cases/report", data=deviation())

    assert response.status_code == 302 and response.headers["Location"] == "/cases/report"
    [case] = cases()
    assert (case.type, case.status, case.unit_id) == (CaseType.AVVIKELSE, "ny", unit.id)
    assert case.registered_by_id == staff.id and case.received_on == local_today()
    assert case.occurred_on == local_today() - timedelta(days=1)
    assert (case.identified_by, case.concerns) == ("medarbetare", "egen_verksamhet")
    assert case.categories == ["avv_utforande"]
    assert case.immediate_measures == "Larmet kopplades in."

    html = text(client.get("/cases/report"))
    assert f'Rapporten <a href="/cases/{case.id}">{case.number}</a> är registrerad.' in html


def test_a_staff_member_files_a_lex_sarah_report(client, staff):
    client.post("/cases/report", data={
        "submission": new_token(), "type": "lex_sarah", "description": "En brukare lämnades ensam trots dubbelbemanning.",
        "occurred_on": local_today().isoformat(), "immediate_measures": "Dubbelbemanning ordnad.",
    })

    [case] = cases()
    assert (case.type, case.registered_by_id) == (CaseType.LEX_SARAH, staff.id)
    assert case.immediate_measures == "Dubbelbemanning ordnad." and case.categories == []


@pytest.mark.parametrize("fields, field, message", [
    ({"identified_by": ""}, "identified_by", "Välj vem som har identifierat avvikelsen."),
    ({"identified_by": "chefen"}, "identified_by", "Välj ett av alternativen."),
    ({"concerns": ""}, "concerns", "Välj vem avvikelsen avser."),
    ({"categories": []}, "categories", "Välj minst en kategori."),
    ({"categories": ["bemotande"]}, "categories", "Välj kategorier från mallen för {year}."),
    ({"type": "lex_sarah"}, "categories", "Lex Sarah registreras utan kategori."),
    ({"type": "klagomal"}, "type", "Välj typ."),
    ({"description": ""}, "description", "Beskriv vad som hände."),
    ({"occurred_on": ""}, "occurred_on", "Ange när det hände."),
    ({"occurred_on": "2999-01-01"}, "occurred_on", "Datumet kan inte vara senare än i dag."),
])
def test_staff_report_errors_keep_the_input(client, staff, fields, field, message):
    data = deviation(**fields)
    html = text(client.post("/cases/report", data=data))
    message = message.format(year=catalogue().template_for(local_today().year).year)

    assert cases() == []
    assert f'id="{field}-error"><span class="visually-hidden">Fel: </span>{message}</p>' in html
    assert data["description"] in html and data["immediate_measures"] in html


def test_planners_do_not_file_staff_reports(client, planner):
    assert client.get("/cases/report").status_code == 403
