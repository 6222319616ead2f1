"""The API's request and response shapes, as pydantic models: the views validate every body
and query string with them and serialise every answer through them, and
``casework.api.openapi`` makes the OpenAPI document from the same models, so the document
cannot drift from the code.

The shape is checked here (types, lengths, personnummer, the values a field takes); the rules
of a case are the validator's (``casework.cases.validation``), as for the intake forms. Free
text is refused over its limit, never cut. Values are taxonomy keys, as stored (``anonym`` as
the source of an anonymous case); dates are ISO (``2025-03-14``).
"""
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from casework.access.policy import API_TYPES
from casework.cases.models import FeedbackMethod
from casework.cases.queries import SORTS
from casework.core.addresses import EMAIL_MAX
from casework.core.fields import FIRST_DAY, LAST_DAY, MAX_TEXT
from casework.core.personnummer import contains_personnummer

ApiCaseType = StrEnum("ApiCaseType", {t.name: t.value for t in sorted(API_TYPES)})
SortKey = StrEnum("SortKey", {key.upper(): key for key in SORTS})


class SortOrder(StrEnum):
    ASC = "asc"
    DESC = "desc"


def _no_personnummer(text: str | None) -> str | None:
    if text and contains_personnummer(text):
        raise PydanticCustomError("personnummer", "Skriv inte personnummer här.")
    return text


def _within_days(day: date | None) -> date | None:
    if day is not None and not FIRST_DAY <= day <= LAST_DAY:
        raise PydanticCustomError(
            "day_bounds", f"Datumet ska ligga mellan {FIRST_DAY} och {LAST_DAY}.")
    return day


def Text(limit: int = MAX_TEXT, **kwargs) -> Any:
    """Free text of at most ``limit`` characters without a personnummer."""
    return Annotated[str, Field(max_length=limit, **kwargs), AfterValidator(_no_personnummer)]


Day = Annotated[date, AfterValidator(_within_days)]
Key = Annotated[str, Field(max_length=64, pattern=r"^[a-z0-9_]+$")]


class Shape(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---- requests ---------------------------------------------------------------------------

class CaseCreate(Shape):
    """A new case, as the intake forms take it: the validator of every new case decides."""

    type: ApiCaseType
    unit: str = Field(max_length=40, description="The code of the enhet the case belongs to.")
    received_on: Day
    description: Text() = ""
    occurred_on: Day | None = None
    source: Key | None = Field(None, description="A source key of the year's template, or "
                                                 "`anonym` for an anonymous case.")
    channel: Key | None = None
    categories: list[Key] = Field(default_factory=list, max_length=30)
    identified_by: Key | None = None
    concerns: Key | None = None
    contact: Text(500) | None = None
    contact_email: Text(EMAIL_MAX) | None = None
    immediate_measures: Text(5000) | None = None


class ActionCreate(Shape):
    """An åtgärd taken on the case."""

    taken_on: Day
    description: Text(min_length=1)


class FeedbackCreate(Shape):
    """An återkoppling given to whoever raised the case."""

    given_on: Day
    method: FeedbackMethod
    recipient: Text(200, min_length=1)
    content: Text(min_length=1)


class CaseListQuery(Shape):
    """The case list's filters (``casework.cases.queries.Filters``) and order."""

    type: ApiCaseType | None = None
    status: Key | None = Field(None, description="A status key, or `oppna` for every open one.")
    category: Key | None = None
    unit: str | None = Field(None, max_length=40, description="An enhet's code.")
    received_from: Day | None = None
    received_to: Day | None = None
    overdue: bool = False
    sort: SortKey = SortKey.INKOM
    order: SortOrder = SortOrder.DESC
    cursor: str | None = Field(None, max_length=200,
                               description="The `next` of the page before.")


class ReportQuery(Shape):
    year: int = Field(ge=2000, le=2100)
    template: int | None = Field(None, ge=2000, le=2100,
                                 description="The template's year (default: the year's).")
    cutoff: Day | None = Field(None, description="Count as of this day (default 31 December).")


class SnapshotQuery(Shape):
    node: str | None = Field(None, max_length=40, description="An organisation node's code.")
    year: int | None = Field(None, ge=2000, le=2100)


# ---- responses ----------------------------------------------------------------------------

class ActionOut(Shape):
    taken_on: date
    description: str


class FeedbackOut(Shape):
    given_on: date
    method: FeedbackMethod
    content: str | None


class CaseOut(Shape):
    """One case as its readers see it; contact details are not handed out."""

    id: int
    number: str
    type: str
    status: str
    status_label: str
    unit: str = Field(description="The enhet's code.")
    unit_name: str
    received_on: date
    occurred_on: date | None
    source: str | None
    anonymous: bool
    channel: str | None
    categories: list[str]
    identified_by: str | None
    concerns: str | None
    description: str
    due_on: date | None
    feedback_on: date | None
    first_action_on: date | None
    closed_on: date | None
    version: int
    created_at: datetime
    actions: list[ActionOut]
    feedback: list[FeedbackOut]


class ListedCaseOut(Shape):
    id: int
    number: str
    type: str
    status: str
    status_label: str
    received_on: date
    due_on: date | None
    feedback_on: date | None
    overdue: bool
    unit_name: str
    categories: list[str] = Field(description="The categories' labels.")
    excerpt: str = Field(description="The start of the description.")


class CasePageOut(Shape):
    items: list[ListedCaseOut]
    next: str | None = Field(description="The cursor of the next page; null on the last.")


class ReportRowOut(Shape):
    section: str
    label: str
    t1: int
    t2: int
    vb: int
    total: int
    note: str


class UnmappedOut(Shape):
    number: str
    type: str
    received_on: str
    reason: str


class ReportTableOut(Shape):
    """The table as ``casework report --format json`` writes it (the text column empty: it is
    case content, which a reports token does not read)."""

    template: str
    unit: str
    year: int
    cutoff: str
    rows: list[ReportRowOut]
    unmapped: list[UnmappedOut]


class SnapshotOut(Shape):
    id: int
    node: str
    year: int
    tertial: int
    template: int
    cutoff_on: date
    taken_at: datetime


class SnapshotListOut(Shape):
    items: list[SnapshotOut]


class SnapshotTableOut(SnapshotOut):
    table: ReportTableOut = Field(description="The table as it was frozen.")


class FieldProblem(Shape):
    field: str
    message: str


class Problem(Shape):
    """RFC 9457 problem details, ``application/problem+json``."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldProblem] = Field(default_factory=list)
