"""Standard texts for every unit, to start from: a receipt, an answer per complaint type and
an APT summary. The demo adds them; an admin changes or removes them on /svarsmallar."""
import sqlalchemy as sa

from casework import trail
from casework.core.case_types import CaseType
from casework.core.extensions import db
from casework.replies.models import ReplyText, TextPurpose

SIGNATURE = "Med vänliga hälsningar\n{handläggare}\n{titel}\n{enhet}"

DEFAULT_TEXTS = [
    {"purpose": TextPurpose.RECEIPT, "case_type": None, "name": "Kvittens",
     "subject": "Vi har tagit emot ditt ärende {ärendenummer}",
     "body": "Hej!\n\nTack för att du hörde av dig till {enhet}. Vi tog emot ditt ärende den "
             "{inkom} och det har fått nummer {ärendenummer}. Ange numret om du kontaktar "
             "oss om ärendet.\n\nVi svarar dig inom tio arbetsdagar.\n\n"
             "Med vänliga hälsningar\n{enhet}"},
    {"purpose": TextPurpose.ANSWER, "case_type": CaseType.KLAGOMAL, "name": "Svar på klagomål",
     "subject": "Svar på ditt ärende {ärendenummer}",
     "body": "Hej!\n\nTack för att du berättade för oss om det som inte blev bra. Vi har gått "
             "igenom ditt klagomål ({ärendenummer}) och har gjort följande:\n\n{åtgärder}\n\n"
             "Vi tar också upp det på vår nästa arbetsplatsträff så att vi lär oss av det. "
             "Hör gärna av dig om du har frågor.\n\n" + SIGNATURE},
    {"purpose": TextPurpose.ANSWER, "case_type": CaseType.SYNPUNKT, "name": "Svar på synpunkt",
     "subject": "Svar på ditt ärende {ärendenummer}",
     "body": "Hej!\n\nTack för din synpunkt ({ärendenummer}). Vi har tagit den till oss och "
             "gjort följande:\n\n{åtgärder}\n\nHör gärna av dig om du har fler idéer.\n\n"
             + SIGNATURE},
    {"purpose": TextPurpose.ANSWER, "case_type": CaseType.BEROM, "name": "Tack för berömmet",
     "subject": "Tack för ditt beröm, ärende {ärendenummer}",
     "body": "Hej!\n\nTack för dina vänliga ord. Vi har berättat det för personalen, som blev "
             "glada.\n\n" + SIGNATURE},
    {"purpose": TextPurpose.APT, "case_type": None, "name": "APT-sammanfattning",
     "subject": None,
     "body": "Ärende {ärendenummer} ({typ}), inkom {inkom}. Åtgärder:\n{åtgärder}"},
]


def add_defaults() -> int:
    """Add ``DEFAULT_TEXTS`` for every unit unless texts for every unit exist; how many were
    added. Flushes; the caller commits."""
    if db.session.scalar(sa.select(ReplyText.id).where(ReplyText.org_node_id.is_(None))):
        return 0
    for values in DEFAULT_TEXTS:
        text = ReplyText(**values)
        db.session.add(text)
        db.session.flush()
        trail.record_admin_change("reply_text_create", before=None,
                                  after={"purpose": text.purpose.value, "name": text.name},
                                  reply_text=text.id)
    return len(DEFAULT_TEXTS)
