from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.attachments.sniffing import BY_MIME, Kind
from casework.auth.models import User
from casework.core.clock import utcnow
from casework.core.columns import TZDateTime
from casework.core.extensions import db


class Attachment(db.Model):
    """A file attached to a case. The file itself is in the storage backend under
    ``storage_key``, a random name; the row keeps what the case page lists.

    Retention (``services.remove_case_files``) deletes the file and blanks the name, and marks
    the row ``removed_at``: the row stays, so that the history still counts what was attached.
    """

    __tablename__ = "attachments"
    __table_args__ = (sa.Index("ix_attachments_case_created", "case_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"))
    #: The name the file was uploaded under, without its folder (``sniffing.clean_name``).
    file_name: Mapped[str] = mapped_column(sa.String(200))
    #: The media type of the stored bytes, detected from them (``sniffing.KINDS``).
    content_type: Mapped[str] = mapped_column(sa.String(100))
    #: Bytes stored (after an image was re-encoded).
    size: Mapped[int]
    storage_key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: SHA-256 of the stored bytes, hex.
    sha256: Mapped[str] = mapped_column(sa.String(64))
    #: Who uploaded it; NULL for the public e-service, where nobody is signed in.
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(TZDateTime, default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(TZDateTime)

    uploaded_by: Mapped[User | None] = relationship()

    @property
    def kind(self) -> Kind:
        return BY_MIME[self.content_type]
