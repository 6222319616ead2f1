"""Adding attachments to a case and removing them: the one way in for every form (the case
page, the staff report, the public e-service) and for retention.

Services flush; the unit of work commits. A file is written to the storage only after every
file of the call has passed its checks, and deleted again if the unit is rolled back
(``unit_of_work.on_rollback``), so a refused or failed request leaves no file behind; removal
deletes files only once the unit is committed (``unit_of_work.after_commit``), so a rolled-back
removal leaves them in place.
"""
import hashlib
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask import current_app
from werkzeug.datastructures import FileStorage

from casework import trail
from casework.attachments import queries
from casework.attachments.checks import Checked, Limits, check
from casework.attachments.images import BadImage, reencode
from casework.attachments.models import Attachment
from casework.attachments.storage import StorageFailed, new_key, storage
from casework.auth.models import User
from casework.core import unit_of_work
from casework.core.clock import utcnow
from casework.core.errors import DomainError, FieldError, InvalidFields
from casework.core.extensions import db

if TYPE_CHECKING:  # attachments hang off cases; the cases do not depend on this package
    from casework.cases.models import Case

#: The form field the reasons belong to: every form that takes attachments names it so
#: (``casework.attachments.forms.AttachmentsField``).
FIELD = "attachments"

#: The case row, locked while its attachments are counted, so that two uploads at once cannot
#: pass the limit together (SQLite's transactions take the write lock as they begin).
_cases = sa.table("cases", sa.column("id"))


class StorageUnavailable(DomainError):
    """The storage could not take the files; nothing is saved."""

    def __init__(self):
        super().__init__("Bilagorna kunde inte sparas just nu. Ingenting är sparat; försök "
                         "igen om en stund.")


def limits() -> Limits:
    return Limits.of(current_app.config)


def add_files(case: "Case", files: list[FileStorage], *, by: User | None) -> list[Attachment]:
    """Attach ``files`` to ``case``, uploaded by ``by`` (None: the public e-service), and
    audit each; return the new rows, in order. Files left empty by the browser (an input
    nothing was chosen in) are skipped, so no files give an empty list.

    Raises InvalidFields (at ``FIELD``) naming each file refused and why, and then stores
    none of them; StorageUnavailable if the storage fails.
    """
    db.session.execute(sa.select(_cases.c.id).where(_cases.c.id == case.id).with_for_update())
    passed, problems = check(files, limits(), existing=queries.count(case.id))
    ready = []
    for checked in passed:
        try:
            ready.append(_prepared(checked))
        except BadImage as bad:
            problems.append(f"{checked.name}: {bad}")
    if problems:
        raise InvalidFields(FieldError(FIELD, problem) for problem in problems)
    rows = [_row(case, checked, by) for checked in ready]
    db.session.add_all(rows)
    db.session.flush()
    backend = storage()
    for row, checked in zip(rows, ready):
        unit_of_work.on_rollback(partial(backend.delete, row.storage_key))
        try:
            backend.put(row.storage_key, checked.data, checked.kind.mime)
        except StorageFailed as failed:
            current_app.logger.error("attachment storage failed: %s", failed)
            raise StorageUnavailable() from failed
        trail.record("attachment_add", case_id=case.id, unit_id=case.unit_id, actor=by,
                     attachment=row.id, format=checked.kind.key, size=row.size)
    return rows


def _prepared(checked: Checked) -> Checked:
    """The file as stored: an image re-encoded without its metadata (HEIC as JPEG, its name
    ending in .jpg), anything else as it came."""
    if not checked.kind.image:
        return checked
    clean = reencode(checked.data, checked.kind)
    name = checked.name
    if clean.kind is not checked.kind:
        stem = name.rpartition(".")[0] or name
        name = f"{stem[:200 - len(clean.kind.extensions[0]) - 1]}.{clean.kind.extensions[0]}"
    return Checked(name, clean.kind, clean.data)


def _row(case: "Case", checked: Checked, by: User | None) -> Attachment:
    return Attachment(
        case_id=case.id, file_name=checked.name, content_type=checked.kind.mime,
        size=len(checked.data), storage_key=new_key(),
        sha256=hashlib.sha256(checked.data).hexdigest(),
        uploaded_by_id=by.id if by is not None else None,
    )


def remove_case_files(case: "Case") -> int:
    """Retention: delete the files of ``case``'s attachments and blank their names; the rows
    stay, marked removed. Returns how many were removed and audits it. The files go once the
    unit of work commits (call it within one: a request, or ``unit_of_work.unit()``)."""
    rows = queries.of_case(case.id)
    if not rows:
        return 0
    now, keys = utcnow(), [row.storage_key for row in rows]
    for row in rows:
        row.removed_at, row.file_name = now, ""
    db.session.flush()
    trail.record("attachment_remove", case_id=case.id, unit_id=case.unit_id,
                 attachments=[row.id for row in rows])
    unit_of_work.after_commit(partial(_delete_files, keys))
    return len(rows)


def _delete_files(keys: Iterable[str]) -> None:
    backend = storage()
    for key in keys:
        try:
            backend.delete(key)
        except Exception:  # the rows say removed; a file left is logged, not hidden
            current_app.logger.exception("an attachment's file could not be deleted")
