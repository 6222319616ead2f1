"""The guards of the legal steps, by the names config/workflows.toml gives them: what a lex
Sarah, lex Maria or breach case must hold before a step may run."""
from casework.cases.details import details_of
from casework.cases.models import Case
from casework.cases.workflow import Guard, register_guards
from casework.core.case_types import CaseType
from casework.legal.models import escalated_to
from casework.legal.terms import legal_terms

register_guards({
    "not_escalated": Guard(
        lambda case, _: escalated_to(case) is None,
        "Ärendet har redan blivit ett lex Sarah-ärende.",
    ),
    "lessons_given": Guard(
        lambda _, inputs: bool((inputs.get("lessons") or "").strip()),
        "Skriv vad verksamheten har lärt sig innan ärendet avslutas.",
        on_input=True,
    ),
    "investigation_finished": Guard(
        lambda case, _: _investigation_finished(case),
        "Utredningen är inte klar: registrera vad som hände, varför och slutdatum först.",
    ),
    "assessed_serious": Guard(
        lambda case, _: _assessed_serious(case),
        "Bedömningen kräver ingen anmälan till IVO.",
    ),
    "not_assessed_serious": Guard(
        lambda case, _: not _assessed_serious(case),
        "Bedömningen kräver en anmälan till IVO: registrera anmälan först.",
    ),
    "breach_documented": Guard(
        lambda case, _: _breach(case, lambda d: d.discovered_at and d.what_happened),
        "Dokumentera först när incidenten upptäcktes och vad som hände.",
    ),
    "imy_not_decided": Guard(
        lambda case, _: not _imy_decided(case), "Beslutet om anmälan till IMY är redan registrerat."
    ),
    "imy_decided": Guard(
        lambda case, _: _imy_decided(case),
        "Registrera beslutet om anmälan till IMY innan ärendet avslutas.",
    ),
    "subjects_not_decided": Guard(
        lambda case, _: not _subjects_decided(case),
        "Det är redan registrerat om de registrerade har informerats.",
    ),
    "subjects_decided": Guard(
        lambda case, _: _subjects_decided(case),
        "Registrera om de registrerade har informerats innan ärendet avslutas.",
    ),
})


def _investigation_finished(case: Case) -> bool:
    row = details_of(case)
    if row is None or row.investigation_finished_on is None:
        return False
    if case.type is CaseType.LEX_SARAH:
        return all((text or "").strip() for text in (row.what_happened, row.why, row.prevention))
    return bool((row.investigation or "").strip())


def _assessed_serious(case: Case) -> bool:
    row = details_of(case)
    return row is not None and legal_terms(case.type).requires_notification(row.assessment)


def _breach(case: Case, check) -> bool:
    row = details_of(case)
    return row is not None and bool(check(row))


def _imy_decided(case: Case) -> bool:
    return _breach(case, lambda d: d.notify_imy is False or d.imy_notified_at is not None)


def _subjects_decided(case: Case) -> bool:
    return _breach(case, lambda d: d.subjects_informed is not None)
