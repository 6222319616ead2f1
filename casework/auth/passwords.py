"""Password hashing (argon2) and the password policy: at least 12 characters, not a common one."""
import gzip
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
_hasher = PasswordHasher()


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
    lowered = password.lower()
    if lowered in _common_passwords():
        problems.append("Lösenordet är för vanligt. Välj ett som är svårare att gissa.")
    personal = {email.lower(), email.split("@")[0].lower(), name.lower().replace(" ", "")}
    if lowered in personal - {""}:
        problems.append("Lösenordet får inte vara din e-postadress eller ditt namn.")
    if len(set(password)) < 4 and len(password) >= MIN_LENGTH:
        problems.append("Lösenordet har för få olika tecken.")
    return problems
