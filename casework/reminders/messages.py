"""The e-mails, in Swedish: case number, type, deadline and a link; never the description,
the people in the case or anything else personal."""
from dataclasses import dataclass
from datetime import datetime

from babel.dates import format_date, format_time
from flask import current_app

from casework.cases.models import Case
from casework.core.case_types import CaseType
from casework.core.clock import app_zone
from casework.deadlines.rules import Clock
from casework.reminders.models import Kind, Notification

FOOTER = ("Meddelandet innehåller inga uppgifter om personerna i ärendet. Logga in i casework "
          "för att läsa ärendet.\n")


@dataclass(frozen=True)
class Message:
    subject: str
    body: str


def deadline_text(clock: Clock) -> str:
    """``14 mars 2025``; for a clock in hours, ``14 mars 2025 kl. 15:30``."""
    zone = app_zone()
    if clock.rule.hours is None:
        return format_date(clock.due_on, "d MMMM y", locale="sv")
    local = clock.due_at.astimezone(zone)
    return (f"{format_date(local.date(), 'd MMMM y', locale='sv')} "
            f"kl. {format_time(local.time(), 'HH:mm', locale='sv')}")


def case_link(case: Case) -> str:
    return f"{current_app.config['BASE_URL'].rstrip('/')}/cases/{case.id}"


def about_a_clock(notification: Notification, clock: Clock) -> Message:
    case = notification.case
    what = f"ärende {case.number} ({CaseType(case.type).label.lower()})"
    if notification.kind is Kind.ESCALATION:
        subject = f"Försenat: {clock.rule.label} – {case.number}"
        opening = (f"Tidsfristen för {what} har gått ut utan att steget är klart. "
                   "Du får meddelandet som chef för enheten.")
    else:
        subject = f"Påminnelse: {clock.rule.label} senast {deadline_text(clock)} – {case.number}"
        opening = f"En tidsfrist i {what} går snart ut."
    body = (f"Hej!\n\n{opening}\n\n"
            f"Frist: {clock.rule.label}\n"
            f"Senast: {deadline_text(clock)}\n"
            f"Ärende: {case_link(case)}\n\n{FOOTER}")
    return Message(subject, body)


def digest(lines: list[tuple[Case, Clock]], now: datetime) -> Message:
    """The weekly list of a handler's running clocks, the earliest first."""
    listed = "\n".join(
        f"- {case.number} ({CaseType(case.type).label.lower()}): {clock.rule.label}, senast "
        f"{deadline_text(clock)}{' – FÖRSENAT' if clock.due_at <= now else ''}\n  {case_link(case)}"
        for case, clock in lines)
    body = (f"Hej!\n\nDina öppna ärenden med tidsfrister den närmaste veckan och de som är "
            f"försenade:\n\n{listed}\n\n{FOOTER}")
    return Message(f"Veckans tidsfrister: {len(lines)} st", body)


def new_case(notification: Notification) -> Message:
    """A case that came in through the e-service: its number, type, unit and link, never what
    the sender wrote."""
    case = notification.case
    body = (f"Hej!\n\nEtt nytt ärende har kommit in via e-tjänsten.\n\n"
            f"Ärende: {case.number}\n"
            f"Typ: {CaseType(case.type).label}\n"
            f"Enhet: {case.unit.name}\n"
            f"Länk: {case_link(case)}\n\n{FOOTER}")
    return Message(f"Nytt ärende via e-tjänsten – {case.number}", body)
