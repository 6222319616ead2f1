"""The steps of the legal workflows: lex Sarah, lex Maria and personuppgiftsincidenter.

Each service works like those in casework.cases.handling: it takes the case, the version the user
saw and the acting user; refuses a stale version (StaleVersion) and whatever the workflow does not
allow (DomainError, in Swedish); checks its input (InvalidInput, naming the form field); writes
the case's detail row; keeps the counting dates on ``cases`` in step (``authority_notified_on``
feeds the report rows "anmälningar till IVO" and stops the deadline clocks); records an event
without case content; and flushes. The unit of work commits.
"""
from datetime import date, datetime, timezone

from casework.access.policy import Action, can, may_sign
from casework.auth.models import User
from casework.cases import handling
from casework.cases.details import details_of
from casework.cases.handling import InvalidInput, begin_step, check_date, finish_step
from casework.cases.models import Case, CaseEvent, CaseType
from casework.cases.services import create_case, parse_type
from casework.core.clock import app_zone, as_utc, aware, local_today
from casework.core.errors import DomainError
from casework.core.extensions import db
from casework.legal.terms import legal_terms

DISCOVERY_REQUIRED = "Ange när incidenten upptäcktes."
#: The event an escalation records on the lex Sarah case it creates.
ESCALATED_FROM = "escalated_from"


def register(*, type: str, unit_id: int, received_on: date, registered_by_id: int | None,
             description: str, discovered_at: datetime | None = None) -> Case:
    """Register a lex Maria case or a personuppgiftsincident (the legal intake page).

    A breach is registered with its discovery (``discovered_at``, a naive time is local), so
    that its 72-hour clock to IMY runs from that moment from the start, not from midnight of
    the received date; other types take none. Checked before anything is written: InvalidInput
    on ``discovered_at``; otherwise as ``create_case``.
    """
    breach = parse_type(type) is CaseType.PERSONUPPGIFTSINCIDENT
    if breach and discovered_at is None:
        raise InvalidInput("discovered_at", DISCOVERY_REQUIRED)
    if not breach and discovered_at is not None:
        raise InvalidInput("discovered_at", "Bara en personuppgiftsincident har en upptäckt.")
    moment = _discovery(discovered_at, received_on) if breach else None
    case = create_case(type=type, unit_id=unit_id, received_on=received_on,
                       registered_by_id=registered_by_id, description=description)
    if breach:
        details_of(case, create=True).discovered_at = moment  # the flush restarts its clocks
        db.session.flush()
    return case


def escalate_to_lex_sarah(case: Case, version: int, user: User, *, description: str) -> Case:
    """Make a lex Sarah case of a klagomål or avvikelse; the two stay linked both ways.

    The new case is received today, in the same unit, registered by ``user``; the original's
    status moves on as any handling step moves it.
    """
    status = begin_step(case, version, "escalate_lex_sarah")
    if not can(user, Action.CREATE, CaseType.LEX_SARAH, case.unit):
        raise DomainError("Du får inte registrera lex Sarah-ärenden i den här enheten.")
    description = _required(description, "description", "Beskriv missförhållandet.")
    sarah = create_case(
        type=CaseType.LEX_SARAH.value, unit_id=case.unit_id, received_on=local_today(),
        registered_by_id=user.id, description=description,
        occurred_on=case.occurred_on, follows_up=True,
    )
    details_of(sarah, create=True).origin_case_id = case.id
    db.session.add(CaseEvent(case_id=sarah.id, user_id=user.id, event=ESCALATED_FROM,
                             data={"number": case.number}))
    finish_step(case, user, status, "escalate_lex_sarah", number=sarah.number)
    return sarah


# Lex Sarah


def close_lex_sarah(case: Case, version: int, user: User, *, summary: str, lessons: str) -> Case:
    """Close a lex Sarah case: the summary as any case has, and what was learnt (its workflow
    requires it)."""
    handling.close(case, version, user, summary=summary, lessons=lessons)
    details_of(case, create=True).lessons = lessons.strip()
    db.session.flush()
    return case


def record_protection(case: Case, version: int, user: User, *, measures: str, taken_on: date):
    """The immediate protective measures ("omedelbart") taken when the rapport came in."""
    status = begin_step(case, version, "record_protection")
    check_date(case, taken_on, "taken_on")
    row = details_of(case, create=True)
    row.protective_measures = _required(measures, "measures", "Beskriv skyddsåtgärderna.")
    row.protective_measures_on = taken_on
    finish_step(case, user, status, "record_protection", on=taken_on.isoformat())
    return row


def record_investigation(case: Case, version: int, user: User, **fields):
    """Save the utredning; it may be saved as often as needed while it runs. Its finish date
    (``finished_on``) makes it ready for the assessment."""
    status = begin_step(case, version, "record_investigation")
    row = details_of(case, create=True)
    if case.type is CaseType.LEX_SARAH:
        _sarah_investigation(case, row, **fields)
    else:
        _maria_investigation(case, row, **fields)
    finish_step(case, user, status, "record_investigation")
    return row


def _sarah_investigation(case: Case, row, *, started_on: date, finished_on: date | None,
                         what_happened: str, why: str, prevention: str, measures: str) -> None:
    check_date(case, started_on, "started_on")
    if finished_on is not None:
        check_date(case, finished_on, "finished_on")
        if finished_on < started_on:
            raise InvalidInput("finished_on", "Utredningen kan inte vara klar innan den började.")
        for field, value, message in (
            ("what_happened", what_happened, "Beskriv vad som hände innan utredningen är klar."),
            ("why", why, "Beskriv varför det hände innan utredningen är klar."),
            ("prevention", prevention, "Beskriv vad som ska förhindra att det händer igen."),
        ):
            _required(value, field, message)
    row.investigation_started_on, row.investigation_finished_on = started_on, finished_on
    row.what_happened, row.why = _text(what_happened), _text(why)
    row.prevention, row.measures = _text(prevention), _text(measures)


def _maria_investigation(case: Case, row, *, investigation: str, finished_on: date | None) -> None:
    if finished_on is not None:
        check_date(case, finished_on, "finished_on")
        _required(investigation, "investigation", "Beskriv utredningen innan den är klar.")
    row.investigation, row.investigation_finished_on = _text(investigation), finished_on


def assess(case: Case, version: int, user: User, *, assessment: str, assessed_on: date,
           event: str | None = None):
    """The assessment, signed by ``user`` on ``assessed_on``: the enhetschef for lex Sarah, the
    MAS for lex Maria (who also describes the event). It decides whether IVO must be notified."""
    status = begin_step(case, version, "assess")
    if not may_sign(user, case):
        who = "enhetschefen" if case.type is CaseType.LEX_SARAH else "MAS"
        raise DomainError(f"Bedömningen signeras av {who}.")
    if assessment not in legal_terms(case.type).assessments:
        raise InvalidInput("assessment", "Välj en bedömning.")
    check_date(case, assessed_on, "assessed_on")
    row = details_of(case, create=True)
    finished_on = row.investigation_finished_on
    if case.type is CaseType.LEX_SARAH and finished_on and assessed_on < finished_on:
        raise InvalidInput("assessed_on", "Bedömningen kan inte göras innan utredningen är klar.")
    if case.type is CaseType.LEX_MARIA:
        row.event = _required(event, "event", "Beskriv händelsen.")
    row.assessment, row.assessed_by_id, row.assessed_on = assessment, user.id, assessed_on
    finish_step(case, user, status, "assess")
    return row


def notify_ivo(case: Case, version: int, user: User, *, notified_on: date, reference: str,
               documents: str):
    """The anmälan to IVO: its date (what the report rows count), IVO's reference when known,
    and which documents were sent."""
    status = begin_step(case, version, "notify_ivo")
    check_date(case, notified_on, "notified_on")
    row = details_of(case, create=True)
    assessed_on = getattr(row, "assessed_on", None)
    if assessed_on and notified_on < assessed_on:
        raise InvalidInput("notified_on", "Anmälan kan inte vara gjord före bedömningen.")
    row.ivo_documents = _required(documents, "documents", "Ange vilka handlingar som skickades.")
    row.ivo_reference = _text(reference)
    case.authority_notified_on = notified_on
    finish_step(case, user, status, "notify_ivo", on=notified_on.isoformat())
    return row


def record_ivo_decision(case: Case, version: int, user: User, *, decision: str,
                        decided_on: date, reference: str):
    status = begin_step(case, version, "record_ivo_decision")
    check_date(case, decided_on, "decided_on")
    if case.authority_notified_on and decided_on < case.authority_notified_on:
        raise InvalidInput("decided_on", "IVO:s beslut kan inte vara fattat före anmälan.")
    row = details_of(case, create=True)
    row.ivo_decision = _required(decision, "decision", "Sammanfatta IVO:s beslut.")
    row.ivo_decision_on = decided_on
    row.ivo_reference = _text(reference) or row.ivo_reference
    finish_step(case, user, status, "record_ivo_decision", on=decided_on.isoformat())
    return row


# Personuppgiftsincidenter


def record_breach(case: Case, version: int, user: User, *, discovered_at: datetime,
                  what_happened: str, data_categories: str, approx_people: int | None,
                  approx_records: int | None, consequences: str, measures: str):
    """Document the breach (art. 33.5); may be saved again as more becomes known.
    ``discovered_at`` starts the 72-hour clock; a naive time is the app's local time."""
    status = begin_step(case, version, "record_breach")
    discovered_at = _discovery(discovered_at, case.received_on)
    for field, number in (("approx_people", approx_people), ("approx_records", approx_records)):
        if number is not None and number < 0:
            raise InvalidInput(field, "Ange ett antal, 0 eller mer.")
    row = details_of(case, create=True)
    row.discovered_at = discovered_at
    row.what_happened = _required(what_happened, "what_happened", "Beskriv vad som hände.")
    row.data_categories, row.consequences = _text(data_categories), _text(consequences)
    row.approx_people, row.approx_records = approx_people, approx_records
    row.measures = _text(measures)
    finish_step(case, user, status, "record_breach")
    return row


def decide_imy(case: Case, version: int, user: User, *, notify: bool,
               notified_at: datetime | None, reference: str, reason: str):
    """The decision whether to notify IMY: when notified, when (what stops the 72-hour clock)
    and IMY's reference; when not, why (a breach unlikely to risk people's rights)."""
    status = begin_step(case, version, "decide_imy")
    row = details_of(case, create=True)
    if notify:
        if notified_at is None:
            raise InvalidInput("notified_at", "Ange när incidenten anmäldes till IMY.")
        notified_at = aware(notified_at)
        if notified_at > datetime.now(app_zone()):
            raise InvalidInput("notified_at", "Tidpunkten kan inte vara i framtiden.")
        if row.discovered_at and notified_at < as_utc(row.discovered_at):
            raise InvalidInput("notified_at",
                               "Anmälan kan inte vara gjord innan incidenten upptäcktes.")
        row.imy_notified_at, row.imy_reference = notified_at, _text(reference)
        row.not_notified_reason = None
        case.authority_notified_on = notified_at.astimezone(app_zone()).date()
    else:
        row.not_notified_reason = _required(
            reason, "reason", "Ange varför incidenten inte anmäls till IMY."
        )
    row.notify_imy = bool(notify)
    finish_step(case, user, status, "decide_imy")
    return row


def inform_subjects(case: Case, version: int, user: User, *, informed: bool,
                    informed_on: date | None, reason: str):
    """Art. 34: whether the people affected were told (and when), or why not."""
    status = begin_step(case, version, "inform_subjects")
    row = details_of(case, create=True)
    if informed:
        if informed_on is None:
            raise InvalidInput("informed_on", "Ange när de registrerade informerades.")
        check_date(case, informed_on, "informed_on")
        row.subjects_informed_on, row.subjects_not_informed_reason = informed_on, None
    else:
        row.subjects_not_informed_reason = _required(
            reason, "reason", "Ange varför de registrerade inte informeras."
        )
        row.subjects_informed_on = None
    row.subjects_informed = bool(informed)
    finish_step(case, user, status, "inform_subjects")
    return row


def _discovery(moment: datetime, received_on: date) -> datetime:
    """A breach's discovery as a UTC moment: not in the future, and not after the day the
    case came in (it may be before: found in the evening, reported the next morning)."""
    moment = aware(moment)
    if moment > datetime.now(timezone.utc):
        raise InvalidInput("discovered_at", "Tidpunkten kan inte vara i framtiden.")
    if moment.astimezone(app_zone()).date() > received_on:
        raise InvalidInput("discovered_at",
                           "Incidenten kan inte ha upptäckts efter den dag ärendet kom in.")
    return moment


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


def _required(value: str | None, field: str, message: str) -> str:
    if not (value or "").strip():
        raise InvalidInput(field, message)
    return value.strip()
