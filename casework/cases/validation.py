"""The one validator of a new case. Every way in (the intake forms, ``create_case``, the CSV
import, the bulk path, an escalation to lex Sarah) refuses a bad draft for the same reasons, each
in Swedish at the same field, and says every reason at once.

Driven by the catalogue: the report template in force in the received year says which types
are counted by category, source, identified-by and concerns, so must carry one, and which values
that year offers. Pure: the caller passes the catalogue, today's date and the units that take
cases, so that no query runs and a bulk insert checks each of its rows cheaply.
"""
from collections.abc import Collection, Container, Iterator, Mapping
from dataclasses import dataclass, fields
from datetime import date
from functools import lru_cache

from casework.core.addresses import email_problem
from casework.core.case_types import CaseType
from casework.core.errors import FieldError
from casework.core.taxonomy import ANONYMOUS, Catalogue

#: The earliest received date a case takes. An earlier one is a slip of the keyboard (0025 for
#: 2025): no unit keeps cases that old, as case records are deleted five years after their last
#: entry and the report templates begin in 2023.
EARLIEST_RECEIVED = date(2000, 1, 1)

CHOOSE_TYPE = "Välj typ."
CHOOSE_ONE = "Välj ett av alternativen."
NOT_AN_ENHET = "Ärenden registreras på en enhet."
UNIT_CLOSED = "Enheten är stängd och tar inte emot nya ärenden."
RECEIVED_MISSING = "Ange när ärendet kom in."
IN_FUTURE = "Datumet kan inte vara senare än i dag."
TOO_EARLY = f"Datumet kan inte vara före {EARLIEST_RECEIVED.isoformat()}."
AFTER_RECEIVED = "Det kan inte ha hänt efter att ärendet kom in."
SOURCE_MISSING = "Välj från vem ärendet kom, eller Anonym."
#: Anonymity is the source "Anonym": an anonymous case names no one it came from.
ANONYMOUS_WITH_SOURCE = "Ett anonymt ärende har ingen avsändare: välj Anonym eller vem det kom från."
CATEGORY_MISSING = "Välj minst en kategori."
#: What identified-by and concerns, when the template counts a type by them, ask for.
CHOICE_MISSING = {
    "identified_by": "Välj vem som har identifierat avvikelsen.",
    "concerns": "Välj vem avvikelsen avser.",
}
#: The types that need a description, and how it is asked for; beröm is only counted.
DESCRIPTION_MISSING = {
    CaseType.KLAGOMAL: "Skriv vad ärendet gäller.",
    CaseType.SYNPUNKT: "Skriv vad ärendet gäller.",
    CaseType.AVVIKELSE: "Beskriv vad som hände.",
    CaseType.LEX_SARAH: "Beskriv vad som hände.",
    CaseType.LEX_MARIA: "Beskriv vad som hände.",
    CaseType.PERSONUPPGIFTSINCIDENT: "Beskriv vad som hände.",
}

_TYPES = {t.value: t for t in CaseType}


@dataclass(frozen=True, slots=True)
class Draft:
    """A case as a way in asks to register it, in stored values (taxonomy keys)."""

    type: str | None
    unit_id: int | None
    received_on: date | None
    description: str = ""
    occurred_on: date | None = None
    source: str | None = None
    anonymous: bool = False
    channel: str | None = None
    categories: Collection[str] = ()
    identified_by: str | None = None
    concerns: str | None = None
    contact: str | None = None
    contact_email: str | None = None
    immediate_measures: str | None = None

    @classmethod
    def entered(cls, **values) -> "Draft":
        """A draft as a person enters it: the source ``"anonym"`` (the 2025 row "Anonym")
        means an anonymous case without a source."""
        if values.get("source") == ANONYMOUS:
            values |= {"source": None, "anonymous": True}
        return cls(**values)

    @classmethod
    def of(cls, row: Mapping) -> "Draft":
        """The draft in a row of the bulk path, whose other keys are not the draft's."""
        return cls(**{name: row[name] for name in _NAMES if name in row})

    def columns(self) -> dict:
        """The case columns the draft sets: all it holds but the categories."""
        return {name: getattr(self, name) for name in _NAMES if name != "categories"}


_NAMES = tuple(f.name for f in fields(Draft))


def validate(draft: Draft, catalogue: Catalogue, *, enheter: Container[int],
             today: date, closed: Container[int] = frozenset()) -> list[FieldError]:
    """Every reason ``draft`` cannot be registered; none when it can. ``enheter`` holds the ids
    of the units that take cases (those of kind enhet), ``closed`` those of them closed, which
    take no new case (a correction of a case there passes none). Without a received date, the
    template in force today decides."""
    case_type = _TYPES.get(draft.type)
    errors = [] if case_type else [FieldError("type", CHOOSE_TYPE)]
    if draft.unit_id in closed:
        errors.append(FieldError("unit", UNIT_CLOSED))
    elif draft.unit_id not in enheter:
        errors.append(FieldError("unit", NOT_AN_ENHET))
    if message := received_problem(draft.received_on, today):
        errors.append(FieldError("received_on", message))
    if message := _occurred_problem(draft, today):
        errors.append(FieldError("occurred_on", message))
    if draft.contact_email is not None and (message := email_problem(draft.contact_email)):
        errors.append(FieldError("contact_email", message))
    if draft.channel is not None and draft.channel not in catalogue.taxonomy.channels:
        errors.append(FieldError("channel", CHOOSE_ONE))
    if case_type:
        year = (draft.received_on or today).year
        errors += _asked(draft, case_type, _asks(catalogue, year, case_type))
        if case_type in DESCRIPTION_MISSING and not (draft.description or "").strip():
            errors.append(FieldError("description", DESCRIPTION_MISSING[case_type]))
    return errors


def received_problem(received_on: date | None, today: date) -> str | None:
    """Why a case cannot have been received on ``received_on``, if it cannot."""
    if received_on is None:
        return RECEIVED_MISSING
    if received_on > today:
        return IN_FUTURE
    if received_on < EARLIEST_RECEIVED:
        return TOO_EARLY
    return None


def _occurred_problem(draft: Draft, today: date) -> str | None:
    occurred_on = draft.occurred_on
    if occurred_on is None:
        return None
    if occurred_on > today:
        return IN_FUTURE
    if draft.received_on and occurred_on > draft.received_on:
        return AFTER_RECEIVED
    return None


@dataclass(frozen=True)
class _Asks:
    """What the template in force in a year asks of one case type."""

    year: int  # the template's, named in messages
    categories: frozenset[str]  # those offered; none: the type is registered without
    sources: frozenset[str]  # the year's sources, which any type may name
    source_needed: bool
    #: Per dimension (identified_by, concerns): the values accepted, and whether one is needed
    #: (the template counts the type by it, and accepts only those it offers).
    choices: dict[str, tuple[frozenset[str], bool]]


@lru_cache(maxsize=512)
def _asks(catalogue: Catalogue, year: int, case_type: CaseType) -> _Asks:
    """Cached per loaded catalogue, so that checking a row costs a few set lookups."""
    def offered(dimension: str) -> frozenset[str]:
        return frozenset(key for key, _ in catalogue.choices(year, dimension, case_type.value))

    choices = {}
    for dimension in CHOICE_MISSING:
        values = offered(dimension)
        choices[dimension] = (values, True) if values else (
            frozenset(catalogue.taxonomy.terms(dimension)), False)
    return _Asks(
        year=catalogue.template_for(year).year,
        categories=offered("category"),
        sources=frozenset(key for key, _ in catalogue.source_choices(year)) - {ANONYMOUS},
        source_needed=bool(offered("source")),
        choices=choices,
    )


def _asked(draft: Draft, case_type: CaseType, asks: _Asks) -> Iterator[FieldError]:
    if draft.source is not None and draft.anonymous:
        yield FieldError("source", ANONYMOUS_WITH_SOURCE)
    elif draft.source is not None and draft.source not in asks.sources:
        yield FieldError("source", f"Välj från vem ur mallen för {asks.year}.")
    elif draft.source is None and asks.source_needed and not draft.anonymous:
        yield FieldError("source", SOURCE_MISSING)
    if not asks.categories:
        if draft.categories:
            yield FieldError("categories", f"{case_type.label} registreras utan kategori.")
    elif not draft.categories:
        yield FieldError("categories", CATEGORY_MISSING)
    elif not asks.categories.issuperset(draft.categories):
        yield FieldError("categories", f"Välj kategorier från mallen för {asks.year}.")
    for dimension, missing in CHOICE_MISSING.items():
        value = getattr(draft, dimension)
        accepted, needed = asks.choices[dimension]
        if value is None and needed:
            yield FieldError(dimension, missing)
        elif value is not None and value not in accepted:
            yield FieldError(dimension, CHOOSE_ONE)
