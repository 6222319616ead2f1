"""Category labels for people: the head of a template's label, the section only where two read
alike, examples kept aside, instructions to the report writer dropped."""
from dataclasses import replace

import pytest

from casework.core.taxonomy import (
    CategoryLabel,
    category_labels,
    load_catalogue,
    split_label,
)
from config.settings import CONFIG_DIR


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(CONFIG_DIR)


@pytest.mark.parametrize(("label", "split"), [
    ("Bemötande", ("Bemötande", None)),
    ("Annat (ange vad i rapporteringsvyn)", ("Annat", None)),
    ("Information (utebliven info, obegriplig etc)", ("Information", "utebliven info, obegriplig etc")),
    ("Utebliven/försenad insats", ("Utebliven/försenad insats", None)),
    ("Tillgänglighet (öppettider) och mer", ("Tillgänglighet (öppettider) och mer", None)),
])
def test_a_label_splits_into_its_head_and_examples(label, split):
    assert split_label(label) == split


def test_2025_names_the_section_only_for_the_two_annat(catalogue):
    labels = category_labels(catalogue, 2025, "klagomal")
    by_key = {label.key: label for label in labels}
    assert by_key["annat_ej_personal"].label == "Annat (ej personal)"
    assert by_key["annat"].label == "Annat (personal)"
    assert by_key["utebliven_insats"] == CategoryLabel("utebliven_insats", "Utebliven/försenad insats")
    assert by_key["information"] == CategoryLabel(
        "information", "Information", "utebliven info, obegriplig etc")
    shown = [label.label for label in labels]
    assert len(set(shown)) == len(shown)
    assert not any(">" in text or "rapporteringsvyn" in text or " - " in text for text in shown)


def test_one_annat_needs_no_section(catalogue):
    assert category_labels(catalogue, 2024, "klagomal")[0].label == "Annat"
    assert [label.label for label in category_labels(catalogue, 2025, "avvikelse")] == [
        "Annat", "Bemötande", "Fysisk miljö, utrustning och teknik",
        "Rättssäkerhet vid handläggning och utförande", "Utförande av insats"]


def test_without_a_short_name_the_section_is_named_by_the_end_of_its_title(catalogue):
    template = catalogue.templates[2025]
    plain = replace(template, sections=tuple(replace(s, short=None) for s in template.sections))
    edited = replace(catalogue, templates={**catalogue.templates, 2025: plain})
    by_key = {label.key: label.label for label in category_labels(edited, 2025, "klagomal")}
    assert by_key["annat_ej_personal"] == "Annat (ej personalrelaterade)"
    assert by_key["annat"] == "Annat (som gäller verksamhet och personal)"


def test_a_type_without_categories_gets_none(catalogue):
    assert category_labels(catalogue, 2025, "berom") == []
