"""Forms of the legal steps (lex Sarah, lex Maria, personuppgiftsincidenter, escalation). They
check shape; casework.legal.services decides."""
from wtforms import IntegerField, RadioField
from wtforms.validators import InputRequired, NumberRange, Optional

from casework.cases.details import details_of
from casework.cases.handling_forms import CloseForm, HandlingForm, _day
from casework.cases.models import Case, CaseType
from casework.core.clock import local_time
from casework.core.columns import DB_INT_MAX
from casework.core.fields import Day, FreeText, Moment
from casework.legal.services import DISCOVERY_REQUIRED
from casework.legal.terms import legal_terms

YES_NO = {"ja": "Ja", "nej": "Nej"}
#: The case types whose assessment is signed.
SIGNED_TYPES = (CaseType.LEX_SARAH, CaseType.LEX_MARIA)
DISCOVERY_HINT = "Datum och klockslag: de 72 timmarna till IMY räknas härifrån."
#: The longest reference an authority's diarienummer field takes (its column's width).
REFERENCE_LENGTH = 64


def _text(label: str, description: str | None = None, required: str | None = None) -> FreeText:
    return FreeText(label, description=description, required=required)


def _reference(label: str, description: str | None = None) -> FreeText:
    return FreeText(label, description=description, limit=REFERENCE_LENGTH, line=True)


def _optional_day(label: str, description: str | None = None) -> Day:
    return Day(label, description=description)


def _count(label: str) -> IntegerField:
    most = f"{DB_INT_MAX:,}".replace(",", " ")
    return IntegerField(label, validators=[Optional(), NumberRange(
        min=0, max=DB_INT_MAX, message=f"Ange ett antal från 0 till {most}.")])


def _yes_no(label: str, message: str) -> RadioField:
    return RadioField(label, choices=YES_NO, validators=[InputRequired(message)])


class LegalForm(HandlingForm):
    """A legal step's form, filled from the case's detail row when shown."""

    def _fill(self, row, **names) -> None:
        """Set each field ``name`` from the detail row's attribute ``names[name]``."""
        for field, attribute in names.items():
            value = getattr(row, attribute, None) if row is not None else None
            if value is not None:
                self[field].data = value


class EscalateForm(LegalForm):
    step, title, submit = ("escalate_lex_sarah", "Gör ett lex Sarah-ärende",
                           "Skapa lex Sarah-ärendet")
    lead = ("Är det ett missförhållande eller en påtaglig risk för ett missförhållande? "
            "Gör då ett lex Sarah-ärende av ärendet.")
    description = _text(
        "Vad är missförhållandet?",
        "Ett nytt lex Sarah-ärende skapas i samma enhet och länkas till det här ärendet.",
        required="Beskriv missförhållandet.",
    )

    def prefill(self, case: Case) -> None:
        self.description.data = case.description


class ProtectionForm(LegalForm):
    step, title, submit = ("record_protection", "Registrera omedelbara skyddsåtgärder",
                           "Spara skyddsåtgärderna")
    measures = _text("Vilka skyddsåtgärder vidtogs?",
                     "Det som gjordes omedelbart för att skydda den enskilde.",
                     required="Beskriv skyddsåtgärderna.")
    taken_on = _day("Datum")

    def prefill(self, case: Case) -> None:
        self.measures.data = case.immediate_measures
        self._fill(details_of(case), measures="protective_measures",
                   taken_on="protective_measures_on")


class SarahInvestigationForm(LegalForm):
    step, title, submit = "record_investigation", "Registrera utredningen", "Spara utredningen"
    started_on = _day("Utredningen påbörjad")
    what_happened = _text("Vad hände?")
    why = _text("Varför hände det?")
    prevention = _text("Vad ska förhindra att det händer igen?")
    measures = _text("Vilka åtgärder har vidtagits eller planeras?")
    finished_on = _optional_day(
        "Utredningen klar", "Lämna tomt tills utredningen är klar; då kan den bedömas."
    )

    def prefill(self, case: Case) -> None:
        self._fill(details_of(case), started_on="investigation_started_on",
                   finished_on="investigation_finished_on", what_happened="what_happened",
                   why="why", prevention="prevention", measures="measures")


class MariaInvestigationForm(LegalForm):
    step, title, submit = "record_investigation", "Registrera utredningen", "Spara utredningen"
    investigation = _text("Utredningen", "Händelseanalysen: vad hände, varför, och åtgärder.")
    finished_on = _optional_day("Utredningen klar")

    def prefill(self, case: Case) -> None:
        self._fill(details_of(case), investigation="investigation",
                   finished_on="investigation_finished_on")


class SarahAssessForm(LegalForm):
    step, title, submit = "assess", "Bedöm ärendet", "Signera bedömningen"
    assessment = RadioField("Bedömning", validators=[InputRequired("Välj en bedömning.")])
    assessed_on = _day("Datum")

    def set_choices(self, case: Case) -> None:
        # A case of a type without assessments (a klagomål posted to this step) gets none:
        # its workflow refuses the step.
        assessments = legal_terms(case.type).assessments if case.type in SIGNED_TYPES else {}
        self.assessment.choices = {key: a.label for key, a in assessments.items()}


class MariaAssessForm(SarahAssessForm):
    step, title, submit = "assess", "Beskriv och bedöm händelsen", "Signera bedömningen"
    event = _text("Händelsen", required="Beskriv händelsen.")
    assessment = RadioField("Bedömning av vårdskada",
                            validators=[InputRequired("Välj en bedömning.")])

    def prefill(self, case: Case) -> None:
        self.event.data = case.description


class NotifyIvoForm(LegalForm):
    step, title, submit = "notify_ivo", "Registrera anmälan till IVO", "Spara anmälan"
    notified_on = _day("Anmäld")
    reference = _reference("IVO:s diarienummer", "Om det redan är känt.")
    documents = _text("Skickade handlingar", "Till exempel anmälan och utredningen.",
                      required="Ange vilka handlingar som skickades.")


class IvoDecisionForm(LegalForm):
    step, title, submit = "record_ivo_decision", "Registrera IVO:s beslut", "Spara beslutet"
    decision = _text("Beslutet", required="Sammanfatta IVO:s beslut.")
    decided_on = _day("Beslutsdatum")
    reference = _reference("IVO:s diarienummer")

    def prefill(self, case: Case) -> None:
        self._fill(details_of(case), reference="ivo_reference")


class BreachForm(LegalForm):
    step, title, submit = "record_breach", "Dokumentera incidenten", "Spara incidenten"
    discovered_at = Moment(
        "Upptäcktes", description=DISCOVERY_HINT,
        validators=[InputRequired(DISCOVERY_REQUIRED)],
    )
    what_happened = _text("Vad hände?", required="Beskriv vad som hände.")
    data_categories = _text("Vilka slags personuppgifter och vilka personer gäller det?")
    approx_people = _count("Ungefär hur många personer")
    approx_records = _count("Ungefär hur många poster")
    consequences = _text("Troliga följder")
    measures = _text("Åtgärder")

    def prefill(self, case: Case) -> None:
        row = details_of(case)
        self._fill(row, what_happened="what_happened", data_categories="data_categories",
                   approx_people="approx_people", approx_records="approx_records",
                   consequences="consequences", measures="measures")
        if row is not None and row.discovered_at is not None:
            self.discovered_at.data = local_time(row.discovered_at)


class ImyDecisionForm(LegalForm):
    step, title, submit = "decide_imy", "Besluta om anmälan till IMY", "Spara beslutet"
    notify = _yes_no("Anmäls incidenten till IMY?", "Välj om incidenten anmäls till IMY.")
    notified_at = Moment("Anmäld (datum och klockslag)")
    reference = _reference("IMY:s diarienummer")
    reason = _text("Skäl att inte anmäla",
                   "Till exempel att incidenten sannolikt inte medför någon risk för de "
                   "registrerades rättigheter.")

    def values(self) -> dict:
        return super().values() | {"notify": self.notify.data == "ja"}


class SubjectsForm(LegalForm):
    step, title, submit = ("inform_subjects", "Registrera information till de registrerade",
                           "Spara informationen")
    informed = _yes_no("Har de registrerade informerats?", "Välj om de registrerade informerats.")
    informed_on = _optional_day("Informerade")
    reason = _text("Skäl att inte informera")

    def values(self) -> dict:
        return super().values() | {"informed": self.informed.data == "ja"}


class LexSarahCloseForm(CloseForm):
    """A lex Sarah case closes with what was learnt, besides the report's summary."""

    lessons = _text("Vad har verksamheten lärt sig?",
                    required="Skriv vad verksamheten har lärt sig.")

    def prefill(self, case: Case) -> None:
        row = details_of(case)
        self.lessons.data = row.lessons if row is not None else None
