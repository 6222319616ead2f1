"""Checking credentials at login. The caller logs the user in and commits."""
from functools import cache

from casework.auth.models import User
from casework.auth.passwords import (
    NO_PASSWORD,
    hash_password,
    needs_rehash,
    verify_password,
)
from casework.auth.services import user_by_email
from casework.core.extensions import db


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or ``None`` whatever the reason.

    An unknown e-mail, or an account whose password is not chosen yet, is checked against a
    dummy hash, so that the response time does not tell which addresses have accounts. A hash
    made with older parameters is renewed.
    """
    user = user_by_email(email)
    if user is None or user.password_hash == NO_PASSWORD:
        verify_password(_dummy_hash(), password)
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        db.session.flush()
    return user


@cache
def _dummy_hash() -> str:
    return hash_password("not a password anyone has")
