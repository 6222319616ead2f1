"""The handling workflow of each case type: a state machine kept as data in config/workflows.toml.

A transition lets an action run on a case in one of its ``from`` statuses and gives the case the
status ``to`` (or leaves it). The actions are the steps of the step registry
(casework.cases.steps); guards are conditions defined by name, here and by the packages that add
steps (casework.legal); the data picks them. The file is validated when it is loaded, so a typo
stops start-up instead of blocking handlers.
"""
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from flask import current_app

from casework.cases import steps
from casework.cases.models import Case
from casework.core.case_types import INITIAL_STATUS, WITHDRAWN_STATUS, CaseType
from casework.core.config_files import read_toml, table_fields
from casework.core.errors import DomainError

FILE_NAME = "workflows.toml"


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
}


#: Guards every action on a case must pass, whatever its transition: registered by packages
#: above the cases (casework.retention: an anonymised case takes no more steps).
CASE_GUARDS: list[Guard] = []


def register_guards(guards: Mapping[str, Guard]) -> None:
    """Add guards a package defines for its own steps (casework.legal's, for instance), before
    the workflows are loaded."""
    for name in guards:
        if name in GUARDS:
            raise ValueError(f"guard {name!r} is registered twice")
    GUARDS.update(guards)


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


def load_workflows(config_dir: Path) -> Workflows:
    """Read and validate ``workflows.toml`` in ``config_dir`` against the registered steps and
    guards; WorkflowError names any fault."""
    path = Path(config_dir) / FILE_NAME
    data = read_toml(path, error=WorkflowError)
    _fields(data, str(path), {"statuses", "types", "workflows"})
    statuses = _statuses(data["statuses"], path)
    named = {
        name: _workflow(name, value, statuses, f"{path}: workflow {name!r}")
        for name, value in _table(data["workflows"], f"{path}: [workflows]").items()
    }
    return Workflows(statuses, _by_type(data["types"], named, path))


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
    if WITHDRAWN_STATUS not in statuses:
        raise WorkflowError(
            f"{path}: [statuses] lacks {WITHDRAWN_STATUS!r}, the status of withdrawn cases")
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
    if action not in steps.STEPS:
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
    for guard in CASE_GUARDS:
        if not guard.check(case, inputs or {}):
            return guard.message
    workflow = workflow_for(case.type)
    step = workflow.find(action, case.status)
    if step is None:
        if not workflow.has(action):
            return f"För ärendetypen {case.type.label} går det inte att {steps.step(action).refusal}."
        status = status_label(case.status)
        return f"Ärendet har status {status}: det går inte att {steps.step(action).refusal}."
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
