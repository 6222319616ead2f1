"""The login throttle: failed attempts per account and per client address, in the database.

Over a sliding window of ``LOGIN_THROTTLE_WINDOW_MINUTES``, an account or an address with
``LOGIN_THROTTLE_ACCOUNT_LIMIT`` / ``LOGIN_THROTTLE_ADDRESS_LIMIT`` failures gets no further
attempt until enough of them have left the window. Being in the database, the count is shared
by every web process and needs no Redis. Refused attempts are not counted, so an account is
free again one window after the failures stop. Keys are HMACs under the secret key: a stored
key can be matched against a known address but not turned back into one, and an IPv4 address
cannot be found by trying them all.

Services flush; the caller commits.
"""
import hashlib
import hmac
import math
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from casework.auth.models import LoginFailure
from casework.auth.sessions import as_utc
from casework.columns import utcnow
from casework.errors import DomainError
from casework.extensions import db


class TooManyAttempts(DomainError):
    def __init__(self, retry_after: int):
        self.retry_after = retry_after  # seconds
        super().__init__(f"too many login attempts; retry in {retry_after} s")

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))


def check(email: str, address: str | None) -> None:
    """Raise ``TooManyAttempts`` when the account or the address has used up its attempts."""
    config = current_app.config
    now = utcnow()
    waits = [
        _wait(LoginFailure.account_key, account_key(email), config["LOGIN_THROTTLE_ACCOUNT_LIMIT"], now),
        _wait(LoginFailure.address_key, address_key(address), config["LOGIN_THROTTLE_ADDRESS_LIMIT"], now),
    ]
    longest = max(waits)
    if longest > 0:
        raise TooManyAttempts(longest)


def record_failure(email: str, address: str | None) -> None:
    """Count a failed attempt, and forget those that have left the window."""
    now = utcnow()
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.at < now - _window()))
    db.session.add(LoginFailure(at=now, account_key=account_key(email), address_key=address_key(address)))
    db.session.flush()


def clear_account(email: str) -> None:
    """Forget an account's failures after it signed in; the address keeps its count."""
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.account_key == account_key(email)))


def account_key(email: str) -> str:
    return _keyed("account", email.strip().lower())


def address_key(address: str | None) -> str:
    return _keyed("address", address or "unknown")


def _wait(column, key: str, limit: int, now: datetime) -> int:
    """Seconds until ``key`` may try again; 0 when it may now."""
    times = db.session.scalars(
        sa.select(LoginFailure.at).where(column == key, LoginFailure.at > now - _window())
        .order_by(LoginFailure.at)
    ).all()
    if len(times) < limit:
        return 0
    # The attempt is allowed once all but limit - 1 of these failures have left the window.
    frees_at = as_utc(times[len(times) - limit]) + _window()
    return max(1, math.ceil((frees_at - now).total_seconds()))


def _window() -> timedelta:
    return timedelta(minutes=current_app.config["LOGIN_THROTTLE_WINDOW_MINUTES"])


def _keyed(kind: str, value: str) -> str:
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()

