"""The legal steps as entries of the step registry (casework.cases.steps), after the handling
steps: escalation into lex Sarah, the steps of lex Sarah, lex Maria and personuppgiftsincidenter,
and the forms and services of the steps these types take differently. Their transitions and
guards are in config/workflows.toml and casework.legal.guards.
"""
from casework.access.policy import may_sign
from casework.cases import handling_steps  # noqa: F401  (the handling steps come first)
from casework.cases.steps import (
    Step,
    Variant,
    register,
    register_event,
    register_variant,
)
from casework.core.case_types import CaseType
from casework.legal import forms, services

SIGNERS = {CaseType.LEX_SARAH: "enhetschefen", CaseType.LEX_MARIA: "MAS"}


def _signer_only(user, case) -> str | None:
    """The assessment is offered to its signer only; the others see who signs it."""
    return None if may_sign(user, case) else f"Bedömningen signeras av {SIGNERS[case.type]}."


register(
    Step(name="escalate_lex_sarah", refusal="göra ett lex Sarah-ärende av ärendet",
         form=forms.EscalateForm, service=services.escalate_to_lex_sarah,
         done=lambda sarah: f"Lex Sarah-ärende {sarah.number} är skapat.",
         # The number is not shown: the link is, to those who may see the lex Sarah case.
         event="escalated", event_text="Gjorde ett lex Sarah-ärende av ärendet"),
    Step(name="record_protection", refusal="registrera omedelbara skyddsåtgärder",
         form=forms.ProtectionForm, service=services.record_protection,
         done="Skyddsåtgärderna är sparade.", event="protection_recorded",
         event_text="Registrerade omedelbara skyddsåtgärder daterade {on}"),
    Step(name="record_investigation", refusal="registrera utredningen",
         form=forms.SarahInvestigationForm, service=services.record_investigation,
         done="Utredningen är sparad.",
         event="investigation_recorded", event_text="Registrerade utredningen"),
    Step(name="assess", refusal="registrera bedömningen",
         form=forms.SarahAssessForm, service=services.assess, held_for=_signer_only,
         done="Bedömningen är signerad.",
         event="assessed", event_text="Registrerade och signerade bedömningen"),
    Step(name="notify_ivo", refusal="registrera anmälan till IVO",
         form=forms.NotifyIvoForm, service=services.notify_ivo,
         done="Anmälan till IVO är registrerad.",
         event="ivo_notified", event_text="Registrerade anmälan till IVO daterad {on}"),
    Step(name="record_ivo_decision", refusal="registrera IVO:s beslut",
         form=forms.IvoDecisionForm, service=services.record_ivo_decision,
         done="IVO:s beslut är registrerat.",
         event="ivo_decision_recorded", event_text="Registrerade IVO:s beslut daterat {on}"),
    Step(name="record_breach", refusal="dokumentera incidenten",
         form=forms.BreachForm, service=services.record_breach,
         done="Incidenten är dokumenterad.",
         event="breach_recorded", event_text="Dokumenterade incidenten"),
    Step(name="decide_imy", refusal="registrera beslutet om anmälan till IMY",
         form=forms.ImyDecisionForm, service=services.decide_imy,
         done="Beslutet om anmälan till IMY är registrerat.",
         event="imy_decided", event_text="Registrerade beslutet om anmälan till IMY"),
    Step(name="inform_subjects", refusal="registrera information till de registrerade",
         form=forms.SubjectsForm, service=services.inform_subjects,
         done="Informationen till de registrerade är registrerad.",
         event="subjects_decided",
         event_text="Registrerade om de registrerade har informerats"),
)
register_event(services.ESCALATED_FROM, "Skapade ärendet från ärende {number}")
register_variant("close", CaseType.LEX_SARAH,
                 Variant(forms.LexSarahCloseForm, services.close_lex_sarah))
register_variant("record_investigation", CaseType.LEX_MARIA,
                 Variant(forms.MariaInvestigationForm, services.record_investigation))
register_variant("assess", CaseType.LEX_MARIA,
                 Variant(forms.MariaAssessForm, services.assess))
