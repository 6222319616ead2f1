"""The report table's text column ("Bedömning och planerade åtgärder"): saved text per row, and
drafts built from the closing summaries of the cases a row counts.

A note belongs to one node, report year, template and row; it does not depend on the cut-off,
so the text written for the year's table follows every cut-off of that year. A blank text
removes the note: the page then offers the draft again, while exports stay blank. Drafts are
read with counting's own row conditions, so a draft names exactly the cases its row counts.

A save says what its page showed (``Basis``), so that two people saving from pages loaded
at the same time cannot overwrite each other unseen: a row someone else saved since is refused
with ``NotesConflict`` if the user changed it, and left to the other's text if not. Who reads
the notes and drafts is the policy's ``reads_report_notes``.
"""
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.orm.exc import StaleDataError

from casework.auth.models import User
from casework.cases.models import Case
from casework.core.clock import utcnow
from casework.core.columns import TZDateTime
from casework.core.errors import Conflict, DomainError, UnknownValue
from casework.core.extensions import db
from casework.core.taxonomy import Template, catalogue
from casework.organisation.models import OrgNode
from casework.organisation.services import node_by_code
from casework.reports.counting import case_columns, cases_in_scope, matches_any
from casework.reports.model import ReportTable

#: The longest text a row takes: about a page, far more than a table cell should hold.
MAX_NOTE_LENGTH = 4000
#: Closing summaries per draft, newest first; each shortened so that a draft fits in a note.
DRAFT_CASES = 5
DRAFT_SUMMARY_LENGTH = 700


class ReportNote(db.Model):
    """The text of one row of one node's table for a report year and template."""

    __tablename__ = "report_notes"
    __table_args__ = (
        sa.UniqueConstraint("node_id", "year", "template", "row_key", name="uq_report_notes_row"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    node_id: Mapped[int] = mapped_column(sa.ForeignKey("org_nodes.id"))
    year: Mapped[int]
    #: The template's year: row keys are the template's, and templates change between years.
    template: Mapped[int]
    row_key: Mapped[str] = mapped_column(sa.String(64))
    text: Mapped[str] = mapped_column(sa.Text)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(TZDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


def digest(text: str) -> str:
    """A short fingerprint of ``text``, for telling whether it changed since a page showed it."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Basis:
    """What a page showed of one row: the digest of the saved text ("" for none) and, when
    known, of the text in the row's box (the saved text, the draft, or what the user typed)."""

    saved: str = digest("")
    shown: str | None = None

    def shows(self, text: str) -> bool:
        return self.shown == digest(text)


class NotesConflict(Conflict):
    """Rows (``keys``) that someone else saved after the page was loaded, and that the user
    changed too: nothing is saved."""

    def __init__(self, keys: list[str]):
        self.keys = keys
        super().__init__("Någon annan har sparat texten på samma rad efter att du öppnade sidan.")


def _notes(node: OrgNode, year: int, template: Template) -> dict[str, ReportNote]:
    query = sa.select(ReportNote).where(ReportNote.node_id == node.id, ReportNote.year == year,
                                        ReportNote.template == template.year)
    return {note.row_key: note for note in db.session.scalars(query)}


def notes_for(node: OrgNode, year: int, template: Template) -> dict[str, str]:
    """The saved text per row key; rows without a note are absent."""
    return {key: note.text for key, note in _notes(node, year, template).items()}


def with_notes(table: ReportTable) -> ReportTable:
    """``table`` with each row's ``note`` set to its saved text, for the page and the exports."""
    texts = notes_for(node_by_code(table.unit), table.year, catalogue().templates[table.template])
    return replace(table, rows=tuple(replace(row, note=texts.get(row.key, ""))
                                     for row in table.rows))


def save_notes(node: OrgNode, year: int, template: Template, texts: dict[str, str],
               user: User, basis: Mapping[str, Basis]) -> list[str]:
    """Store ``texts`` (row key → text) and return the keys that changed; flushes only.

    ``basis`` says what the page showed of each row (a row without one: no saved text). Rows not
    in ``texts`` stay as they are; a blank text removes the row's note; a row someone else saved
    since the page showed it keeps their text if the user left it as shown. Raises UnknownValue
    for a key the template does not have, DomainError for a text that is too long, and
    NotesConflict, saving nothing, for rows both changed (also at the same moment).
    """
    keys = [row.key for _, row in template.rows()]
    stored = _notes(node, year, template)
    changes, conflicts = {}, []
    for key, text in texts.items():
        if key not in keys:
            raise UnknownValue("row", key, keys)
        if len(text) > MAX_NOTE_LENGTH:
            raise DomainError(f"Texten får vara högst {MAX_NOTE_LENGTH} tecken.")
        current = stored[key].text if key in stored else ""
        seen = basis.get(key, Basis())
        stale = digest(current) != seen.saved  # saved by someone else after the page showed it
        if text == current or (stale and seen.shows(text)):
            continue  # nothing to save, or the user left the row as shown: the other's text stays
        if stale:
            conflicts.append(key)
        changes[key] = text
    if conflicts:
        raise NotesConflict(conflicts)
    for key, text in changes.items():
        _store(stored.get(key), node, year, template, key, text, user)
    try:
        db.session.flush()
    except (IntegrityError, StaleDataError):
        raise NotesConflict(list(changes)) from None
    return list(changes)


def _store(note: ReportNote | None, node: OrgNode, year: int, template: Template, key: str,
           text: str, user: User) -> None:
    if not text:
        db.session.delete(note)
    elif note:
        note.text, note.updated_by_id = text, user.id
    else:
        db.session.add(ReportNote(node_id=node.id, year=year, template=template.year,
                                  row_key=key, text=text, updated_by_id=user.id))


def draft_for(template: Template, node: OrgNode, year: int, cutoff: date) -> dict[str, str]:
    """Per row key, a draft of "2025-0042: <summary>" lines from the newest closing summaries
    of the cases the row counts, closed on or before ``cutoff``; rows without any are absent.

    One statement: a UNION ALL of one SELECT per row, ranked per row in the database.
    """
    closed = sa.and_(cases_in_scope(node, year, cutoff), Case.closed_on <= cutoff,
                     sa.func.trim(Case.closing_summary) != "")
    per_row = [
        sa.select(sa.literal(row.key, sa.String).label("row_key"), Case.number,
                  Case.closing_summary.label("summary"), Case.closed_on)
        .where(closed, matches_any(row.clauses, case_columns(cutoff)))
        for _, row in template.rows()
    ]
    hits = sa.union_all(*per_row).subquery()
    rank = sa.func.row_number().over(partition_by=hits.c.row_key,
                                     order_by=(hits.c.closed_on.desc(), hits.c.number.desc()))
    ranked = sa.select(hits, rank.label("rank")).subquery()
    query = (sa.select(ranked.c.row_key, ranked.c.number, ranked.c.summary)
             .where(ranked.c.rank <= DRAFT_CASES)
             .order_by(ranked.c.row_key, ranked.c.rank))
    drafts: dict[str, list[str]] = {}
    for key, number, summary in db.session.execute(query):
        drafts.setdefault(key, []).append(f"{number}: {_shortened(summary)}")
    return {key: "\n".join(lines) for key, lines in drafts.items()}


def _shortened(summary: str) -> str:
    """The summary on one line, cut at a word to at most DRAFT_SUMMARY_LENGTH characters."""
    text = " ".join(summary.split())
    if len(text) <= DRAFT_SUMMARY_LENGTH:
        return text
    return text[:DRAFT_SUMMARY_LENGTH - 1].rsplit(" ", 1)[0] + "…"
