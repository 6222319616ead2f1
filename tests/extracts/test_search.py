"""The registerutdrag's search (casework.extracts.search) on both databases: exact and near
matches in contact fields and free text, ranked, within the admin's subtrees only, and hostile
queries refused in Swedish or taken literally."""
import pytest

from casework.cases.handling import InvalidInput
from casework.extracts import search
from tests import factories
from tests.extracts.conftest import EMAIL


def found(world, text: str) -> list[str]:
    results = search.search(world.admin, search.parse(text))
    return [hit.case.number for hit in results.hits]


def hits(world, text: str) -> dict:
    return {hit.case.number: hit for hit in
            search.search(world.admin, search.parse(text)).hits}


def test_an_exact_name_finds_the_contact_first_then_the_free_text(world):
    result = hits(world, "Anna Lindqvist")

    assert list(result) == [world.contact.number, world.free_text.number]
    first = result[world.contact.number]
    assert first.best.exact and first.best.source.key == "contact"
    assert {m.source.key for m in first.matches} >= {"contact", "feedback_recipient"}
    assert ("Anna Lindqvist", True) in first.best.excerpt()
    second = result[world.free_text.number].best
    assert second.exact and second.source.key == "description"
    assert second.excerpt() == [("Dottern till ", False), ("Anna Lindqvist", True),
                                (" undrar över maten.", False)]


def test_case_and_accents_are_folded(world):
    assert found(world, "anna LINDQVIST") == found(world, "Anna Lindqvist")
    assert found(world, "asa oberg") == [world.sarah.number]  # Åsa Öberg, in the utredning
    hit = hits(world, "ÅSA ÖBERG")[world.sarah.number].best
    assert hit.exact and hit.source.label == "Vad hände?"
    assert ("Åsa Öberg", True) in hit.excerpt()


def test_one_typo_is_a_near_match_ranked_after_the_exact_ones(world):
    result = hits(world, "Anna Lindkvist")

    assert list(result) == [world.contact.number, world.free_text.number]
    assert not any(hit.best.exact for hit in result.values())
    assert result[world.contact.number].best.excerpt() == [
        ("Anna", True), (" ", False), ("Lindqvist", True), (", 070-123 45 67", False)]
    assert found(world, "Lindqvsit") == list(result)  # a word of 9 letters takes two typos
    assert found(world, "Lindqxyzt") == []  # not three
    assert found(world, "Anja Lindqvist") == list(result)
    assert found(world, "Anja Lindqxyzt") == []


def test_an_email_address_and_a_phone_number_find_the_contact(world):
    assert found(world, EMAIL.upper()) == [world.contact.number]
    assert found(world, "0701234567") == [world.contact.number]
    assert hits(world, "070 123 45 67")[world.contact.number].best.exact


def test_a_match_in_the_actions_and_the_feedback(world):
    assert found(world, "bad om ursäkt") == [world.contact.number]
    assert hits(world, "ändrat schemat")[world.contact.number].best.source.key \
        == "feedback_content"


def test_a_match_in_an_attachments_name_and_a_follow_up_comment(world):
    assert hits(world, "brev från anna")[world.contact.number].best.source.key \
        == "attachment_name"
    assert hits(world, "Per Persson")[world.other.number].best.source.key == "follow_up_comment"


def test_nothing_found(world):
    assert found(world, "Karl-Gustav Ekdahl") == []


def test_a_case_outside_the_admins_subtrees_is_never_found(world):
    assert world.outside.number not in found(world, "Anna Lindqvist")
    assert found(world, "annan förvaltning") == []


@pytest.mark.parametrize(("text", "message"), [
    ("", "Skriv ett namn, en e-postadress eller ett telefonnummer att söka efter."),
    ("   \n ", "Skriv ett namn, en e-postadress eller ett telefonnummer att söka efter."),
    ("x" * 201, "Söktexten får vara högst 200 tecken; den här har 201."),
    ("Anna\0 Lindqvist", "Söktexten innehåller ett tecken som inte kan sökas på (NUL)."),
    ("a", "Skriv minst 2 tecken."),
])
def test_a_hostile_query_is_refused_in_swedish(text, message):
    with pytest.raises(InvalidInput) as refused:
        search.parse(text)
    assert refused.value.field == "sok" and str(refused.value) == message


def test_a_query_of_200_characters_is_searched(world):
    assert found(world, "x" * 200) == []


def test_percent_and_underscore_match_only_themselves(world):
    percent = factories.case(world.units[0], description="Rabatten var 100%% på allt.")
    underscore = factories.case(world.units[0], description="Filen hette anna_l.pdf.")
    factories.case(world.units[0], description="Annal och axb stod på lappen.")

    assert found(world, "%%") == [percent.number]
    assert found(world, "a_l") == [underscore.number]
    assert found(world, "_%") == []


def test_the_results_are_capped_and_say_so(world, monkeypatch):
    monkeypatch.setattr(search, "RESULT_LIMIT", 1)
    results = search.search(world.admin, search.parse("Anna Lindqvist"))

    assert [hit.case.number for hit in results.hits] == [world.contact.number]
    assert results.capped


def test_edit_distance():
    assert search.within("lindqvist", "lindkvist", 1)
    assert not search.within("anna", "anja", 0)
    assert search.within("anna", "ann", 1) and not search.within("anna", "an", 1)
    assert search.pieces("lindqvist") == ["lin", "dqv", "ist"]
    assert search.fold("ÅÄÖ éÜ") == "aao eu"


def test_an_excerpt_is_the_match_in_its_context_cut_with_an_ellipsis():
    text = "Början. " + "ord " * 40 + "Anna\nLindqvist ringde. " + "mer " * 40
    match = search.match_text(search.SOURCES[0], search.parse("anna lindqvist"), text)

    parts = match.excerpt()
    assert parts[0] == ("…", False) and parts[-1] == ("…", False)
    assert parts[1:4] == [("ord " * 12, False), ("Anna Lindqvist", True),
                          (" ringde." + " mer" * 10, False)]
    assert sum(len(part) for part, _ in parts) <= 2 * search.CONTEXT + len("Anna Lindqvist") + 2
