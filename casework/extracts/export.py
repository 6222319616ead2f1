"""The registerutdrag of the cases the admin ticked: one record per case, written as JSON and as
an A4 PDF (reportlab, as the other documents of the app) from the same records.

The JSON (``to_json``) is an object with these keys:

* ``kind``: ``"casework.registerutdrag"``; ``version``: 1;
* ``created_at`` (ISO 8601, UTC), ``created_by`` (the admin's name), ``cases``: a list of
  records, in case-number order, each with
  ``number``, ``type`` (code) and ``type_label``, ``status`` and ``status_label``, ``unit`` and
  ``unit_code``, ``received_on``, ``occurred_on``, ``closed_on`` (ISO dates or null),
  ``anonymous``, ``source``, ``channel``, ``identified_by``, ``concerns`` (labels or null),
  ``categories`` (labels), the texts ``description``, ``immediate_measures``, ``contact``,
  ``contact_email``, ``closing_summary``, ``apt_note`` and ``apt_discussed_on``,
  ``registered_by`` and ``handler`` (names or null),
  ``actions`` (``taken_on``, ``description``),
  ``feedback`` (``given_on``, ``method``, ``recipient``, ``content``),
  ``legal`` (null, or ``assessment``, ``assessed_by``, ``authority_notified_on`` and ``fields``:
  ``key``, ``label``, ``value`` of each filled field of the legal detail),
  ``follow_ups`` (``sent_at``, ``answered_at``, ``answer``, ``comment``, ``reopen_status``,
  ``reopen_reason``),
  ``attachments`` (``file_name``, ``content_type``, ``size``, ``added_at``, ``removed_at``: the
  files are listed, not included), and ``history`` (``at``, ``by``, ``text``).
"""
import io
import json
from datetime import date, datetime
from xml.sax.saxutils import escape

import sqlalchemy as sa
from flask_babel import format_date, format_datetime
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from casework.access.policy import extract_units
from casework.attachments.models import Attachment
from casework.auth.models import User
from casework.cases import handling, workflow
from casework.cases.details import details_of
from casework.cases.models import Case
from casework.core.clock import utcnow
from casework.core.extensions import db
from casework.core.taxonomy import catalogue
from casework.extracts.fields import LEGAL_FIELDS
from casework.followup.models import FollowUp, ReopenRequest
from casework.legal.terms import legal_terms

KIND, VERSION = "casework.registerutdrag", 1


def in_scope(user: User, ids) -> tuple[list[Case], list[tuple[int, int]]]:
    """The cases of ``ids`` within ``user``'s registerutdrag scope, by number, and the
    (id, unit id) of those that exist out of it."""
    ids = list(ids)
    units = [unit.id for unit in extract_units(user)]
    cases = list(db.session.scalars(sa.select(Case).where(
        Case.id.in_(ids), Case.unit_id.in_(units)).order_by(Case.number)))
    inside = {case.id for case in cases}
    outside = db.session.execute(sa.select(Case.id, Case.unit_id).where(
        Case.id.in_([i for i in ids if i not in inside]))).all()
    return cases, [tuple(row) for row in outside]


def extract(user: User, cases: list[Case]) -> dict:
    """The registerutdrag of ``cases`` made by ``user``, as the JSON's object."""
    return {"kind": KIND, "version": VERSION, "created_at": utcnow(), "created_by": user.name,
            "cases": [record(case) for case in cases]}


def record(case: Case) -> dict:
    """Everything stored of ``case``, as the module's docstring lists it."""
    terms = catalogue().taxonomy
    return {
        "number": case.number, "type": str(case.type), "type_label": case.type.label,
        "status": case.status, "status_label": workflow.status_label(case.status),
        "unit": case.unit.name, "unit_code": case.unit.code,
        "received_on": case.received_on, "occurred_on": case.occurred_on,
        "closed_on": case.closed_on, "anonymous": case.anonymous,
        "source": _term(terms.sources, case.source),
        "channel": _term(terms.channels, case.channel),
        "identified_by": _term(terms.identified_by, case.identified_by),
        "concerns": _term(terms.concerns, case.concerns),
        "categories": handling.category_labels_of(case),
        "description": case.description, "immediate_measures": case.immediate_measures,
        "contact": case.contact, "contact_email": case.contact_email,
        "closing_summary": case.closing_summary, "apt_note": case.apt_note,
        "apt_discussed_on": case.apt_discussed_on,
        "registered_by": case.registered_by.name if case.registered_by else None,
        "handler": case.handler.name if case.handler else None,
        "actions": [{"taken_on": a.taken_on, "description": a.description}
                    for a in case.actions],
        "feedback": [{"given_on": f.given_on, "method": handling.FEEDBACK_METHODS[f.method],
                      "recipient": f.recipient, "content": f.content} for f in case.feedback],
        "legal": _legal(case),
        "follow_ups": _follow_ups(case),
        "attachments": [
            {"file_name": a.file_name, "content_type": a.content_type, "size": a.size,
             "added_at": a.created_at, "removed_at": a.removed_at}
            for a in db.session.scalars(sa.select(Attachment).where(
                Attachment.case_id == case.id).order_by(Attachment.created_at, Attachment.id))],
        "history": [{"at": entry.at, "by": entry.who, "text": entry.text}
                    for entry in handling.timeline(case)],
    }


def _term(table, key: str | None) -> str | None:
    """A taxonomy key's label (the key itself if the taxonomy no longer has it)."""
    if key is None:
        return None
    return table[key].label if key in table else key


def _legal(case: Case) -> dict | None:
    row = details_of(case)
    if row is None:
        return None
    assessment = getattr(row, "assessment", None)
    signer = getattr(row, "assessed_by", None)
    return {
        "assessment": legal_terms(case.type).assessment_label(assessment) if assessment else None,
        "assessed_by": signer.name if signer else None,
        "authority_notified_on": case.authority_notified_on,
        "fields": [{"key": name, "label": label, "value": getattr(row, name)}
                   for name, label in LEGAL_FIELDS[type(row)]
                   if getattr(row, name) not in (None, "")],
    }


def _follow_ups(case: Case) -> list[dict]:
    rows = db.session.execute(
        sa.select(FollowUp, ReopenRequest)
        .outerjoin(ReopenRequest, ReopenRequest.follow_up_id == FollowUp.id)
        .where(FollowUp.case_id == case.id).order_by(FollowUp.sent_at, FollowUp.id)).all()
    return [{"sent_at": question.sent_at, "answered_at": question.answered_at,
             "answer": question.answer.label if question.answer else None,
             "comment": question.comment,
             "reopen_status": str(request.status) if request else None,
             "reopen_reason": request.reason if request else None}
            for question, request in rows]


def to_json(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2, default=_iso).encode()


def _iso(value) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


#: The record's single values in the PDF, in order: (key, label).
FACTS = (
    ("status_label", "Status"), ("unit", "Enhet"), ("anonymous", "Anonym"),
    ("received_on", "Inkom"), ("occurred_on", "Hände"), ("closed_on", "Avslutad"), ("source", "Från vem"),
    ("channel", "Kanal"), ("identified_by", "Vem identifierade avvikelsen"),
    ("concerns", "Vem avser avvikelsen"), ("registered_by", "Registrerad av"),
    ("handler", "Handläggare"), ("contact", "Kontaktuppgifter"),
    ("contact_email", "E-post för svar"), ("description", "Beskrivning"),
    ("immediate_measures", "Omedelbara åtgärder"), ("closing_summary", "Sammanfattning"),
    ("apt_note", "Text till APT"), ("apt_discussed_on", "Togs upp på APT"),
)


def to_pdf(document: dict) -> bytes:
    """The registerutdrag as an A4 PDF, in Swedish."""
    styles = getSampleStyleSheet()
    out = io.BytesIO()
    pdf = SimpleDocTemplate(out, pagesize=A4, title="Registerutdrag", lang="sv-SE",
                            author=document["created_by"], subject="Registerutdrag enligt "
                            "artikel 15 i dataskyddsförordningen", leftMargin=2 * cm,
                            rightMargin=2 * cm, topMargin=2 * cm, bottomMargin=2 * cm)
    count = len(document["cases"])
    story = [
        Paragraph("Registerutdrag", styles["Title"]),
        _fact("Upprättat", _text(document["created_at"])),
        _fact("Upprättat av", document["created_by"]),
        _fact("Antal ärenden", str(count)),
        Paragraph("De uppgifter som finns lagrade i casework om de valda ärendena "
                  "(artikel 15 i dataskyddsförordningen). Bilagorna listas med namn.",
                  styles["Normal"]),
    ]
    for case in document["cases"]:
        story += [Spacer(1, 0.5 * cm),
                  Paragraph(escape(f"{case['type_label']} {case['number']}"), styles["Heading1"])]
        story += [_fact(label, _text(case[key])) for key, label in FACTS
                  if case[key] not in (None, "", False)]
        story += _section("Kategorier", [escape(label) for label in case["categories"]])
        story += _section("Åtgärder", [f"{_text(a['taken_on'])}: {_lines(a['description'])}"
                                       for a in case["actions"]])
        story += _section("Återkoppling", [
            f"{_text(f['given_on'])}, {escape(f['method'])}, till {escape(f['recipient'])}"
            + (f": {_lines(f['content'])}" if f["content"] else "") for f in case["feedback"]])
        story += _legal_section(case)
        story += _section("Uppföljning", [
            f"Skickad {_text(q['sent_at'])}" + (f", svar: {escape(q['answer'])}" if q["answer"]
                                                 else ", inget svar")
            + (f", kommentar: {_lines(q['comment'])}" if q["comment"] else "")
            + (f", skäl att inte återöppna: {_lines(q['reopen_reason'])}"
               if q["reopen_reason"] else "") for q in case["follow_ups"]])
        story += _section("Bilagor", [
            escape(a["file_name"] or "(borttagen)") + f" ({a['size']} byte, tillagd "
            f"{_text(a['added_at'])}" + (f", borttagen {_text(a['removed_at'])}"
                                         if a["removed_at"] else "") + ")"
            for a in case["attachments"]])
        story += _section("Historik", [f"{_text(h['at'])}, {escape(h['by'])}: {escape(h['text'])}"
                                       for h in case["history"]])
    pdf.build(story)
    return out.getvalue()


def _legal_section(case: dict) -> list:
    legal = case["legal"]
    if legal is None:
        return []
    lines = [f"<b>{escape(field['label'])}:</b> {_text(field['value'])}"
             for field in legal["fields"]]
    if legal["assessment"]:
        signer = f", signerad av {escape(legal['assessed_by'])}" if legal["assessed_by"] else ""
        lines.append(f"<b>Bedömning:</b> {escape(legal['assessment'])}{signer}")
    if legal["authority_notified_on"]:
        lines.append(f"<b>Anmäld till tillsynsmyndigheten:</b> "
                     f"{_text(legal['authority_notified_on'])}")
    return _section(case["type_label"], lines)


def _section(heading: str, lines: list[str]) -> list:
    """A heading and its lines (already escaped markup); nothing when there are none."""
    if not lines:
        return []
    styles = getSampleStyleSheet()
    return [Paragraph(escape(heading), styles["Heading3"]),
            *(Paragraph(line, styles["Normal"]) for line in lines)]


def _fact(label: str, markup: str) -> Paragraph:
    return Paragraph(f"<b>{escape(label)}:</b> {markup}", getSampleStyleSheet()["Normal"])


def _text(value) -> str:
    """A value as escaped markup: dates and moments in Swedish, yes and no, line ends kept."""
    if isinstance(value, datetime):
        return escape(format_datetime(value, "d MMMM y 'kl.' HH:mm"))
    if isinstance(value, date):
        return escape(format_date(value, "d MMMM y"))
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    return _lines(str(value))


def _lines(text: str | None) -> str:
    return "<br/>".join(escape(line) for line in (text or "").splitlines())
