"""The follow-up question's form, and the handler's form to decline a reopen request. They
check shape; casework.followup.services decides."""
from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.validators import AnyOf, InputRequired

from casework.cases.handling_forms import HandlingForm
from casework.core.fields import FreeText
from casework.followup.models import ANSWER_LABELS
from casework.followup.services import COMMENT_MAX, DECLINE_REASON, NO_CHOICE


class AnswerForm(FlaskForm):
    answer = RadioField(
        "Är du nöjd med hur ditt klagomål togs om hand?",
        choices={a.value: label for a, label in ANSWER_LABELS.items()},
        validators=[InputRequired(NO_CHOICE), AnyOf([a.value for a in ANSWER_LABELS], NO_CHOICE)],
        validate_choice=False,
    )
    comment = FreeText(
        "Kommentar (frivillig)",
        description="Skriv gärna vad som blev bra eller vad som inte blev det. Svarar du Nej "
                    "och skriver en kommentar får handläggaren frågan om ärendet ska öppnas "
                    "igen. Skriv inte personnummer.",
        limit=COMMENT_MAX,
    )


class DeclineForm(HandlingForm):
    step, title, submit = "decline_reopen", "Avslå begäran", "Avslå"
    reason = FreeText(
        "Varför återöppnas inte ärendet?",
        description="Skälet sparas med ärendet.",
        limit=2000, required=DECLINE_REASON,
    )
