"""The handling workflow of each case type: a state machine kept as data in config/workflows.toml.

A transition lets an action run on a case in one of its ``from`` statuses and gives the case the
status ``to`` (or leaves it). Guards are conditions defined here by name; the data picks them.
The file is validated when it is loaded, so a typo stops start-up instead of blocking handlers.
"""
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from flask import current_app

from casework.cases.details import details_of, escalated_to
from casework.cases.legal_terms import TypeTerms, load_legal_terms
from casework.cases.models import Case
from casework.core.case_types import INITIAL_STATUS, CaseType
from casework.core.config_files import read_toml, table_fields
from casework.core.errors import DomainError

FILE_NAME = "workflows.toml"

#: The handling actions, with what a refusal says cannot be done.
ACTIONS = {
    "assign": "tilldela en handläggare",
    "add_action": "lägga till en åtgärd",
    "record_feedback": "registrera återkoppling",
    "mark_for_apt": "markera ärendet för APT",
    "record_apt": "registrera att ärendet tagits upp på APT",
    "close": "avsluta ärendet",
    "reopen": "återöppna ärendet",
    "escalate_lex_sarah": "göra ett lex Sarah-ärende av ärendet",
    "record_protection": "registrera omedelbara skyddsåtgärder",
    "record_investigation": "registrera utredningen",
    "assess": "registrera bedömningen",
    "notify_ivo": "registrera anmälan till IVO",
    "record_ivo_decision": "registrera IVO:s beslut",
    "record_breach": "dokumentera incidenten",
    "decide_imy": "registrera beslutet om anmälan till IMY",
    "inform_subjects": "registrera information till de registrerade",
}


class WorkflowError(Exception):
    """config/workflows.toml is missing, malformed or inconsistent."""


@dataclass(frozen=True)
class Guard:
    check: Callable[[Case, Mapping[str, Any]], bool]
    message: str
    #: Checks the action's input, so it is only known when the action is taken.
    on_input: bool = False


GUARDS = {
    "feedback_unless_anonymous": Guard(
        lambda case, _: case.anonymous or case.feedback_on is not None,
        "Återkoppling sker alltid: registrera återkopplingen innan ärendet avslutas.",
    ),
    "summary_given": Guard(
        lambda _, inputs: bool((inputs.get("summary") or "").strip()),
        "Skriv en sammanfattning och planerade åtgärder innan ärendet avslutas.",
        on_input=True,
    ),
    "marked_for_apt": Guard(
        lambda case, _: case.apt_pending, "Ärendet är inte markerat för nästa APT."
    ),
    "not_marked_for_apt": Guard(
        lambda case, _: not case.apt_pending, "Ärendet är redan markerat för nästa APT."
    ),
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
}


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


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    #: None: the status stays.
    target: str | None
    guards: tuple[str, ...]


@dataclass(frozen=True)
class Workflow:
    name: str
    transitions: tuple[Transition, ...]

    def find(self, action: str, status: str) -> Transition | None:
        return next(
            (t for t in self.transitions if t.action == action and status in t.sources), None
        )

    def has(self, action: str) -> bool:
        return any(t.action == action for t in self.transitions)


@dataclass(frozen=True)
class Workflows:
    #: Status key → Swedish label, in the order of the file.
    statuses: dict[str, str]
    by_type: dict[CaseType, Workflow]
    #: The assessments and legal references of the legal case types (config/legal.toml).
    legal: dict[CaseType, TypeTerms]


def load_workflows(config_dir: Path) -> Workflows:
    """Read and validate ``workflows.toml`` and ``legal.toml`` in ``config_dir``; WorkflowError
    or LegalTermsError names any fault."""
    path = Path(config_dir) / FILE_NAME
    data = read_toml(path, error=WorkflowError)
    _fields(data, str(path), {"statuses", "types", "workflows"})
    statuses = _statuses(data["statuses"], path)
    named = {
        name: _workflow(name, value, statuses, f"{path}: workflow {name!r}")
        for name, value in _table(data["workflows"], f"{path}: [workflows]").items()
    }
    return Workflows(statuses, _by_type(data["types"], named, path), load_legal_terms(config_dir))


def _table(value: Any, where: str) -> dict:
    if not isinstance(value, dict) or not value:
        raise WorkflowError(f"{where}: expected a non-empty table")
    return value


_fields = partial(table_fields, error=WorkflowError)


def _statuses(value: Any, path: Path) -> dict[str, str]:
    statuses = _table(value, f"{path}: [statuses]")
    for key, label in statuses.items():
        if not isinstance(label, str) or not label.strip():
            raise WorkflowError(f"{path}: [statuses] {key!r}: the label must be a non-empty string")
    if INITIAL_STATUS not in statuses:
        raise WorkflowError(f"{path}: [statuses] lacks {INITIAL_STATUS!r}, the status of new cases")
    return statuses


def _workflow(name: str, value: Any, statuses: dict[str, str], where: str) -> Workflow:
    if not isinstance(value, list) or not value:
        raise WorkflowError(f"{where}: expected a non-empty list of transitions")
    transitions = [_transition(item, statuses, where) for item in value]
    seen = set()
    for step in transitions:
        for status in sorted(step.sources):
            if (step.action, status) in seen:
                raise WorkflowError(
                    f"{where}, action {step.action!r}: listed twice for status {status!r}"
                )
            seen.add((step.action, status))
    return Workflow(name, tuple(transitions))


def _transition(item: Any, statuses: dict[str, str], where: str) -> Transition:
    item = _fields(item, where, {"action", "from"}, {"to", "guards"})
    action = item["action"]
    if action not in ACTIONS:
        raise WorkflowError(f"{where}: unknown action {action!r}")
    where = f"{where}, action {action!r}"
    sources, target, guards = item["from"], item.get("to"), item.get("guards", [])
    if not isinstance(sources, list) or not sources:
        raise WorkflowError(f"{where}: 'from' must be a non-empty list of statuses")
    for status in sources + ([target] if "to" in item else []):
        if status not in statuses:
            raise WorkflowError(f"{where}: unknown status {status!r}")
    if not isinstance(guards, list):
        raise WorkflowError(f"{where}: 'guards' must be a list of guard names")
    for guard in guards:
        if guard not in GUARDS:
            raise WorkflowError(f"{where}: unknown guard {guard!r}")
    return Transition(action, frozenset(sources), target, tuple(guards))


def _by_type(value: Any, named: dict[str, Workflow], path: Path) -> dict[CaseType, Workflow]:
    types = _table(value, f"{path}: [types]")
    by_type = {}
    for key, name in types.items():
        if key not in {t.value for t in CaseType}:
            raise WorkflowError(f"{path}: [types] unknown case type {key!r}")
        if name not in named:
            raise WorkflowError(f"{path}: [types] {key!r}: unknown workflow {name!r}")
        by_type[CaseType(key)] = named[name]
    missing = [t.value for t in CaseType if t not in by_type]
    if missing:
        raise WorkflowError(f"{path}: [types] case type {', '.join(missing)} has no workflow")
    return by_type


def _loaded() -> Workflows:
    return current_app.extensions["casework.workflows"]


def workflow_for(case_type: CaseType) -> Workflow:
    return _loaded().by_type[CaseType(case_type)]


def legal_terms(case_type: CaseType) -> TypeTerms:
    """The assessments and legal references of a lex Sarah, lex Maria or breach case."""
    return _loaded().legal[CaseType(case_type)]


def statuses() -> dict[str, str]:
    """Every status key with its Swedish label, in the order config/workflows.toml gives."""
    return dict(_loaded().statuses)


def status_label(status: str) -> str:
    """The Swedish label of a status key (the key itself if the file no longer has it)."""
    return _loaded().statuses.get(status, status)


def refusal(case: Case, action: str, inputs: Mapping[str, Any] | None = None) -> str | None:
    """Why ``action`` cannot run on ``case`` now, in Swedish; None when it can.

    Without ``inputs`` the guards on input are skipped: that answers whether to offer the action.
    """
    workflow = workflow_for(case.type)
    step = workflow.find(action, case.status)
    if step is None:
        if not workflow.has(action):
            return f"För ärendetypen {case.type.label} går det inte att {ACTIONS[action]}."
        status = status_label(case.status)
        return f"Ärendet har status {status}: det går inte att {ACTIONS[action]}."
    for name in step.guards:
        guard = GUARDS[name]
        if (inputs is not None or not guard.on_input) and not guard.check(case, inputs or {}):
            return guard.message
    return None


def held_back(case: Case, action: str) -> str | None:
    """Why an action the case's status has cannot run yet (a guard fails); else None."""
    if workflow_for(case.type).find(action, case.status) is None:
        return None
    return refusal(case, action)


def allowed(case: Case, action: str) -> bool:
    """Whether the workflow offers ``action`` on ``case`` in its current state."""
    return refusal(case, action) is None


def transition(case: Case, action: str, **inputs: Any) -> str:
    """The status ``case`` gets from ``action``; DomainError (in Swedish) if it is not allowed."""
    message = refusal(case, action, inputs)
    if message:
        raise DomainError(message)
    return workflow_for(case.type).find(action, case.status).target or case.status
