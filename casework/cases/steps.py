"""The registry of workflow steps: every handling or legal step is one entry here, and its
transitions are lines in config/workflows.toml.

An entry says what the step is called in a refusal, the event it records and how the timeline
tells it, the form and service that take it (by case type where they differ), the confirmation
the user sees, and who may take it besides those who handle the case. The case page, its routes,
the workflow's validation and the timeline all read this registry; casework.legal adds its steps
the same way the handling steps are added (casework.cases.handling_steps).
"""
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from casework.core.case_types import CaseType

#: The events that are not steps: how the timeline tells them.
EVENT_TEXTS: dict[str, str] = {
    "created": "Registrerade ärendet",
    "imported": "Importerade ärendet",
}


@dataclass(frozen=True)
class Variant:
    """The form and service of a step for one case type, where they differ from the default."""

    form: type
    service: Callable


@dataclass(frozen=True)
class Step:
    #: The workflow action, as config/workflows.toml names it; also the form's prefix and the
    #: route's endpoint.
    name: str
    #: What "det går inte att …" says when the workflow refuses it.
    refusal: str
    #: The CaseEvent the step records, and how the timeline tells it (``{on}``, ``{handler}``,
    #: ``{method}``, ``{number}`` from the event's data).
    event: str
    event_text: str
    form: type
    #: ``service(case, version, user, **form.values())``; raises DomainError to refuse.
    service: Callable
    #: The confirmation: a text, or a function of what the service returned.
    done: str | Callable[[Any], str]
    #: The route under /cases/<id>/; the legal steps share steps/<name>.
    path: str | None = None
    #: Who may take it, besides handling the case: None when handling suffices; else a
    #: function of (user, case) giving None when the user may, or the hint shown instead.
    held_for: Callable[[Any, Any], str | None] | None = None
    variants: Mapping[CaseType, Variant] = field(default_factory=dict)

    @property
    def url_path(self) -> str:
        return self.path or f"steps/{self.name}"

    def variant(self, case_type: CaseType) -> Variant:
        return self.variants.get(case_type) or Variant(self.form, self.service)

    def confirmation(self, result: Any) -> str:
        return self.done(result) if callable(self.done) else self.done


#: Every step, in the order the case page shows their forms.
STEPS: dict[str, Step] = {}


def register(*steps: Step) -> None:
    for step in steps:
        if step.name in STEPS or step.event in EVENT_TEXTS:
            raise ValueError(f"step {step.name!r} or its event {step.event!r} is registered twice")
        STEPS[step.name] = step
        EVENT_TEXTS[step.event] = step.event_text


def register_variant(name: str, case_type: CaseType, variant: Variant) -> None:
    """Give step ``name`` another form and service for cases of ``case_type``."""
    step = STEPS[name]
    STEPS[name] = replace(step, variants={**step.variants, case_type: variant})


def register_event(event: str, text: str) -> None:
    """An event that is no step's own (recorded on another case by a step, for example)."""
    EVENT_TEXTS[event] = text


#: Events whose text depends on more than the placeholders of ``EVENT_TEXTS``: a function of
#: the CaseEvent giving its text (a correction lists what it changed).
EVENT_DESCRIBERS: dict[str, Callable[[Any], str]] = {}


def register_described_event(event: str, describe: Callable[[Any], str]) -> None:
    if event in EVENT_TEXTS or event in EVENT_DESCRIBERS:
        raise ValueError(f"event {event!r} is registered twice")
    EVENT_DESCRIBERS[event] = describe


def step(name: str) -> Step:
    """The registered step; KeyError for an unknown one."""
    return STEPS[name]
