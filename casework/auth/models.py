from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from casework.extensions import db
from casework.organisation.models import OrgNode
from casework.columns import TZDateTime, enum_column, utcnow


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
    password_hash: Mapped[str] = mapped_column(sa.String(200))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(TZDateTime, default=utcnow)

    grants: Mapped[list["RoleGrant"]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @validates("email")
    def _normalise_email(self, _key: str, value: str) -> str:
        return value.strip().lower()

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

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
