"""The handling steps of every case type, as entries of the step registry (casework.cases.steps).

Their transitions are in config/workflows.toml; casework.legal adds the legal steps.
"""
from casework.cases import handling
from casework.cases import handling_forms as forms
from casework.cases.steps import Step, register

register(
    Step(name="assign", path="assign", refusal="tilldela en handläggare",
         form=forms.AssignForm, service=handling.assign_handler,
         done="Handläggaren är tilldelad.",
         event="assigned", event_text="Tilldelade ärendet till {handler}"),
    Step(name="add_action", path="actions", refusal="lägga till en åtgärd",
         form=forms.ActionForm, service=handling.add_action, done="Åtgärden är sparad.",
         event="action_added", event_text="Lade till en åtgärd daterad {on}"),
    Step(name="record_feedback", path="feedback", refusal="registrera återkoppling",
         form=forms.FeedbackForm, service=handling.record_feedback,
         done="Återkopplingen är sparad.",
         event="feedback_recorded", event_text="Registrerade återkoppling ({method}) daterad {on}"),
    Step(name="mark_for_apt", path="apt", refusal="markera ärendet för APT",
         form=forms.MarkAptForm, service=handling.mark_for_apt,
         done="Ärendet är markerat för nästa APT.",
         event="apt_marked", event_text="Markerade ärendet för nästa APT"),
    Step(name="record_apt", path="apt/taken-up",
         refusal="registrera att ärendet tagits upp på APT",
         form=forms.RecordAptForm, service=handling.record_apt_on_case,
         done="Det är registrerat att ärendet togs upp på APT.",
         event="apt_recorded", event_text="Registrerade att ärendet togs upp på APT {on}"),
    Step(name="close", path="close", refusal="avsluta ärendet",
         form=forms.CloseForm, service=handling.close, done="Ärendet är avslutat.",
         event="closed", event_text="Avslutade ärendet"),
    Step(name="reopen", path="reopen", refusal="återöppna ärendet",
         form=forms.ReopenForm, service=handling.reopen, done="Ärendet är återöppnat.",
         event="reopened", event_text="Återöppnade ärendet"),
)
