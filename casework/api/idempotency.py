"""One case per ``Idempotency-Key``, however often a create is sent with it.

The first create with a key claims it for its token (an INSERT that skips an existing claim,
as ``casework.cases.submissions`` does for the intake forms) and registers its case; a retry
finds the claim and is answered with that case. Of two sent at the same moment the second
waits for the first (PostgreSQL's unique index; SQLite's one writer) and then finds its
claim. A create refused (422) rolls its claim back with it, so a corrected retry may use the
key again. The same key with another body is refused (``KeyReused``). Keys are kept a day.

Services flush; the caller commits.
"""
import hashlib
import json
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from casework.api.models import IdempotencyKey
from casework.core.clock import utcnow
from casework.core.errors import Conflict
from casework.core.extensions import db

KEPT_FOR = timedelta(days=1)
KEY_MAX = 200
_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


class KeyReused(Conflict):
    def __init__(self):
        super().__init__("Idempotency-Key har redan använts för en annan begäran. "
                         "Använd en ny nyckel för ett nytt ärende.")


def request_hash(body: dict) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False,
                                     default=str).encode()).hexdigest()


def claim(token_id: int, key: str, body: dict) -> IdempotencyKey | None:
    """Claim ``key`` for this create: None when it is the first, else the earlier claim
    (``case_id`` its case). KeyReused when the earlier claim was for another body."""
    now = utcnow()
    db.session.execute(sa.delete(IdempotencyKey).where(IdempotencyKey.created_at < now - KEPT_FOR))
    digest = request_hash(body)
    inserted = db.session.execute(
        _INSERTS[db.engine.dialect.name](IdempotencyKey)
        .values(token_id=token_id, key=key, request_hash=digest, created_at=now)
        .on_conflict_do_nothing(index_elements=["token_id", "key"])
        .returning(IdempotencyKey.id)
    ).first()
    if inserted is not None:
        return None
    earlier = db.session.scalar(sa.select(IdempotencyKey).where(
        IdempotencyKey.token_id == token_id, IdempotencyKey.key == key))
    if earlier.request_hash != digest:
        raise KeyReused()
    return earlier


def settle(token_id: int, key: str, case_id: int) -> None:
    db.session.execute(sa.update(IdempotencyKey).where(
        IdempotencyKey.token_id == token_id, IdempotencyKey.key == key).values(case_id=case_id))
