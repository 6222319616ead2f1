"""Forms of the standard-text pages and of the answer. They check shape; the services decide
(which node, which placeholders, whether everything is filled)."""
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField

from casework.access.policy import ANSWERED_TYPES
from casework.cases.forms import submission_field
from casework.cases.handling_forms import VersionField
from casework.core.case_types import CaseType
from casework.core.columns import db_int
from casework.core.fields import FreeText
from casework.organisation.models import OrgNode
from casework.replies import answers, placeholders, services
from casework.replies.models import PURPOSE_LABELS, ReplyText

EVERYWHERE = "Alla enheter"
ANSWERED_TYPES_ORDERED = [t for t in CaseType if t in ANSWERED_TYPES]
NBSP = "\u00a0"


def _id_or_none(value):
    if value in (None, "", "None"):
        return None
    try:
        return db_int(value)
    except ValueError:
        return -1  # no row has it: the service says "choose from the list"


class ReplyTextForm(FlaskForm):
    purpose = SelectField("Används till", choices={p.value: label for p, label
                                                   in PURPOSE_LABELS.items()},
                          validate_choice=False)
    case_type = SelectField("Ärendetyp", validate_choice=False, choices={
        "": "Alla typer"} | {t.value: t.label for t in ANSWERED_TYPES_ORDERED})
    category = SelectField("Kategori", validate_choice=False)
    node = SelectField("Gäller", coerce=_id_or_none, validate_choice=False)
    name = FreeText("Namn på mallen", limit=services.NAME_MAX, line=True,
                    required="Ge mallen ett namn.")
    subject = FreeText(
        "Ämnesrad i e-posten", limit=services.SUBJECT_MAX, line=True,
        description="För kvittens och svar. Skriv aldrig vad ärendet gäller här: ämnesraden "
                    "syns i inkorgen. Till exempel: Svar på ditt ärende {ärendenummer}.")
    body = FreeText("Text", limit=services.BODY_MAX, required="Skriv mallens text.",
                    render_kw={"rows": 12},
                    description="Platshållare fylls i från ärendet: " + placeholders.known()
                                + ". En kvittens kan inte använda {handläggare}, {titel} "
                                  "eller {åtgärder}.")

    def __init__(self, nodes: list[OrgNode], everywhere: bool, categories: dict[str, str],
                 **kwargs):
        super().__init__(**kwargs)
        self.node.choices = ({"": EVERYWHERE} if everywhere else {}) | {
            str(n.id): f"{NBSP * 3 * n.kind.rank}{n.name}" for n in nodes}
        self.category.choices = {"": "Alla kategorier"} | categories

    def given(self) -> services.TextInput:
        return services.TextInput(
            purpose=self.purpose.data or "", case_type=self.case_type.data or "",
            category=self.category.data or "", node_id=self.node.data, name=self.name.data,
            subject=self.subject.data or "", body=self.body.data or "")

    @staticmethod
    def values_of(text: ReplyText) -> dict:
        return {"purpose": text.purpose.value,
                "case_type": text.case_type.value if text.case_type else "",
                "category": text.category or "", "node": text.org_node_id,
                "name": text.name, "subject": text.subject or "", "body": text.body}


class ConfirmForm(FlaskForm):
    """A button that deletes: only the CSRF token."""


class AnswerForm(FlaskForm):
    """The answer: the text (placeholders filled when previewed), the standard text it came
    from (for the subject), the case version it was previewed at, and the one-time token."""

    version = VersionField()
    submission = submission_field()
    text_id = HiddenField()
    body = FreeText("Svarets text", limit=answers.BODY_MAX, required="Skriv svaret.",
                    render_kw={"rows": 14},
                    description="Platshållarna, till exempel {ärendenummer}, fylls i från "
                                "ärendet när du förhandsgranskar.")
    recipient = FreeText("Brevet är till", limit=answers.RECIPIENT_MAX, line=True,
                         description="Namnet på den som får brevet, som det skrivs i brevet "
                                     "och i återkopplingen.")

    @property
    def chosen_id(self) -> int | None:
        data = self.text_id.data or ""
        return int(data) if data.isdigit() and len(data) < 10 else None
