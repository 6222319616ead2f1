"""Labels of any template year, as found in imports, resolve to taxonomy keys."""


import pytest

from casework.core.taxonomy import (
    ANONYMOUS,
    AmbiguousLabel,
    UnknownLabel,
    accepted_labels,
    load_catalogue,
    resolve,
)
from config.settings import CONFIG_DIR

ANNAT = "Annat (ange vad i rapporteringsvyn)"
STAFF_ANNAT = f"Synpunkter och klagomål - som gäller verksamhet och personal > {ANNAT}"
OTHER_ANNAT = f"Synpunkter och klagomål - ej personalrelaterade > {ANNAT}"


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(CONFIG_DIR)


@pytest.mark.parametrize(
    ("dimension", "text", "case_type", "key"),
    [
        ("category", "Bemötande", "klagomal", "bemotande"),
        ("category", "Bemötande", "avvikelse", "avv_bemotande"),
        ("category", "Annat", "avvikelse", "avv_annat"),
        ("category", f"Vad gällde klagomålet eller synpunkten? > {ANNAT}", "klagomal", "annat"),
        ("category", STAFF_ANNAT, "synpunkt", "annat"),
        ("category", OTHER_ANNAT, "klagomal", "annat_ej_personal"),
        # A 2023 avvikelse picked a complaint label; it keeps that category.
        ("category", "Bemanning (Kontinuitet, vikarieanskaffning)", "avvikelse", "bemanning"),
        ("category", "Klagomål som gäller hälso- och sjukvård", "klagomal", "halso_sjukvard"),
        # No complaint row has this label: the avvikelse row's category is used.
        ("category", "Brister i utförande av insats", "klagomal", "avv_utforande"),
        ("source", "Patientnämnden", "klagomal", "patientnamnden"),
        ("source", "Annan instans (t ex Patientnämnden)", "synpunkt", "patientnamnden"),
        ("source", "Annan (t.ex. okänd)", "klagomal", "annan"),
        ("source", "Anonym", "klagomal", ANONYMOUS),
        ("source", "Medarbetare", "klagomal", "medarbetare"),
        ("identified_by", "Medarbetare", "avvikelse", "medarbetare"),
        ("identified_by", "Extern samverkanspart - avser en annan verksamhet eller annan enhet.",
         "avvikelse", "extern"),
        ("identified_by", "Samverkanspart (ex annan förvaltning, Region Stockholm, Polis)",
         "avvikelse", "extern"),
        ("concerns", "Den egna verksamheten", "avvikelse", "egen_verksamhet"),
    ],
)
def test_labels_resolve_to_keys(catalogue, dimension, text, case_type, key):
    assert resolve(catalogue, dimension, text, case_type) == key


def test_keys_and_term_labels_resolve_too(catalogue):
    assert resolve(catalogue, "category", "mat", "klagomal") == "mat"
    term_label = "Avvikelse: utförande av insats"
    assert resolve(catalogue, "category", term_label, "avvikelse") == "avv_utforande"
    assert resolve(catalogue, "source", "anonym", "klagomal") == ANONYMOUS


def test_spacing_and_case_do_not_matter(catalogue):
    assert resolve(catalogue, "category", "  bemötande ", "klagomal") == "bemotande"
    assert resolve(catalogue, "source", "brukare/PATIENT", "klagomal") == "brukare"


def test_label_of_two_2025_rows_is_ambiguous(catalogue):
    with pytest.raises(AmbiguousLabel) as raised:
        resolve(catalogue, "category", ANNAT, "klagomal")
    assert STAFF_ANNAT in raised.value.options
    assert OTHER_ANNAT in raised.value.options


def test_unknown_label_lists_the_accepted_ones(catalogue):
    with pytest.raises(UnknownLabel) as raised:
        resolve(catalogue, "category", "Städning", "klagomal")
    error = raised.value
    assert (error.dimension, error.text) == ("category", "Städning")
    assert "Mat och måltider" in error.accepted
    assert "Utförande av insats" not in error.accepted  # an avvikelse-only label
    assert error.accepted == accepted_labels(catalogue, "category", "klagomal")


def test_section_must_match_when_given(catalogue):
    with pytest.raises(UnknownLabel):
        resolve(catalogue, "category", "Beröm > Bemötande", "klagomal")


def test_unknown_dimension_is_a_programming_error(catalogue):
    with pytest.raises(ValueError, match="unknown dimension"):
        resolve(catalogue, "channel", "Telefon", "klagomal")
