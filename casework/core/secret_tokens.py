"""Secret tokens handed out in links and cookies (a password link, a session, a follow-up
question's link), stored only as their SHA-256: whoever reads the database cannot use them."""
import hashlib
import secrets

#: Longer than any token made here: anything longer is not looked up.
MAX_LENGTH = 100


def new_token() -> str:
    """A random token of 32 bytes, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What is stored of ``token``: its SHA-256 in hex (64 characters)."""
    return hashlib.sha256(token.encode()).hexdigest()


def worth_looking_up(token: str | None) -> bool:
    """Whether ``token`` could be one made here: not empty, not longer than ``MAX_LENGTH``."""
    return bool(token) and len(token) <= MAX_LENGTH
