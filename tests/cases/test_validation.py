"""The one case validator: the pure function on its own, and every way in refusing the same bad
drafts for the same reasons: ``validate``, ``create_case``, the intake forms, the CSV import and
the bulk path."""
import csv
import html
import re
from dataclasses import replace
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from casework.cases.forms import QUICK_TYPES
from casework.cases.importer import COLUMNS
from casework.cases.models import Case
from casework.cases.services import bulk_insert_cases, create_case
from casework.cases.submissions import new_token
from casework.cases.validation import (
    AFTER_RECEIVED,
    ANONYMOUS_WITH_SOURCE,
    CATEGORY_MISSING,
    CHOOSE_ONE,
    CHOOSE_TYPE,
    IN_FUTURE,
    NOT_AN_ENHET,
    RECEIVED_MISSING,
    SOURCE_MISSING,
    TOO_EARLY,
    Draft,
    validate,
)
from casework.core.clock import local_today
from casework.core.errors import FieldError, InvalidFields
from casework.core.extensions import db
from casework.core.taxonomy import catalogue, load_catalogue
from config.settings import CONFIG_DIR
from tests import factories

# The pure function


TODAY = date(2025, 6, 2)
UNIT = 7
COMPLAINT = Draft(type="klagomal", unit_id=UNIT, received_on=date(2025, 3, 4),
                  description="Morgonbesöket kom för sent.", source="narstaende",
                  categories=("bemotande",))
DEVIATION = Draft(type="avvikelse", unit_id=UNIT, received_on=date(2025, 3, 4),
                  occurred_on=date(2025, 3, 3), description="Larmet var urkopplat.",
                  identified_by="medarbetare", concerns="egen_verksamhet",
                  categories=("avv_utforande",))


@pytest.fixture(scope="module")
def terms():
    return load_catalogue(CONFIG_DIR)


def reasons(terms, draft: Draft, today: date = TODAY) -> list[tuple[str, str]]:
    return [(e.field, e.message) for e in validate(draft, terms, enheter={UNIT}, today=today)]


def test_good_drafts_of_every_type_pass(terms):
    praise = Draft(type="berom", unit_id=UNIT, received_on=TODAY)
    reports = [Draft(type=kind, unit_id=UNIT, received_on=TODAY, description="Fel läkemedel.")
               for kind in ("lex_sarah", "lex_maria", "personuppgiftsincident")]
    anonymous = replace(COMPLAINT, source=None, anonymous=True, contact="070-123 45 67")
    for draft in (COMPLAINT, DEVIATION, praise, anonymous, *reports):
        assert reasons(terms, draft) == [], draft.type


def test_every_reason_is_given_at_once_in_a_fixed_order(terms):
    draft = Draft(type="klagomal", unit_id=UNIT + 1, received_on=TODAY + timedelta(days=1),
                  channel="fax")
    assert reasons(terms, draft) == [
        ("unit", NOT_AN_ENHET), ("received_on", IN_FUTURE), ("channel", CHOOSE_ONE),
        ("source", SOURCE_MISSING), ("categories", CATEGORY_MISSING),
        ("description", "Skriv vad ärendet gäller."),
    ]


@pytest.mark.parametrize("draft, expected", [
    (replace(COMPLAINT, type="klagomål"), [("type", CHOOSE_TYPE)]),
    (replace(COMPLAINT, type=None, received_on=None),
     [("type", CHOOSE_TYPE), ("received_on", RECEIVED_MISSING)]),
    (replace(COMPLAINT, received_on=date(1999, 12, 31)), [("received_on", TOO_EARLY)]),
    (replace(DEVIATION, occurred_on=date(2025, 3, 5)), [("occurred_on", AFTER_RECEIVED)]),
    (replace(DEVIATION, occurred_on=TODAY + timedelta(days=1)), [("occurred_on", IN_FUTURE)]),
    (replace(COMPLAINT, source="granne"), [("source", "Välj från vem ur mallen för 2025.")]),
    # 2024's template has no Tillsynsmyndighet, 2025's no Mat och måltider.
    (replace(COMPLAINT, received_on=date(2024, 5, 2), source="tillsynsmyndighet"),
     [("source", "Välj från vem ur mallen för 2024.")]),
    (replace(COMPLAINT, categories=("bemotande", "mat")),
     [("categories", "Välj kategorier från mallen för 2025.")]),
    (replace(COMPLAINT, categories=("avv_utforande",)),
     [("categories", "Välj kategorier från mallen för 2025.")]),
    (Draft(type="berom", unit_id=UNIT, received_on=TODAY, categories=("bemotande",)),
     [("categories", "Beröm registreras utan kategori.")]),
    (replace(DEVIATION, identified_by=None, concerns=None, description=" "), [
        ("identified_by", "Välj vem som har identifierat avvikelsen."),
        ("concerns", "Välj vem avvikelsen avser."), ("description", "Beskriv vad som hände.")]),
    (replace(DEVIATION, identified_by="chefen", concerns="alla"),
     [("identified_by", CHOOSE_ONE), ("concerns", CHOOSE_ONE)]),
])
def test_each_rule_names_its_field(terms, draft, expected):
    assert reasons(terms, draft) == expected


def test_what_a_type_needs_comes_from_the_template_of_the_received_year(terms):
    # 2023 counts avvikelser by whom they concern nowhere, so none is needed.
    old = replace(DEVIATION, received_on=date(2023, 5, 2), occurred_on=None, concerns=None)
    assert reasons(terms, old) == []
    assert reasons(terms, replace(old, received_on=date(2024, 5, 2))) == [
        ("concerns", "Välj vem avvikelsen avser.")]
    # Without a received date the template in force today decides, as the form shows it.
    assert reasons(terms, replace(COMPLAINT, received_on=None, categories=("mat",))) == [
        ("received_on", RECEIVED_MISSING),
        ("categories", "Välj kategorier från mallen för 2025.")]


def test_the_anonymous_source_of_a_person_means_an_anonymous_case_without_a_source(terms):
    entered = Draft.entered(type="klagomal", unit_id=UNIT, received_on=TODAY, source="anonym",
                            categories=["bemotande"], description="Sent.")
    assert (entered.source, entered.anonymous) == (None, True)
    assert reasons(terms, entered) == []
    # Stored values (the bulk path's) never hold it: it is not a source.
    assert reasons(terms, replace(entered, source="anonym", anonymous=False)) == [
        ("source", "Välj från vem ur mallen för 2025.")]


def test_an_anonymous_case_names_no_source(terms):
    """Anonymity is the source "Anonym", so a way in that says both is refused at the source
    rather than storing a sender the report would never count."""
    draft = replace(COMPLAINT, anonymous=True, source="narstaende")
    assert reasons(terms, draft) == [("source", ANONYMOUS_WITH_SOURCE)]
    assert reasons(terms, replace(draft, source=None)) == []


def test_a_row_of_the_bulk_path_holds_more_than_the_draft(terms):
    row = {"type": "berom", "unit_id": UNIT, "received_on": TODAY, "status": "avslutad",
           "events": []}
    assert Draft.of(row) == Draft(type="berom", unit_id=UNIT, received_on=TODAY)


# Every way in: the same bad drafts, the same reasons


#: A good draft of each type the cases below start from (received today unless they say).
GOOD = {
    "klagomal": {"source": "narstaende", "categories": ["bemotande"],
                 "description": "Morgonbesöket kom för sent."},
    "synpunkt": {"source": "brukare", "categories": ["fraga_ide"],
                 "description": "Kan besöken komma före nio?"},
    "berom": {},
    "avvikelse": {"identified_by": "medarbetare", "concerns": "egen_verksamhet",
                  "categories": ["avv_utforande"], "description": "Larmet var urkopplat."},
    "lex_sarah": {"description": "Brukaren lämnades ensam."},
}
#: Stands for the year of the template in force today.
THIS_YEAR = "Välj kategorier från mallen för {year}."
FORM, CSV = "form", "csv"  # ways in that cannot say all a draft can
TOMORROW = "tomorrow"  # a date, known once the app's clock is

#: (name, type, changes to the good draft, expected reasons, ways in that cannot express it)
BAD = [
    ("klagomål without a category", "klagomal", {"categories": []},
     [("categories", CATEGORY_MISSING)], ()),
    ("klagomål from no one", "klagomal", {"source": None}, [("source", SOURCE_MISSING)], ()),
    ("synpunkt of another year's category", "synpunkt", {"categories": ["mat"]},
     [("categories", THIS_YEAR)], ()),
    ("klagomål of an avvikelse category", "klagomal", {"categories": ["avv_utforande"]},
     [("categories", THIS_YEAR)], ()),
    ("2024 klagomål from a source of 2025", "klagomal",
     {"received_on": date(2024, 5, 2), "source": "tillsynsmyndighet"},
     [("source", "Välj från vem ur mallen för 2024.")], ()),
    ("beröm with a category", "berom", {"categories": ["bemotande"]},
     [("categories", "Beröm registreras utan kategori.")], ()),
    ("lex Sarah with a category", "lex_sarah", {"categories": ["avv_utforande"]},
     [("categories", "Lex Sarah registreras utan kategori.")], ()),
    ("klagomål received tomorrow", "klagomal",
     {"received_on": TOMORROW}, [("received_on", IN_FUTURE)], ()),
    ("klagomål received before 2000", "klagomal", {"received_on": date(1999, 12, 31)},
     [("received_on", TOO_EARLY)], ()),
    ("avvikelse that happens tomorrow", "avvikelse",
     {"occurred_on": TOMORROW}, [("occurred_on", IN_FUTURE)], (CSV,)),
    ("avvikelse that happened after it came in", "avvikelse",
     {"received_on": date(2025, 3, 4), "occurred_on": date(2025, 3, 5)},
     [("occurred_on", AFTER_RECEIVED)], (FORM, CSV)),
    ("avvikelse without who identified it or whom it concerns", "avvikelse",
     {"identified_by": None, "concerns": None},
     [("identified_by", "Välj vem som har identifierat avvikelsen."),
      ("concerns", "Välj vem avvikelsen avser.")], ()),
    ("avvikelse without a description", "avvikelse", {"description": ""},
     [("description", "Beskriv vad som hände.")], ()),
    ("klagomål of nothing from no one", "klagomal",
     {"source": None, "categories": [], "description": ""},
     [("source", SOURCE_MISSING), ("categories", CATEGORY_MISSING),
      ("description", "Skriv vad ärendet gäller.")], ()),
    # The forms offer only the user's own enheter: another node is their own refusal.
    ("klagomål of an område", "klagomal", {"unit": "omrade"}, [("unit", NOT_AN_ENHET)], (FORM,)),
]


def bad(way_in: str | None = None):
    """The cases of BAD that ``way_in`` can express."""
    return [pytest.param(kind, changes, expected, id=name)
            for name, kind, changes, expected, excluded in BAD if way_in not in excluded]


def in_force(expected):
    """The reasons, with the year of the template in force today in them."""
    year = catalogue().template_for(local_today().year).year
    return [(field, message.format(year=year)) for field, message in expected]


@pytest.fixture
def org(app_ctx):
    omrade = factories.node("omrade", "Hemtjänst Hägersten", code="VAL-O")
    return {"omrade": omrade, "enhet": factories.node("enhet", "Aspudden hemtjänst", omrade,
                                                      code="VAL-ASP")}


def draft_of(org, kind: str, changes: dict) -> dict:
    """``create_case``'s arguments (but who registers it) for the case."""
    fields = {"type": kind, "unit": "enhet", "received_on": local_today()} | GOOD[kind] | changes
    tomorrow = local_today() + timedelta(days=1)
    fields = {name: tomorrow if value == TOMORROW else value for name, value in fields.items()}
    return {"unit_id": org[fields.pop("unit")].id} | fields


def errors_of(error: InvalidFields) -> list[tuple[str, str]]:
    return [(e.field, e.message) for e in error.errors]


def no_cases() -> bool:
    return db.session.scalar(sa.select(sa.func.count(Case.id))) == 0


@pytest.mark.parametrize("kind, changes, expected", bad())
def test_validate_refuses_the_bad_drafts(org, kind, changes, expected):
    draft = Draft.entered(**draft_of(org, kind, changes))
    found = validate(draft, catalogue(), enheter={org["enhet"].id}, today=local_today())
    assert [(e.field, e.message) for e in found] == in_force(expected)


@pytest.mark.parametrize("kind, changes, expected", bad())
def test_create_case_refuses_the_bad_drafts(org, kind, changes, expected):
    with pytest.raises(InvalidFields) as refused:
        create_case(**draft_of(org, kind, changes), registered_by_id=None)
    assert errors_of(refused.value) == in_force(expected) and no_cases()


@pytest.mark.parametrize("kind, changes, expected", bad())
def test_the_bulk_path_refuses_the_bad_drafts(org, kind, changes, expected):
    good = draft_of(org, "berom", {})
    with pytest.raises(InvalidFields, match="^row 2: ") as refused:
        bulk_insert_cases([good, draft_of(org, kind, changes)])
    assert errors_of(refused.value) == in_force(expected) and no_cases()


def csv_row(org, kind: str, changes: dict) -> dict[str, str]:
    """The case as a register keeps it: keys for labels (the importer takes either)."""
    fields = draft_of(org, kind, changes)
    unit = next(node for node in org.values() if node.id == fields["unit_id"])
    text = {name: fields.get(name) or "" for name in
            ("source", "identified_by", "concerns", "description")}
    return text | {"unit": unit.code, "type": kind,
                   "received_on": fields["received_on"].isoformat(),
                   "categories": ";".join(fields.get("categories", ()))}


@pytest.mark.parametrize("kind, changes, expected", bad(CSV))
def test_the_csv_import_refuses_the_bad_drafts_on_their_line(cli, org, tmp_path, kind, changes,
                                                              expected):
    path = tmp_path / "cases.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(COLUMNS)
        for row in (csv_row(org, "berom", {}), csv_row(org, kind, changes)):
            writer.writerow([row.get(column, "") for column in COLUMNS])

    result = cli.invoke(args=["cases", "import", str(path)])

    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if line.startswith("line ")] == [
        f"line 3: {field}: {message}" for field, message in in_force(expected)]
    assert no_cases()


def form_post(org, kind: str, changes: dict) -> tuple[str, dict]:
    """The intake page for the case's type, and what its form sends."""
    fields = draft_of(org, kind, changes)
    data = {"submission": new_token(), "type": kind, "unit": str(fields["unit_id"]),
            "categories": fields.get("categories", []),
            "description": fields.get("description", "")}
    if kind in QUICK_TYPES:
        return "/cases/new", data | {"received_on": fields["received_on"].isoformat(),
                                     "source": fields.get("source") or ""}
    occurred_on = fields.get("occurred_on", local_today())
    return "/cases/report", data | {"occurred_on": occurred_on.isoformat(),
                                    "identified_by": fields.get("identified_by") or "",
                                    "concerns": fields.get("concerns") or ""}


FIELD_ERROR = re.compile(
    r'id="([a-z_]+)-error"><span class="visually-hidden">Fel: </span>(.*?)</p>')


@pytest.mark.parametrize("kind, changes, expected", bad(FORM))
def test_the_intake_forms_refuse_the_bad_drafts_at_their_fields(client, org, kind, changes,
                                                                 expected):
    path, data = form_post(org, kind, changes)
    role = "planerare" if path == "/cases/new" else "medarbetare"
    factories.log_in(client, factories.user(role, org["enhet"]))

    response = client.post(path, data=data)

    page = response.get_data(as_text=True)
    shown = {field: html.unescape(text) for field, text in FIELD_ERROR.findall(page)}
    by_field = {}
    for field, message in in_force(expected):
        by_field[field] = f"{by_field[field]} {message}" if field in by_field else message
    assert response.status_code == 400
    assert shown == by_field
    assert data["description"] in page  # what was typed is kept
    assert no_cases()


def test_a_refusal_of_create_case_lands_at_each_field_it_names(client, org, monkeypatch):
    """The form passed, then the service refused (the organisation changed in between): each
    reason at its field, one of a field the form lacks at the top."""
    def refusing(**fields):
        raise InvalidFields([FieldError("unit", NOT_AN_ENHET), FieldError("channel", CHOOSE_ONE)])

    monkeypatch.setattr("casework.cases.views.intake.create_case", refusing)
    factories.log_in(client, factories.user("planerare", org["enhet"]))
    path, data = form_post(org, "klagomal", {})

    response = client.post(path, data=data)

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert dict(FIELD_ERROR.findall(page)) == {"unit": NOT_AN_ENHET}
    assert f">{CHOOSE_ONE}</a></li>" in page and data["description"] in page
