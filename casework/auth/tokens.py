"""API tokens: made by an admin (or on the command line), shown once, stored as a hash, used as
``Authorization: Bearer cw_…`` by other systems, revoked or expired.

A token acts as an ``ApiClient``: a principal the policy (``casework.access.policy``) asks
about as it asks about a user, whose one grant is the token's scope over the token's node. It
is no person: it files no case (``id`` is None, so the "whoever filed it may read it" rule never
applies), and what it writes carries no user; its audit rows carry the scope as their role and
the token's id (``casework.trail``).

Services flush; the caller commits. Changes are audited as admin changes, with the node's code
and the scope, never the token's name or secret.
"""
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload

from casework import trail
from casework.auth.accounts import admin_paths
from casework.auth.models import ApiToken, TokenScope, User
from casework.core.clock import as_utc, utcnow
from casework.core.errors import DomainError, FieldError, InvalidFields, UnknownValue
from casework.core.extensions import db
from casework.organisation.models import OrgNode
from casework.organisation.queries import within

#: Every secret starts so, to be recognised (by people, and by secret scanners) as casework's.
PREFIX = "cw_"
#: The characters of the secret a list shows, prefix included.
HINT_LENGTH = len(PREFIX) + 4
NAME_MAX = 100
#: ``last_used_at`` is written at most this often, so that most calls write nothing.
TOUCH_INTERVAL = timedelta(minutes=1)


@dataclass(frozen=True)
class TokenGrant:
    """The token's scope over its node, read by the policy as a role grant is."""

    role: TokenScope
    node: OrgNode


class ApiClient:
    """The principal of an API call: what the policy, the needs and the trail ask of a user."""

    #: An API client files no cases and writes as no person.
    id = None
    is_authenticated = True
    is_anonymous = False
    #: The second factor is a person's matter; a token is one factor by design.
    totp_enabled = True

    def __init__(self, token: ApiToken):
        self.token = token
        self.grants = [TokenGrant(token.scope, token.node)]

    @property
    def is_active(self) -> bool:
        return usable(self.token, utcnow())

    @property
    def scope(self) -> TokenScope:
        return self.token.scope

    def roles(self) -> set[str]:
        """What the audit trail writes as the roles: ``api:<scope>``."""
        return {f"api:{self.token.scope.value}"}

    def audit_detail(self) -> dict:
        return {"token": self.token.id}

    def get_id(self) -> str:  # Flask-Login asks; never stored in a session
        return f"token:{self.token.id}"


def create_token(creator: User | None, *, name: str, node: OrgNode, scope: str,
                 days: int | None = None) -> tuple[ApiToken, str]:
    """Make a token; returns it with its secret, which is not stored and never shown again.

    ``creator``, an admin, may make tokens only for nodes in their subtrees; None is the
    command line. Raises InvalidFields (name, node, scope, days) in Swedish.
    """
    errors = []
    name = (name or "").strip()
    if not name:
        errors.append(FieldError("name", "Ge nyckeln ett namn, till exempel systemets."))
    elif len(name) > NAME_MAX:
        errors.append(FieldError("name", f"Namnet får vara högst {NAME_MAX} tecken; det här "
                                         f"har {len(name)}."))
    if creator is not None and not within(node, admin_paths(creator)):
        errors.append(FieldError("node", "Välj en del av organisationen som du administrerar."))
    if scope not in set(TokenScope):
        errors.append(FieldError("scope", "Välj vad nyckeln får göra."))
    longest = current_app.config["API_TOKEN_MAX_DAYS"]
    days = current_app.config["API_TOKEN_DAYS"] if days is None else days
    if not 1 <= days <= longest:
        errors.append(FieldError("days", f"En nyckel gäller från 1 till {longest} dagar."))
    if errors:
        raise InvalidFields(errors)
    secret = PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    token = ApiToken(name=name, hint=secret[:HINT_LENGTH], secret_hash=secret_hash(secret),
                     scope=TokenScope(scope), node=node, created_by=creator, created_at=now,
                     expires_at=now + timedelta(days=days))
    db.session.add(token)
    db.session.flush()
    trail.record_admin_change("token_create", before=None, after=_state(token),
                              unit_id=node.id, token=token.id)
    return token, secret


def revoke_token(token: ApiToken) -> None:
    """Revoke ``token`` at once; a revoked token stays revoked (DomainError a second time)."""
    if token.revoked_at is not None:
        raise DomainError("Nyckeln är redan återkallad.")
    before = _state(token)
    token.revoked_at = utcnow()
    db.session.flush()
    trail.record_admin_change("token_revoke", before=before, after=_state(token),
                              unit_id=token.org_node_id, token=token.id)


def authenticate(secret: str) -> ApiToken | None:
    """The usable token whose secret this is, or None (unknown, revoked, expired, its node's
    subtree gone). Its ``last_used_at`` moves on when older than a minute (not flushed)."""
    if not secret.startswith(PREFIX):
        return None
    token = db.session.scalar(sa.select(ApiToken).options(joinedload(ApiToken.node))
                              .where(ApiToken.secret_hash == secret_hash(secret)))
    now = utcnow()
    if token is None or not usable(token, now):
        return None
    if token.last_used_at is None or now - as_utc(token.last_used_at) >= TOUCH_INTERVAL:
        token.last_used_at = now
    return token


def usable(token: ApiToken, now: datetime) -> bool:
    return token.revoked_at is None and now < as_utc(token.expires_at)


def secret_hash(secret: str) -> str:
    """SHA-256, as for sessions and reset links: the secret is 256 random bits, so no salt or
    slow hash is needed to keep it from being found from its hash."""
    return hashlib.sha256(secret.encode()).hexdigest()


def managed_tokens(admin: User) -> list[ApiToken]:
    """The tokens of the nodes in ``admin``'s subtrees, newest first."""
    paths = admin_paths(admin)
    if not paths:
        return []
    return list(db.session.scalars(
        sa.select(ApiToken).join(ApiToken.node)
        .options(joinedload(ApiToken.node), joinedload(ApiToken.created_by))
        .where(sa.or_(*(OrgNode.path.startswith(p) for p in paths)))
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def managed_token(admin: User, token_id: int) -> ApiToken | None:
    token = db.session.get(ApiToken, token_id)
    if token is None or not within(token.node, admin_paths(admin)):
        return None
    return token


def all_tokens() -> list[ApiToken]:
    return list(db.session.scalars(sa.select(ApiToken).options(joinedload(ApiToken.node))
                                   .order_by(ApiToken.id)))


def token_by_id(token_id: int) -> ApiToken:
    token = db.session.get(ApiToken, token_id)
    if token is None:
        raise UnknownValue("token", str(token_id), [str(t.id) for t in all_tokens()])
    return token


def _state(token: ApiToken) -> dict:
    """A token for the trail: its node's code, scope and dates; not its name or secret."""
    return {"node": token.node.code, "scope": token.scope.value,
            "expires": as_utc(token.expires_at).isoformat(timespec="seconds"),
            "revoked": token.revoked_at is not None}
