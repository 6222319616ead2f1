"""Password hashing and the policy: length, the common list, and the patterns a guesser tries
first, refused in Swedish on every path that sets a password (service, CLI; the page is in
test_password_change)."""
import pytest

from casework.auth import services
from casework.auth.passwords import hash_password, password_problems, verify_password
from casework.auth.strength import predictable
from tests import factories
from tests.factories import PASSWORD

EMAIL, NAME = "anna.andersson@example.se", "Anna Andersson"
SEQUENCE = "Lösenordet består mest av bokstäver eller siffror i följd"
KEYBOARD = "Lösenordet består mest av tangenter i rad på tangentbordet"
REPEAT = "Lösenordet består mest av upprepningar"
PERSONAL = "Lösenordet får inte bygga på din e-postadress eller ditt namn."
COMMON = "Lösenordet är för vanligt."

#: Each refused pattern, with the start of its message.
REFUSED = [
    ("123456789012", SEQUENCE),  # ascending digits, wrapping after 9
    ("abcdefghijkl", SEQUENCE),
    ("zyxwvutsrqpo", SEQUENCE),  # descending
    ("098765432109", SEQUENCE),
    ("xyzåäö123456", SEQUENCE),  # the Swedish alphabet goes on after z
    ("qwertyuiopå1", KEYBOARD),
    ("asdfghjklöä!", KEYBOARD),
    ("ÖLKJHGFDSA12", KEYBOARD),  # backwards, in capitals
    ("1qaz2wsx3edc", KEYBOARD),  # columns
    ("abcabcabcabc", REPEAT),
    ("hejhejhejhej", REPEAT),
    ("aaaaaaaaaaaa", REPEAT),
    ("kaffekaffe12", REPEAT),
    ("anna.andersson1987", PERSONAL),  # the e-mail's local part with digits appended
    ("Andersson2024!", PERSONAL),  # the surname with digits and a sign
    ("annaandersson12", PERSONAL),  # the whole name
    ("Password1234", COMMON),
    ("!!sunshine2024", COMMON),  # a common password with digits and signs around it
    ("ab1ba1ab1b1aab1", "Lösenordet har för få olika tecken."),
    ("kort", "Lösenordet måste ha minst 12 tecken."),
]
#: Good passphrases, the factories' password among them: nothing to say.
ACCEPTED = [PASSWORD, "Kanelbulle-och-kaffe-42", "korrekt-häst-batteri-57",
            "Kardemumma-och-te-1977", "en lång mening som lösenord", "Sommar-i-Stockholm-2024",
            "demo-Hagersten-Alvsjo"]


def test_argon2_round_trip():
    hashed = hash_password("en lång mening som lösenord")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "en lång mening som lösenord")
    assert not verify_password(hashed, "en lång mening som lösenorD")
    assert not verify_password("not-a-hash", "x")


@pytest.mark.parametrize("password, message", REFUSED)
def test_each_pattern_is_refused_with_its_swedish_message(password, message):
    problems = password_problems(password, email=EMAIL, name=NAME)

    assert any(problem.startswith(message) for problem in problems), problems


@pytest.mark.parametrize("password", ACCEPTED)
def test_good_passphrases_pass(password):
    assert password_problems(password, email=EMAIL, name=NAME) == []


def test_a_short_predictable_part_in_a_passphrase_is_fine():
    guessed, kind = predictable("Anna-gillar-kaffe-123", [EMAIL, NAME])

    assert (guessed, kind) == (7, "personal")  # "anna" and "123": 14 characters remain
    assert password_problems("Anna-gillar-kaffe-123", email=EMAIL, name=NAME) == []


def test_a_password_longer_than_200_characters_is_refused_before_any_pattern_is_sought():
    assert password_problems("Kanelbulle-och-kaffe-42" * 8) == []  # 184 characters
    assert password_problems("a" * 10_000) == ["Lösenordet får ha högst 200 tecken."]


@pytest.mark.parametrize("password, message", [REFUSED[0], REFUSED[1], REFUSED[5],
                                               REFUSED[9], REFUSED[13]])
def test_the_service_refuses_new_users_and_new_passwords(app_ctx, password, message):
    unit = factories.node()
    with pytest.raises(services.WeakPassword) as weak:
        services.add_user(EMAIL, NAME, password, "planerare", unit.code)
    assert any(problem.startswith(message) for problem in weak.value.problems)
    assert services.user_by_email(EMAIL) is None

    anna = factories.user(email=EMAIL, name=NAME)
    with pytest.raises(services.WeakPassword) as weak:
        services.set_password(anna, password)
    assert any(problem.startswith(message) for problem in weak.value.problems)
    assert verify_password(anna.password_hash, PASSWORD)


def test_the_service_takes_a_good_passphrase(app_ctx):
    anna = factories.user(email=EMAIL, name=NAME)

    services.set_password(anna, "Kardemumma-och-te-1977")

    assert verify_password(anna.password_hash, "Kardemumma-och-te-1977")
