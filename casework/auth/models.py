from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from casework.core.clock import utcnow
from casework.core.columns import TZDateTime, enum_column
from casework.core.extensions import db
from casework.organisation.models import OrgNode


class Role(StrEnum):
    MEDARBETARE = "medarbetare"
    PLANERARE = "planerare"
    BITRADANDE_ENHETSCHEF = "bitradande_enhetschef"
    ENHETSCHEF = "enhetschef"
    OMRADESCHEF = "omradeschef"
    MAS = "mas"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.MEDARBETARE: "Medarbetare",
    Role.PLANERARE: "Planerare",
    Role.BITRADANDE_ENHETSCHEF: "Biträdande enhetschef",
    Role.ENHETSCHEF: "Enhetschef",
    Role.OMRADESCHEF: "Områdeschef",
    Role.MAS: "MAS",
    Role.ADMIN: "Administratör",
}


class User(UserMixin, db.Model):
    """A person who signs in. E-mail addresses are stored lower-cased, so uniqueness ignores case."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    #: The title answers from standard texts sign with ("Biträdande enhetschef"); None: the
    #: label of the role the user handles the case in (``casework.replies.answers``).
    title: Mapped[str | None] = mapped_column(sa.String(200))
    password_hash: Mapped[str] = mapped_column(sa.String(200))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(TZDateTime, default=utcnow)
    #: The TOTP secret (base32). Set but unconfirmed while the user sets the second factor up.
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    #: When the second factor was confirmed; ``None`` means login asks for no code.
    totp_enabled_at: Mapped[datetime | None] = mapped_column(TZDateTime)
    #: The last accepted TOTP time step: a code is accepted once (no replay).
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)

    grants: Mapped[list["RoleGrant"]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @validates("email")
    def _normalise_email(self, _key: str, value: str) -> str:
        return value.strip().lower()

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    @property
    def totp_enabled(self) -> bool:
        return self.totp_enabled_at is not None

    def roles(self) -> set["Role"]:
        return {g.role for g in self.grants}

    def __repr__(self) -> str:
        return f"<User {self.id}>"


class RoleGrant(db.Model):
    """A role held over an organisation node and everything below it."""

    __tablename__ = "role_grants"
    __table_args__ = (sa.UniqueConstraint("user_id", "role", "org_node_id", name="uq_role_grants_user_role_node"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role))
    org_node_id: Mapped[int] = mapped_column(sa.ForeignKey("org_nodes.id"), index=True)

    user: Mapped[User] = relationship(back_populates="grants")
    node: Mapped[OrgNode] = relationship()


class UserSession(db.Model):
    """A signed-in browser. The session cookie carries a random token; only its SHA-256 is
    stored, so a copy of this table opens no session. An ended session stays ended.
    """

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(TZDateTime, default=utcnow)
    #: Updated at most once a minute, so most requests write nothing.
    last_seen_at: Mapped[datetime] = mapped_column(TZDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(TZDateTime)
    #: Why it ended: ``logout``, ``password``, ``deactivated``, ``idle``, ``expired``, ``totp``.
    end_reason: Mapped[str | None] = mapped_column(sa.String(16))
    #: Filter values typed in this session that may name people (casework.web.private_terms):
    #: kept here, not in the cookie, which is signed but readable.
    private_terms: Mapped[dict | None] = mapped_column(sa.JSON, default=dict)


class LoginCounter(db.Model):
    """The failed logins of one throttle key (an account and client pair, or an address) in
    the current window, which starts at the first failure and lasts the throttle's window.

    The key is a keyed hash (HMAC with the secret key): neither an e-mail address nor a client
    address is stored, and a key cannot be turned back into one. The row is also the lock that
    serialises concurrent attempts on its key.
    """

    __tablename__ = "login_counters"

    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    window_started_at: Mapped[datetime] = mapped_column(TZDateTime, default=utcnow, index=True)
    #: The slow-down counts from the last failure.
    last_failure_at: Mapped[datetime | None] = mapped_column(TZDateTime)


class PasswordReset(db.Model):
    """A link sent for a forgotten password (``casework.auth.reset``). Only the SHA-256 of its
    random token is stored, so a copy of this table opens no link. It works once (``used_at``)
    and until ``expires_at``."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(TZDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(TZDateTime)
    used_at: Mapped[datetime | None] = mapped_column(TZDateTime)


class TokenScope(StrEnum):
    """What an API token (``ApiToken``) may do over its node's subtree; the policy
    (``casework.access.policy.RULES``) says which case types and actions each allows."""

    READ = "read"  # read cases and lists
    WRITE = "write"  # read, create cases, record åtgärder and återkoppling
    REPORTS = "reports"  # the report tables and their snapshots, no case

    @property
    def label(self) -> str:
        return TOKEN_SCOPE_LABELS[self]


TOKEN_SCOPE_LABELS = {
    TokenScope.READ: "Läsa ärenden",
    TokenScope.WRITE: "Läsa och registrera ärenden, åtgärder och återkoppling",
    TokenScope.REPORTS: "Läsa rapporttabeller",
}


class ApiToken(db.Model):
    """A bearer token another system calls the JSON API with (``casework.auth.tokens``).

    Only the SHA-256 of the random secret is stored, so a copy of this table calls nothing;
    the secret is shown once, when the token is made. It reaches the subtree of ``node`` with
    its ``scope`` until ``expires_at`` or ``revoked_at``.
    """

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    #: The secret's first characters (``cw_`` and four more), to tell tokens apart in lists.
    hint: Mapped[str] = mapped_column(sa.String(16))
    secret_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    scope: Mapped[TokenScope] = mapped_column(enum_column(TokenScope))
    org_node_id: Mapped[int] = mapped_column(sa.ForeignKey("org_nodes.id"), index=True)
    #: The admin who made it; None on the command line.
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(TZDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(TZDateTime)
    #: Updated at most once a minute, so most calls write nothing.
    last_used_at: Mapped[datetime | None] = mapped_column(TZDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(TZDateTime)

    node: Mapped[OrgNode] = relationship()
    created_by: Mapped[User | None] = relationship()
