from flask_wtf import FlaskForm

from casework.core.fields import FreeText
from casework.logchecks.services import COMMENT_MAX


class SignOffForm(FlaskForm):
    comment = FreeText(
        "Vad visade kontrollen, och vad gjordes?", limit=COMMENT_MAX,
        required="Skriv vad kontrollen visade och vad som gjordes.",
    )
