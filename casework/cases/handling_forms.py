"""Forms of the case page and the APT list. They check shape; casework.cases.handling decides."""
from collections.abc import Callable

from flask import url_for
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, SelectMultipleField
from wtforms.validators import InputRequired
from wtforms.widgets import CheckboxInput, ListWidget

from casework.auth.models import User
from casework.cases.handling import FEEDBACK_METHODS, eligible_handlers
from casework.cases.models import Case
from casework.core.clock import local_today
from casework.core.columns import db_int
from casework.core.fields import Day, FreeText


def _day(label: str) -> Day:
    return Day(label, default=local_today, validators=[InputRequired("Ange ett datum.")])


class VersionField(HiddenField):
    """The case version the user saw. A missing or mangled one is None, which counts as stale."""

    def process_formdata(self, valuelist):
        self.data = int(valuelist[0]) if valuelist and valuelist[0].isdigit() else None


class CaseIdsField(SelectMultipleField):
    """Case ids ticked in a list; one that no case can have is refused here, in Swedish."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, coerce=db_int, **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Välj ärenden ur listan.") from None


class HandlingForm(FlaskForm):
    """A form acting on one case. ``step`` is its workflow action and its field prefix."""

    step: str
    title: str
    submit: str
    #: A sentence above the fields, when the title alone does not say when to take the step.
    lead: str = ""
    version = VersionField()

    def values(self) -> dict:
        """The handling service's keyword arguments: every field but the version and token."""
        skipped = ("version", "csrf_token")
        return {name: f.data for name, f in self._fields.items() if name not in skipped}

    def action_url(self, case: Case) -> str:
        """Where the form posts: the route named after its step."""
        return url_for(f"cases.{self.step}", case_id=case.id)

    def set_choices(self, case: Case) -> None:
        """Set the choices that depend on the case."""

    def prefill(self, case: Case) -> None:
        """Fill the fields from what the case already holds (a form shown, not submitted)."""


class AssignForm(HandlingForm):
    step, title, submit = "assign", "Tilldela handläggare", "Tilldela"
    handler_id = SelectField("Handläggare", coerce=int)

    def set_choices(self, case: Case) -> None:
        self.handler_id.choices = {u.id: u.name for u in eligible_handlers(case)}


class ActionForm(HandlingForm):
    step, title, submit = "add_action", "Lägg till åtgärd", "Spara åtgärden"
    description = FreeText("Åtgärd", limit=4000, required="Beskriv vad som gjordes.")
    taken_on = _day("Datum")


class FeedbackForm(HandlingForm):
    step, title, submit = "record_feedback", "Registrera återkoppling", "Spara återkopplingen"
    given_on = _day("Datum")
    method = SelectField(
        "Hur",
        choices={"": "Välj hur"} | {m.value: label for m, label in FEEDBACK_METHODS.items()},
        validators=[InputRequired("Välj hur återkopplingen gavs.")],
    )
    recipient = FreeText(
        "Till vem",
        description="Till exempel brukaren, en närstående eller den som skrev avvikelsen.",
        limit=200, line=True, required="Ange till vem återkopplingen gavs.",
    )
    content = FreeText(
        "Vad återkopplades?",
        description="Det som sades eller skrevs. Den som registrerade ärendet kan läsa texten.",
        limit=4000, required="Beskriv vad som återkopplades.",
    )


#: What drafts the APT note of a case, from other packages (casework.replies: the APT standard
#: text that applies): functions of the case giving a text, or None when they have none.
APT_NOTE_DRAFTS: list[Callable[[Case], str | None]] = []


class MarkAptForm(HandlingForm):
    step, title, submit = "mark_for_apt", "Ta upp på APT", "Markera för nästa APT"
    note = FreeText(
        "Text till APT",
        description="Visas för hela arbetsplatsträffen: kort och neutralt, utan namn eller "
                    "andra uppgifter om brukaren. Lämna tomt för att visa sammanfattningen.",
        limit=1000,
    )

    def prefill(self, case: Case) -> None:
        self.note.data = next((text for draft in APT_NOTE_DRAFTS if (text := draft(case))), None)


class RecordAptForm(HandlingForm):
    step, title, submit = "record_apt", "Registrera APT", "Registrera att ärendet togs upp"
    discussed_on = _day("Datum för APT")


class CloseForm(HandlingForm):
    step, title, submit = "close", "Avsluta ärendet", "Avsluta ärendet"
    summary = FreeText(
        "Sammanfattning och planerade åtgärder",
        description="Texten används i enhetens rapport.",
        limit=4000, required="Skriv en sammanfattning och planerade åtgärder.",
    )


class ReopenForm(HandlingForm):
    step, title, submit = "reopen", "Återöppna ärendet", "Återöppna ärendet"


def build(form_class: type[HandlingForm], case: Case, user: User, **kwargs) -> HandlingForm:
    """A form for ``case`` carrying its version; the assign form preselects ``user``, and a
    form shown unsubmitted (``formdata=None``) starts from what the case holds."""
    if form_class is AssignForm:
        kwargs.setdefault("handler_id", user.id)
    form = form_class(prefix=form_class.step, version=case.version, **kwargs)
    form.set_choices(case)
    if kwargs.get("formdata", True) is None:
        form.prefill(case)
    return form


class AptForm(FlaskForm):
    """Record the cases of an APT list as taken up, all on one date."""

    # The service decides which cases may be recorded, and that there is at least one.
    cases = CaseIdsField(
        "Ärenden som togs upp",
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    discussed_on = _day("Datum för APT")
