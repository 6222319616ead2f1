"""Checking and filling the placeholders of a standard text: plain replacement, nothing
evaluated."""
from casework.replies.placeholders import RECEIPT_PLACEHOLDERS, problems, render, used


def test_known_placeholders_are_filled_and_the_rest_stays_as_typed():
    text = "Hej! Ärende {ärendenummer} på {enhet}.\n{åtgärder}"
    rendered = render(text, {"ärendenummer": "2025-0001", "enhet": "Aspudden hemtjänst",
                             "åtgärder": "– Ringde\n– Skrev"})
    assert rendered.text == "Hej! Ärende 2025-0001 på Aspudden hemtjänst.\n– Ringde\n– Skrev"
    assert rendered.missing == ()


def test_an_empty_value_is_missing_and_named_once():
    rendered = render("{handläggare}, {titel}. {handläggare}", {"handläggare": " "})
    assert rendered.missing == ("handläggare", "titel")
    assert rendered.text == ", . "


def test_nothing_is_evaluated_and_a_value_is_not_filled_in_again():
    text = "{ärendenummer} {0} {__class__} {enhet.__init__} %(x)s {{ 7*7 }}"
    rendered = render(text, {"ärendenummer": "{enhet}", "enhet": "X"})
    assert rendered.text == "{enhet} {0} {__class__} {enhet.__init__} %(x)s {{ 7*7 }}"


def test_an_unknown_placeholder_is_refused_by_name():
    assert problems("Hej {arendenummer} och {namn}") == [
        ("Okänd platshållare {arendenummer}. Använd någon av {ärendenummer}, {typ}, {enhet}, "
        "{inkom}, {datum}, {handläggare}, {titel}, {åtgärder}."),
        ("Okänd platshållare {namn}. Använd någon av {ärendenummer}, {typ}, {enhet}, {inkom}, "
        "{datum}, {handläggare}, {titel}, {åtgärder}."),
    ]
    assert problems("Hej {ärendenummer}") == []


def test_a_lone_brace_is_refused():
    assert problems("Hej {ärendenummer")[0].startswith("Texten har en klammerparentes")
    assert problems("Hej }")[0].startswith("Texten har en klammerparentes")


def test_a_receipt_cannot_use_what_only_a_handled_case_has():
    (reason,) = problems("{handläggare} {titel} {ärendenummer}", RECEIPT_PLACEHOLDERS)
    assert reason.startswith("{handläggare}, {titel} kan inte användas här")


def test_used_lists_each_known_placeholder_once():
    assert used("{enhet} {x} {enhet} {datum}") == ["enhet", "datum"]
