"""The service's promises about files and transactions: a file is written only for rows that
commit, and removal (retention) deletes files only once it commits."""
import pytest
import sqlalchemy as sa

from casework.attachments import queries
from casework.attachments.services import FIELD, add_files, remove_case_files
from casework.attachments.storage import MissingFile
from casework.core import unit_of_work
from casework.core.errors import InvalidFields
from casework.core.extensions import db
from casework.trail.models import AuditEvent
from tests.attachments import samples
from tests.attachments.conftest import rows
from tests.attachments.samples import upload


class Undo(Exception):
    """Raised in a unit of work to roll it back."""


def test_files_of_a_committed_unit_stay(case, manager, stored_files):
    with unit_of_work.unit():
        [added] = add_files(case, [upload("brev.pdf", samples.pdf())], by=manager)
    assert added.storage_key in stored_files()
    assert queries.content(added)[:5] == b"%PDF-"


def test_a_rolled_back_unit_leaves_no_file(case, manager, stored_files):
    before = stored_files()
    with pytest.raises(Undo), unit_of_work.unit():
        add_files(case, [upload("brev.pdf", samples.pdf()), upload("a.txt", samples.TEXT)],
                  by=manager)
        assert len(stored_files()) == len(before) + 2  # written before the commit ...
        raise Undo()
    assert stored_files() == before  # ... and gone with the rollback
    assert rows() == []


def test_a_refusal_names_each_file_at_the_field_and_stores_none(case, manager, stored_files):
    before = stored_files()
    with pytest.raises(InvalidFields) as refused:
        add_files(case, [upload("ok.pdf", samples.pdf()), upload("x.pdf", samples.exe())],
                  by=manager)
    assert [(e.field, e.message) for e in refused.value.errors] == [
        (FIELD, "x.pdf: filen är inte en PDF fast den heter .pdf.")]
    assert stored_files() == before and rows() == []


def test_the_public_e_service_uploads_as_nobody(case):
    with unit_of_work.unit():
        [added] = add_files(case, [upload("foto.png", samples.png())], by=None)
    assert added.uploaded_by_id is None
    [event] = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == "attachment_add"))
    assert (event.user_id, event.case_id, event.detail["attachment"]) == (
        None, case.id, added.id)


def test_no_files_add_nothing(case, manager):
    assert add_files(case, [], by=manager) == []
    assert add_files(case, [upload("", b"")], by=manager) == []


def test_retention_deletes_the_files_once_committed_and_keeps_blank_rows(case, manager,
                                                                        stored_files):
    with unit_of_work.unit():
        added = add_files(case, [upload("Anna Andersson.pdf", samples.pdf()),
                                 upload("b.txt", samples.TEXT)], by=manager)
    keys = {a.storage_key for a in added}

    with unit_of_work.unit():
        assert remove_case_files(case) == 2
        assert keys <= set(stored_files())  # not before the commit

    assert not keys & set(stored_files())
    assert queries.of_case(case.id) == []
    assert [(a.file_name, a.removed_at is not None) for a in rows()] == [("", True), ("", True)]
    with pytest.raises(MissingFile):
        queries.content(added[0])
    [event] = db.session.scalars(sa.select(AuditEvent.detail).where(
        AuditEvent.action == "attachment_remove"))
    assert event == {"attachments": [a.id for a in added]}
    with unit_of_work.unit():
        assert remove_case_files(case) == 0


def test_a_rolled_back_removal_keeps_the_files(case, manager, stored_files):
    with unit_of_work.unit():
        [added] = add_files(case, [upload("brev.pdf", samples.pdf())], by=manager)
    with pytest.raises(Undo), unit_of_work.unit():
        remove_case_files(case)
        raise Undo()
    assert added.storage_key in stored_files()
    assert [a.id for a in queries.of_case(case.id)] == [added.id]
