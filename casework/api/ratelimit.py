"""The API's rate limit: ``API_RATE_PER_MINUTE`` calls per token and minute, in the database.

A window is one calendar minute (UTC) per presented token, counted by the hash of its secret
(``casework.auth.tokens.secret_hash``), so the count is taken before the token is looked up
and works alike on the embedded default (SQLite, no Redis) and on PostgreSQL with many web
processes: one upsert that adds the call and returns the count. Fixed windows let a client
make up to twice the limit across the turn of a minute; that is the price of one row per
token instead of one per call.

The count must outlast the call: a refused call (4xx) rolls its unit of work back, yet it was
made. So the count is committed at once, before the call's own work begins (the API counts
first thing, while the unit holds nothing); on SQLite this also gives the write lock back
before the call takes it for its own work.
"""
import math
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite

from casework.api.models import RateWindow
from casework.core.clock import utcnow
from casework.core.extensions import db

_windows = RateWindow.__table__
_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
WINDOW = timedelta(minutes=1)


def spend(key: str, now: datetime | None = None) -> int | None:
    """Count a call of ``key``; None if it is within the limit, else the seconds until the
    window ends (the Retry-After). Commits."""
    if db.session.new or db.session.dirty or db.session.deleted:
        raise RuntimeError("the rate limit commits: count before the call's work begins")
    now = now or utcnow()
    start = now.replace(second=0, microsecond=0)
    insert = _INSERTS[db.engine.dialect.name](_windows).values(key=key, window_start=start,
                                                                 calls=1)
    calls = db.session.execute(
        insert.on_conflict_do_update(index_elements=["key", "window_start"],
                                     set_={"calls": _windows.c.calls + 1})
        .returning(_windows.c.calls)).scalar_one()
    if calls == 1:  # a new window: the ended ones of every token go
        db.session.execute(sa.delete(_windows).where(_windows.c.window_start < start))
    db.session.commit()
    if calls <= current_app.config["API_RATE_PER_MINUTE"]:
        return None
    return max(1, math.ceil((start + WINDOW - now).total_seconds()))
