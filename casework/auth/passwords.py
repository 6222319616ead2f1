"""Password hashing (argon2) and the password policy: 12 to 200 characters, not a common
password (also with digits or signs around it), and at least 8 characters that no pattern of
``casework.auth.strength`` predicts. Every path that sets a password (the service, and through
it the CLI and the password page) asks ``password_problems``."""
import gzip
import string
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from casework.auth.strength import predictable

MIN_LENGTH = 12
MAX_LENGTH = 200
#: Characters that no pattern predicts, at least.
MIN_UNPREDICTABLE = 8
#: What each kind of predictable pattern is called, for the user.
PATTERN_PROBLEMS = {
    "personal": "Lösenordet får inte bygga på din e-postadress eller ditt namn.",
    "repeat": "Lösenordet består mest av upprepningar, som abcabc eller aaaa, och är lätt att gissa.",
    "sequence": ("Lösenordet består mest av bokstäver eller siffror i följd, som abcd eller 1234, "
                 "och är lätt att gissa."),
    "keyboard": ("Lösenordet består mest av tangenter i rad på tangentbordet, som qwerty eller "
                 "asdfgh, och är lätt att gissa."),
}
#: Stripped from both ends before the common list is asked: "password2024!" is "password".
_AROUND = string.digits + string.punctuation + " "
_hasher = PasswordHasher()
#: The hash of an account whose user has not chosen a password yet (``casework.auth.accounts``):
#: no password matches it.
NO_PASSWORD = "!no-password"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


@cache
def _common_passwords() -> frozenset[str]:
    path = Path(__file__).with_name("common-passwords.txt.gz")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return frozenset(line.strip() for line in f if line.strip())


def password_problems(password: str, *, email: str = "", name: str = "") -> list[str]:
    """What is wrong with a new password, in Swedish, for the user; empty when it is acceptable."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"Lösenordet måste ha minst {MIN_LENGTH} tecken.")
    if len(password) > MAX_LENGTH:
        return [f"Lösenordet får ha högst {MAX_LENGTH} tecken."]
    lowered = password.lower()
    if {lowered, lowered.strip(_AROUND)} & _common_passwords():
        problems.append("Lösenordet är för vanligt. Välj ett som är svårare att gissa.")
    guessed, pattern = predictable(password, [email, name])
    if pattern is not None and len(password) - guessed < MIN_UNPREDICTABLE:
        problems.append(PATTERN_PROBLEMS[pattern])
    elif len(set(password)) < 4 and len(password) >= MIN_LENGTH:
        problems.append("Lösenordet har för få olika tecken.")
    return problems
