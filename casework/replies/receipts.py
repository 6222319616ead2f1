"""The receipt e-mail of a case that came in with an e-mail address: from the "kvittens"
standard text that applies to it, or the built-in one."""
from collections.abc import Callable

from casework.cases.models import Case
from casework.replies import placeholders
from casework.replies.answers import values
from casework.replies.models import TextPurpose
from casework.replies.queries import applicable

FALLBACK_SUBJECT = "Vi har tagit emot ditt ärende {ärendenummer}"
FALLBACK_BODY = """Hej!

Tack för att du hörde av dig till {enhet}. Vi tog emot ditt ärende den {inkom} och det har fått nummer {ärendenummer}. Ange numret om du kontaktar oss om ärendet.

Vi svarar dig så snart vi kan.

Med vänliga hälsningar
{enhet}"""


def receipt_text(case: Case, fallback: Callable[[Case], tuple[str, str]] | None = None,
                 ) -> tuple[str, str]:
    """(subject, body) of the receipt to send for ``case``: the most specific kvittens text
    that applies to it and fills in completely, else ``fallback``'s (the caller's own), else
    the built-in text. The subject never holds the case's description."""
    filled = values(case)
    for text in applicable(case, TextPurpose.RECEIPT):
        subject = placeholders.render(text.subject or FALLBACK_SUBJECT, filled)
        body = placeholders.render(text.body, filled)
        if not subject.missing and not body.missing:
            return subject.text, body.text
    if fallback is not None:
        return fallback(case)
    return (placeholders.render(FALLBACK_SUBJECT, filled).text,
            placeholders.render(FALLBACK_BODY, filled).text)
