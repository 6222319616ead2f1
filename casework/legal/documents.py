"""The lex Sarah utredning as docx and PDF, in the structure IVO asks for: what happened, why,
the measures, the assessment (with who signed it), and the legal references in force.

Built with the libraries the report exports use (python-docx, reportlab).
"""
import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from docx import Document
from flask_babel import format_date
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from casework.cases.details import details_of
from casework.cases.models import Case
from casework.legal.terms import legal_terms

MISSING = "Inte ifyllt."


@dataclass(frozen=True)
class InvestigationDocument:
    title: str
    facts: list[tuple[str, str]]
    #: (heading, text) in IVO's order.
    sections: list[tuple[str, str]]


def investigation(case: Case) -> InvestigationDocument:
    """The utredning of a lex Sarah case, whatever step it has reached (empty parts say so)."""
    row = details_of(case)
    terms = legal_terms(case.type)

    def value(name: str) -> str:
        return (getattr(row, name, None) or "").strip() or MISSING

    def day(name: str) -> str:
        on = getattr(row, name, None)
        return format_date(on, "d MMMM y") if on else "–"

    signed = "–"
    if row is not None and row.assessment:
        signer = row.assessed_by.name if row.assessed_by else "okänd"
        signed = f"{signer}, {day('assessed_on')}"
    facts = [
        ("Ärende", case.number),
        ("Enhet", case.unit.name),
        ("Rapporten inkom", format_date(case.received_on, "d MMMM y")),
        ("Utredningen påbörjad", day("investigation_started_on")),
        ("Utredningen klar", day("investigation_finished_on")),
    ]
    sections = [
        ("Vad har hänt?", value("what_happened")),
        ("Varför hände det?", value("why")),
        ("Omedelbara skyddsåtgärder", value("protective_measures")),
        ("Vidtagna och planerade åtgärder", value("measures")),
        ("Vad ska förhindra att det händer igen?", value("prevention")),
        ("Bedömning", terms.assessment_label(getattr(row, "assessment", None))
         if row is not None and row.assessment else MISSING),
        ("Bedömningen signerad av", signed),
        ("Lagrum", "\n".join(terms.references_on(case.received_on))),
    ]
    return InvestigationDocument(f"Utredning enligt lex Sarah, ärende {case.number}",
                                 facts, sections)


def to_docx(document: InvestigationDocument) -> bytes:
    word = Document()
    word.add_heading(document.title, level=1)
    for label, text in document.facts:
        paragraph = word.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(text)
    for heading, text in document.sections:
        word.add_heading(heading, level=2)
        for line in text.splitlines() or [""]:
            word.add_paragraph(line)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def to_pdf(document: InvestigationDocument) -> bytes:
    out = io.BytesIO()
    styles = getSampleStyleSheet()
    pdf = SimpleDocTemplate(out, pagesize=A4, title=document.title, leftMargin=2 * cm,
                            rightMargin=2 * cm, topMargin=2 * cm, bottomMargin=2 * cm)
    story = [Paragraph(escape(document.title), styles["Title"])]
    for label, text in document.facts:
        story.append(Paragraph(f"<b>{escape(label)}:</b> {escape(text)}", styles["Normal"]))
    for heading, text in document.sections:
        story.append(Spacer(1, 0.3 * cm))
        story.append(Paragraph(escape(heading), styles["Heading2"]))
        for line in text.splitlines() or [""]:
            story.append(Paragraph(escape(line), styles["Normal"]))
    pdf.build(story)
    return out.getvalue()
