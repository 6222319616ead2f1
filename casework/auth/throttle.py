"""The login throttle: failed attempts per account and client, and per client address.

A *client* is this browser when it signed in to the account before (its device cookie, see
``casework.auth.devices``), otherwise the client's address (an IPv6 address by its /64, which one
subscriber holds whole). Counts run in windows of ``LOGIN_THROTTLE_WINDOW_MINUTES`` from a key's
first failure:

- **account and client**: the first ``LOGIN_THROTTLE_SLOWDOWN_AFTER`` failures cost nothing;
  after them each attempt waits 2, 4, 8 ... seconds from the last failure, and after
  ``LOGIN_THROTTLE_PAIR_LIMIT`` the client waits for the window to end (429 with Retry-After).
  No other client of the account is touched: a correct password from a client with no failures
  on the account is always checked, so a guesser elsewhere cannot lock the user out.
- **address**, over all accounts, for clients without a device cookie for the account: after
  ``LOGIN_THROTTLE_ADDRESS_LIMIT`` failures its unknown browsers wait for the window to end
  (one address guessing common passwords across accounts). Browsers that have signed in to the
  account are exempt, so a guesser behind the same NAT or proxy does not lock their users out.

There is no ceiling per account alone: any count that every client of an account shares lets
anyone lock its user out, the fault this design removes. Guessing from many addresses meets the
slow-down of each, the password policy and, for those who use it, the second factor.

Exactly the allowed number of attempts is checked, however many arrive at once: ``begin`` locks
the account-and-client counter row (an upsert) and counts the attempt before the password is
checked, in the caller's transaction, so a concurrent attempt on the same pair waits until that
transaction ends. The address's count is read without a lock: holding one during the password
check would queue every login behind a shared address, so attempts in flight at the same moment
may pass the address limit by their number.

Keys are HMACs under the secret key: no e-mail or client address is stored or logged, and an
IPv4 address cannot be found by trying them all. Called from views (it reads the request's
address and cookies); it flushes, and the caller commits.
"""
import hashlib
import hmac
import ipaddress
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, request
from sqlalchemy.dialects import postgresql, sqlite

from casework.auth import devices
from casework.auth.models import LoginCounter
from casework.core.clock import utcnow
from casework.core.errors import DomainError
from casework.core.extensions import db

#: The warning "n försök kvar" is shown when this many attempts or fewer remain.
WARN_REMAINING = 3

_counters = LoginCounter.__table__
_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


class TooManyAttempts(DomainError):
    def __init__(self, retry_after: int, paused: bool):
        self.retry_after = retry_after  # seconds
        self.paused = paused  # a limit was reached, not only the slow-down
        super().__init__(f"too many login attempts; retry in {retry_after} s")

    @property
    def wait(self) -> str:
        """How long to wait, in Swedish words."""
        return duration(self.retry_after)

    @property
    def message(self) -> str:
        wait = self.wait
        if self.paused:
            return ("Det har gjorts för många misslyckade inloggningsförsök, så inloggningen är "
                    f"pausad en stund för att skydda kontot. Försök igen om {wait}.")
        return f"Det har gjorts flera misslyckade inloggningsförsök i rad. Vänta {wait} och försök igen."


@dataclass(frozen=True)
class _Count:
    failures: int
    window_started_at: datetime
    last_failure_at: datetime | None


@dataclass(frozen=True)
class Attempt:
    """An attempt let through. It counts as a failure unless ``passed`` or ``signed_in`` is called."""

    account_key: str
    pair_key: str
    #: ``None`` for a browser known to the account, which the address's count leaves out.
    address_key: str | None
    before: _Count
    #: The attempts left if this one fails.
    remaining: int

    def failed(self, message: str) -> list[str]:
        """Count the failure against the address too. Returns what to show: ``message``, and
        how many attempts remain when they are few."""
        now = utcnow()
        if self.address_key is not None:
            _save(self.address_key, _plus_one(_locked(self.address_key, now), now))
        _prune(now)
        return [message] + _warnings(self.remaining)

    def passed(self) -> None:
        """The credential was right: the attempt does not count (a code may still be asked for)."""
        _save(self.pair_key, self.before)

    def signed_in(self) -> None:
        """Forget this client's failures on the account, and know this browser from now on."""
        db.session.execute(sa.delete(_counters).where(_counters.c.key == self.pair_key))
        devices.remember_device(self.account_key)


def begin(email: str) -> Attempt:
    """Let an attempt on ``email``'s account from this request's client through, or raise
    ``TooManyAttempts``. Refused attempts are not counted."""
    config = current_app.config
    now = utcnow()
    account_key = keyed("account", email.strip().lower())
    device = devices.known_device(account_key)
    address = client_address(request.remote_addr)
    client = f"device:{device}" if device else f"address:{address}"
    pair_key = keyed("pair", f"{account_key}:{client}")

    pair = _locked(pair_key, now)
    _enforce(pair, now, "pair", config["LOGIN_THROTTLE_PAIR_LIMIT"],
             config["LOGIN_THROTTLE_SLOWDOWN_AFTER"])
    remaining = config["LOGIN_THROTTLE_PAIR_LIMIT"] - pair.failures - 1
    address_key = None
    if device is None:
        address_key = keyed("address", address)
        at_address = _read(address_key, now)
        _enforce(at_address, now, "address", config["LOGIN_THROTTLE_ADDRESS_LIMIT"])
        remaining = min(remaining, config["LOGIN_THROTTLE_ADDRESS_LIMIT"] - at_address.failures - 1)
    _save(pair_key, _plus_one(pair, now))
    return Attempt(account_key, pair_key, address_key, pair, remaining)


def count_reset_request(email: str, per_client: bool = True) -> None:
    """Count a request for a forgotten-password link against the address asked for (whether
    or not it has an account, so the answer tells nothing) and, unless ``per_client`` is
    false (an admin sending links from one desk), against the client's address, in the login
    window; raise ``TooManyAttempts`` past ``PASSWORD_RESET_EMAIL_LIMIT`` or
    ``PASSWORD_RESET_CLIENT_LIMIT``. Refused requests are not counted. The rows are locked in
    this order, the address asked for first, so concurrent requests queue, never deadlock."""
    config = current_app.config
    now = utcnow()
    limits = [(keyed("reset-email", email.strip().lower()), config["PASSWORD_RESET_EMAIL_LIMIT"])]
    if per_client:
        limits.append((keyed("reset-client", client_address(request.remote_addr)),
                       config["PASSWORD_RESET_CLIENT_LIMIT"]))
    counts = []
    for key, limit in limits:
        count = _locked(key, now)
        _enforce(count, now, "password reset", limit)
        counts.append((key, count))
    for key, count in counts:
        _save(key, _plus_one(count, now))
    _prune(now)


def _enforce(count: _Count, now: datetime, kind: str, limit: int,
             slow_down_after: int | None = None) -> None:
    """Raise ``TooManyAttempts`` while ``count`` has reached ``limit`` or, past
    ``slow_down_after`` failures, its last failure is too recent."""
    window_ends = count.window_started_at + _window()
    if count.failures >= limit:
        current_app.logger.info("attempts paused: the %s limit is reached", kind)
        raise TooManyAttempts(whole_seconds(window_ends - now), paused=True)
    if slow_down_after is not None and count.failures >= slow_down_after:
        delay = timedelta(seconds=2 ** (count.failures - slow_down_after + 1))
        until = min(count.last_failure_at + delay, window_ends)
        if until > now:
            raise TooManyAttempts(whole_seconds(until - now), paused=False)


def _locked(key: str, now: datetime) -> _Count:
    """The key's count, its row made if missing and locked until the transaction ends."""
    insert = _INSERTS[db.session.connection().dialect.name](_counters).values(
        key=key, failures=0, window_started_at=now)
    row = db.session.execute(
        # Setting a column to itself is what takes the lock when the row exists.
        insert.on_conflict_do_update(index_elements=[_counters.c.key],
                                     set_={"failures": _counters.c.failures})
        .returning(_counters.c.failures, _counters.c.window_started_at,
                   _counters.c.last_failure_at)
    ).one()
    return _current(_Count(*row), now)


def _read(key: str, now: datetime) -> _Count:
    row = db.session.execute(
        sa.select(_counters.c.failures, _counters.c.window_started_at,
                  _counters.c.last_failure_at).where(_counters.c.key == key)
    ).one_or_none()
    return _current(_Count(*row) if row else _Count(0, now, None), now)


def _current(count: _Count, now: datetime) -> _Count:
    """``count``, or a fresh one when its window has ended."""
    return count if count.window_started_at + _window() > now else _Count(0, now, None)


def _plus_one(count: _Count, now: datetime) -> _Count:
    return _Count(count.failures + 1, count.window_started_at, now)


def _save(key: str, count: _Count) -> None:
    db.session.execute(sa.update(_counters).where(_counters.c.key == key).values(
        failures=count.failures, window_started_at=count.window_started_at,
        last_failure_at=count.last_failure_at,
    ))


def _prune(now: datetime) -> None:
    """Delete the counts whose window has ended, skipping rows another attempt holds."""
    ended = (sa.select(_counters.c.key).where(_counters.c.window_started_at <= now - _window())
             .with_for_update(skip_locked=True))
    db.session.execute(sa.delete(_counters).where(_counters.c.key.in_(ended)))


def _warnings(remaining: int) -> list[str]:
    if remaining > WARN_REMAINING:
        return []
    if remaining <= 0:
        return ["Inga försök kvar: inloggningen pausas nu en stund."]
    return [f"{remaining} försök kvar innan inloggningen pausas."]


def client_address(remote_addr: str | None) -> str:
    """The address counted for a client: an IPv6 address by its /64."""
    try:
        ip = ipaddress.ip_address(remote_addr or "")
    except ValueError:
        return remote_addr or "unknown"
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def duration(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} {'sekund' if seconds == 1 else 'sekunder'}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} {'minut' if minutes == 1 else 'minuter'}"


def whole_seconds(delta: timedelta) -> int:
    return max(1, math.ceil(delta.total_seconds()))


def _window() -> timedelta:
    return timedelta(minutes=current_app.config["LOGIN_THROTTLE_WINDOW_MINUTES"])


def keyed(kind: str, value: str) -> str:
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
