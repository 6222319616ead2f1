"""The API's case operations: list, read, create, and record an åtgärd or an återkoppling.

They take the ways in the browser takes: the list's queries (``casework.cases.queries``), the
policy's case scope (``case_or_404``: another subtree's case answers 404), the one validator of
a new case (``create_case``), the handling services with their rules. Each call is audited as
the same read or change in the browser is: a list its shown ids, a read or change its case.
"""
import sqlalchemy as sa
from flask import request, url_for
from flask_login import current_user

from casework import trail
from casework.access.needs import API_READS_CASES, API_WRITES_CASES
from casework.access.policy import Action, can, units_for
from casework.api import idempotency, schemas
from casework.api.openapi import CASE_ID, IDEMPOTENCY_KEY
from casework.api.views import operation
from casework.cases import handling, queries, workflow
from casework.cases.models import Case, CaseType
from casework.cases.scope import case_or_404
from casework.cases.services import create_case
from casework.core.clock import local_today
from casework.core.errors import Conflict, FieldError, InvalidFields
from casework.core.extensions import db
from casework.core.taxonomy import catalogue
from casework.organisation.models import OrgNode

READ = ("read", "write")
WRITE = ("write",)
UNIT_OUT_OF_REACH = "Nyckeln når ingen enhet med den koden."
KEY_SHAPE = "Ange 1–200 synliga ASCII-tecken."


@operation("GET", "/cases", need=API_READS_CASES, scopes=READ, summary="Lista ärenden",
           query=schemas.CaseListQuery, response=schemas.CasePageOut,
           description="The cases the token reaches, 50 a page, with the case list's filters "
                       "and orders; `next` is the cursor of the following page. Withdrawn "
                       "cases are listed only when `status` asks for them.")
def list_cases(query: schemas.CaseListQuery):
    filters = _filters(query)
    order = queries.Order(query.sort.value, query.order is schemas.SortOrder.DESC)
    cursor = None
    if query.cursor is not None:
        cursor = queries.Cursor.parse(order, query.cursor)
        if cursor is None:
            raise InvalidFields([FieldError("query.cursor", "Sidmarkören känns inte igen. "
                                 "Börja om från första sidan.")])
    page = queries.case_page(current_user, filters, order, local_today(), cursor)
    trail.record("list", shown=[row.id for row in page.rows])
    return schemas.CasePageOut(items=[_listed(row) for row in page.rows],
                               next=page.next.token if page.next else None)


@operation("GET", "/cases/{case_id}", need=API_READS_CASES, scopes=READ, summary="Läs ett ärende",
           params=(CASE_ID,), response=schemas.CaseOut)
def get_case(case_id: int):
    return case_out(case_or_404(case_id))


@operation("POST", "/cases", need=API_WRITES_CASES, scopes=WRITE, summary="Registrera ett ärende",
           body=schemas.CaseCreate, response=schemas.CaseOut, status=201,
           params=(IDEMPOTENCY_KEY,), problems_=(409,),
           description="Registers a case with the intake's rules: the validator names every "
                       "reason at once, at its field (422). The unit must be an open enhet in "
                       "the token's subtree.")
def create(body: schemas.CaseCreate):
    client = current_user.token
    key = request.headers.get("Idempotency-Key")
    if key is not None:
        if not (0 < len(key) <= idempotency.KEY_MAX and key.isascii() and key.isprintable()
                and " " not in key):
            raise InvalidFields([FieldError("header.Idempotency-Key", KEY_SHAPE)])
        earlier = idempotency.claim(client.id, key, body.model_dump(mode="json"))
        if earlier is not None:
            return _replayed(earlier.case_id)
    case = _register(body, client.id)
    if key is not None:
        idempotency.settle(client.id, key, case.id)
    trail.record("create", case_id=case.id, unit_id=case.unit_id)
    return case_out(case), 201, {"Location": url_for(".get_case", case_id=case.id)}


@operation("POST", "/cases/{case_id}/actions", need=API_WRITES_CASES, scopes=WRITE,
           summary="Registrera en åtgärd", params=(CASE_ID,), body=schemas.ActionCreate,
           response=schemas.CaseOut, status=201, problems_=(409,),
           description="Adds an åtgärd; it conflicts with nothing saved meanwhile. A step the "
                       "case's workflow does not allow now answers 409.")
def add_action(case_id: int, body: schemas.ActionCreate):
    case = case_or_404(case_id, Action.HANDLE)
    handling.add_action(case, None, current_user, description=body.description,
                        taken_on=body.taken_on)
    return case_out(case), 201, {}


@operation("POST", "/cases/{case_id}/feedback", need=API_WRITES_CASES, scopes=WRITE,
           summary="Registrera återkoppling", params=(CASE_ID,), body=schemas.FeedbackCreate,
           response=schemas.CaseOut, status=201, problems_=(409,))
def add_feedback(case_id: int, body: schemas.FeedbackCreate):
    case = case_or_404(case_id, Action.HANDLE)
    handling.record_feedback(case, None, current_user, given_on=body.given_on,
                             method=body.method.value, recipient=body.recipient,
                             content=body.content)
    return case_out(case), 201, {}


def _register(body: schemas.CaseCreate, token_id: int) -> Case:
    """``create_case`` with the body's fields; a unit code out of the token's reach is refused
    as the validator refuses a unit that is no enhet, among the other reasons."""
    case_type = CaseType(body.type.value)
    unit = db.session.scalar(sa.select(OrgNode).where(OrgNode.code == body.unit))
    reachable = unit is not None and can(current_user, Action.CREATE, case_type, unit)
    fields = body.model_dump(exclude={"unit", "type"})
    fields["contact_email"] = (fields["contact_email"] or "").lower() or None
    try:
        return create_case(type=case_type, unit_id=unit.id if reachable else None,
                           registered_by_id=None, event_data={"token": token_id}, **fields)
    except InvalidFields as refused:
        if reachable:
            raise
        raise InvalidFields([FieldError("unit", UNIT_OUT_OF_REACH) if e.field == "unit" else e
                             for e in refused.errors]) from None


def _replayed(case_id: int | None):
    """The answer to a retried create: the case its first sending registered, now."""
    case = db.session.get(Case, case_id) if case_id is not None else None
    if case is None:
        raise Conflict("Det första anropet med den här Idempotency-Key pågår fortfarande "
                       "eller gav inget ärende.")
    trail.record("view", case_id=case.id, unit_id=case.unit_id, endpoint=request.endpoint,
                 replayed=True)
    return case_out(case), 201, {"Location": url_for(".get_case", case_id=case.id),
                                 "Idempotent-Replayed": "true"}


def _filters(query: schemas.CaseListQuery) -> queries.Filters:
    """The list's filters; a value the token's list cannot take is refused at its field."""
    errors = []
    if query.status and query.status != queries.OPEN and query.status not in workflow.statuses():
        errors.append(FieldError("query.status", "Det finns ingen sådan status."))
    if query.category and query.category not in catalogue().taxonomy.categories:
        errors.append(FieldError("query.category", "Det finns ingen sådan kategori."))
    unit_id = None
    if query.unit is not None:
        unit_id = next((u.id for u in units_for(current_user, Action.VIEW)
                        if u.code == query.unit), None)
        if unit_id is None:
            errors.append(FieldError("query.unit", UNIT_OUT_OF_REACH))
    if query.received_from and query.received_to and query.received_to < query.received_from:
        errors.append(FieldError("query.received_to",
                                 "Till-datumet kan inte vara före Från-datumet."))
    if errors:
        raise InvalidFields(errors)
    return queries.Filters(
        type=CaseType(query.type.value) if query.type else None, status=query.status,
        category=query.category, unit_id=unit_id, received_from=query.received_from,
        received_to=query.received_to, overdue=query.overdue)


def _listed(row: queries.ListedCase) -> schemas.ListedCaseOut:
    return schemas.ListedCaseOut(
        id=row.id, number=row.number, type=row.type.value, status=row.status,
        status_label=row.status_label, received_on=row.received_on, due_on=row.due_on,
        feedback_on=row.feedback_on, overdue=row.overdue, unit_name=row.unit_name,
        categories=row.categories, excerpt=row.excerpt)


def case_out(case: Case) -> schemas.CaseOut:
    return schemas.CaseOut(
        id=case.id, number=case.number, type=case.type.value, status=case.status,
        status_label=workflow.status_label(case.status), unit=case.unit.code,
        unit_name=case.unit.name, received_on=case.received_on, occurred_on=case.occurred_on,
        source=case.source, anonymous=case.anonymous, channel=case.channel,
        categories=sorted(link.category for link in case.category_links),
        identified_by=case.identified_by, concerns=case.concerns,
        description=case.description or "", due_on=case.due_on, feedback_on=case.feedback_on,
        first_action_on=case.first_action_on, closed_on=case.closed_on, version=case.version,
        created_at=case.created_at,
        actions=[schemas.ActionOut(taken_on=a.taken_on, description=a.description)
                 for a in sorted(case.actions, key=lambda a: (a.taken_on, a.id))],
        feedback=[schemas.FeedbackOut(given_on=f.given_on, method=f.method, content=f.content)
                  for f in sorted(case.feedback, key=lambda f: (f.given_on, f.id))])

