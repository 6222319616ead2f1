"""The one case validator, the pure function on its own."""
from dataclasses import replace
from datetime import date, timedelta

import pytest

from casework.cases.validation import (
    AFTER_RECEIVED,
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
from casework.core.taxonomy import load_catalogue
from config.settings import CONFIG_DIR

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
    assert reasons(terms, replace(entered, source="anonym")) == [
        ("source", "Välj från vem ur mallen för 2025.")]


def test_a_row_of_the_bulk_path_holds_more_than_the_draft(terms):
    row = {"type": "berom", "unit_id": UNIT, "received_on": TODAY, "status": "avslutad",
           "events": []}
    assert Draft.of(row) == Draft(type="berom", unit_id=UNIT, received_on=TODAY)
