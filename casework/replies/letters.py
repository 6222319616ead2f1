"""The answer printed as a letter: A4, the unit's address block, the recipient, the date, the
case number and the text (reportlab, as the other documents)."""
import io
from xml.sax.saxutils import escape

from flask_babel import format_date
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from casework.cases.models import Case, CaseFeedback, FeedbackMethod
from casework.replies.answers import address_block


def is_letter(feedback: CaseFeedback) -> bool:
    """Whether the återkoppling is a letter that can be printed (again)."""
    return feedback.method is FeedbackMethod.BREV and bool(feedback.content)


def filename(case: Case, feedback: CaseFeedback) -> str:
    return f"svar-{case.number}-{feedback.given_on.isoformat()}.pdf"


def letter_pdf(case: Case, feedback: CaseFeedback) -> bytes:
    """The letter of återkoppling ``feedback`` (a letter, see ``is_letter``) on ``case``."""
    styles = getSampleStyleSheet()
    normal = styles["Normal"]
    out = io.BytesIO()
    title = f"Svar på ärende {case.number}"
    pdf = SimpleDocTemplate(out, pagesize=A4, title=title, leftMargin=2.5 * cm,
                            rightMargin=2.5 * cm, topMargin=2 * cm, bottomMargin=2 * cm)
    sender = address_block(case.unit)
    name, lines = sender if sender else (case.unit.name, [])
    story = [Paragraph("<br/>".join(escape(line) for line in [name, *lines]), normal),
             Spacer(1, 1.5 * cm),
             Paragraph(escape(feedback.recipient), normal),
             Spacer(1, 1.5 * cm),
             Paragraph(escape(f"Datum: {format_date(feedback.given_on, 'd MMMM y')}"), normal),
             Paragraph(escape(f"Ärende: {case.number}"), normal),
             Spacer(1, 0.8 * cm),
             Paragraph(escape(title), styles["Heading2"])]
    for paragraph in (feedback.content or "").split("\n\n"):
        lines = [escape(line) for line in paragraph.splitlines()]
        story.append(Paragraph("<br/>".join(lines) or "&nbsp;", normal))
        story.append(Spacer(1, 0.3 * cm))
    pdf.build(story)
    return out.getvalue()
