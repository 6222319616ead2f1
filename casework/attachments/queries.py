"""Reading attachments: a case's list, one of them, its bytes."""
import sqlalchemy as sa

from casework.access.policy import Action, can_on_case, sees_handling
from casework.attachments.models import Attachment
from casework.attachments.storage import storage
from casework.auth.models import User
from casework.core.extensions import db


def count(case_id: int) -> int:
    """How many attachments the case holds (not removed)."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(Attachment).where(
        Attachment.case_id == case_id, Attachment.removed_at.is_(None)))


def of_case(case_id: int) -> list[Attachment]:
    """The case's attachments (not removed), oldest first."""
    return list(db.session.scalars(sa.select(Attachment).where(
        Attachment.case_id == case_id, Attachment.removed_at.is_(None),
    ).order_by(Attachment.created_at, Attachment.id)))


def find(case_id: int, attachment_id: int) -> Attachment | None:
    """The attachment ``attachment_id`` of the case ``case_id``, unless removed."""
    return db.session.scalar(sa.select(Attachment).where(
        Attachment.id == attachment_id, Attachment.case_id == case_id,
        Attachment.removed_at.is_(None)))


def content(attachment: Attachment) -> bytes:
    """The stored bytes (``storage.MissingFile``, ``StorageFailed`` if they cannot be read)."""
    return storage().get(attachment.storage_key)


def visible(attachments: list[Attachment], case, user: User) -> list[Attachment]:
    """Those of ``case``'s ``attachments`` that ``user`` may open (``may_open``)."""
    return [a for a in attachments if may_open(user, case, a)]


def may_open(user: User, case, attachment: Attachment) -> bool:
    """Whether ``user`` may open ``attachment`` of ``case``: whoever reads the case's handling
    opens all of its attachments; whoever only reads the case because they filed it
    (``casework.access.policy.sees_handling``), those they attached themselves, as the
    handling (an IVO decision, say) is not theirs to read."""
    if not can_on_case(user, Action.VIEW, case):
        return False
    return sees_handling(user, case) or (
        attachment.uploaded_by_id is not None and attachment.uploaded_by_id == user.id)
