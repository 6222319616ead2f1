"""Correcting what was registered about a case, and taking a case back right after saving it.

A correction is a case as intake would take it: the draft it makes passes the one validator
(casework.cases.validation) for the same reasons, in the same words, at the same fields. Only
the fields that differ from what is stored are written; each is told in the case's history
(a ``corrected`` CaseEvent) and in the audit trail (a ``correct`` row), in the transaction of the
change, each with its old and new value; for the free texts (description, contact, immediate
measures) the audit says only that the text changed, since it keeps no case content. The deadline clocks follow on the
flush (casework.cases.clocks). Frozen report snapshots are never touched: their comparison with
the live table shows what a correction moved.

"Ångra" (``withdraw_case``) is for the one who registered a case, for a few minutes after
(``WITHDRAW_WINDOW_MINUTES``), while nobody has done anything with it: the case keeps its number
and history, gets the status "atertaget", and from then on no report counts it, no list of work
shows it and its clocks are stopped.

Services flush; the unit of work commits.
"""
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import format_date
from sqlalchemy.orm.exc import StaleDataError

from casework import trail
from casework.access.policy import Action, can
from casework.auth.models import User
from casework.cases import steps
from casework.cases.handling import StaleVersion
from casework.cases.models import Case, CaseCategory, CaseEvent
from casework.cases.validation import Draft, validate
from casework.core.case_types import (
    CLOSED_STATUS,
    INITIAL_STATUS,
    WITHDRAWN_STATUS,
    CaseType,
)
from casework.core.clock import as_utc, local_today, utcnow
from casework.core.errors import DomainError, FieldError, InvalidFields
from casework.core.extensions import db
from casework.core.taxonomy import ANONYMOUS, catalogue
from casework.organisation.models import NodeKind

#: What a correction may change, in the order the history tells it, with the labels it uses.
LABELS = {
    "type": "Typ",
    "received_on": "Inkom",
    "source": "Från vem",
    "anonymous": "Anonym",
    "channel": "Kanal",
    "categories": "Kategori",
    "identified_by": "Vem har identifierat avvikelsen",
    "concerns": "Vem avser avvikelsen",
    "occurred_on": "När det hände",
    "description": "Beskrivning",
    "contact": "Kontaktuppgifter",
    "contact_email": "E-post för svar",
    "immediate_measures": "Omedelbara åtgärder",
}
#: Free texts: the history and the audit say that they changed, never what they said.
TEXTS = frozenset({"description", "contact", "contact_email", "immediate_measures"})
#: The types a case of each may be corrected to. The other types (lex Sarah, lex Maria,
#: breaches) record their facts in their legal steps; an avvikelse that is a lex Sarah matter
#: is escalated, not retyped.
TYPE_GROUPS = (
    frozenset({CaseType.KLAGOMAL, CaseType.SYNPUNKT, CaseType.BEROM}),
    frozenset({CaseType.AVVIKELSE}),
)
CORRECTABLE = frozenset().union(*TYPE_GROUPS)

NOTHING_TO_CHANGE = "Inget att ändra: uppgifterna är desamma som i ärendet."
NOT_YOURS = "Bara den som registrerade ärendet kan ångra registreringen."
STARTED = "Ärendet har redan börjat handläggas och kan inte ångras."


class NothingToChange(DomainError):
    """The correction asks for what the case already holds. ``stale``: the case was saved
    after the form was opened (a second submission of a correction already saved)."""

    def __init__(self, stale: bool):
        self.stale = stale
        super().__init__(NOTHING_TO_CHANGE)


class NotYours(DomainError):
    """Ångra by someone other than the one who registered the case."""

    def __init__(self):
        super().__init__(NOT_YOURS)


def refusal(case: Case) -> str | None:
    """Why ``case`` cannot be corrected now, in Swedish; None when it can."""
    if case.status == CLOSED_STATUS:
        return "Ärendet är avslutat: återöppna det för att rätta uppgifterna."
    if case.status == WITHDRAWN_STATUS:
        return "Ärendet är återtaget och kan inte rättas."
    if case.type not in CORRECTABLE:
        return f"Uppgifterna i ett ärende av typen {case.type.label} rättas i dess steg."
    return None


def may_correct(user: User, case: Case) -> bool:
    """Whether ``user`` may correct ``case`` now: they handle it, and it is open."""
    return refusal(case) is None and can(user, Action.HANDLE, case.type, case.unit)


def type_choices(case: Case) -> list[CaseType]:
    """The types ``case`` may be corrected to, its own among them."""
    return next((sorted(group, key=list(CaseType).index) for group in TYPE_GROUPS
                 if case.type in group), [case.type])


def stored(case: Case) -> dict:
    """What the case holds of the fields a correction may change, as a Draft holds them."""
    values = {name: getattr(case, name) for name in LABELS if name != "categories"}
    return values | {"type": case.type.value, "categories": tuple(case.categories)}


def correct_case(case: Case, version: int | None, user: User, **fields) -> dict[str, tuple]:
    """Correct ``case`` to ``fields`` (those of a Draft but the unit, as a person enters them:
    the source ``"anonym"`` means anonymous); a field not given keeps its value. Returns the
    changes, field → (old, new).

    Raises DomainError when the case cannot be corrected (closed, withdrawn, or of a type
    corrected elsewhere), InvalidFields with every reason the validator finds, NothingToChange
    when nothing differs, and StaleVersion when ``version`` is not the case's.
    """
    if message := refusal(case):
        raise DomainError(message)
    unknown = fields.keys() - LABELS.keys()
    if unknown:
        raise ValueError(f"not a correctable field: {', '.join(sorted(unknown))}")
    draft = Draft.entered(**stored(case) | fields | {"unit_id": case.unit_id})
    errors = _type_problems(case, draft, user)
    errors += validate(draft, catalogue(), enheter=_enheter(case), today=local_today())
    if errors:
        raise InvalidFields(errors)
    changes = _changes(stored(case), draft)
    if not changes:
        raise NothingToChange(stale=version != case.version)
    if version != case.version:
        raise StaleVersion(case.number, case.version)
    _apply(case, changes)
    db.session.add(CaseEvent(case_id=case.id, user_id=user.id, event="corrected",
                             data={"changes": [[name, *_recorded(name, old, new, texts=True)]
                                               for name, (old, new) in changes.items()]}))
    trail.record("correct", case_id=case.id, unit_id=case.unit_id,
                 corrected={name: list(_recorded(name, old, new, texts=False))
                            for name, (old, new) in changes.items()})
    _flush(case)
    return changes


def _enheter(case: Case) -> set[int]:
    """The case's unit if it takes cases (an enhet), for the validator."""
    return {case.unit_id} if case.unit.kind == NodeKind.ENHET else set()


def _type_problems(case: Case, draft: Draft, user: User) -> list[FieldError]:
    if draft.type == case.type.value or draft.type not in {t.value for t in CaseType}:
        return []  # an unknown type is the validator's to name
    new = CaseType(draft.type)
    if new not in type_choices(case):
        labels = ", ".join(t.label.lower() for t in type_choices(case))
        return [FieldError("type", f"Ett ärende av typen {case.type.label.lower()} kan bara "
                                   f"rättas till {labels}.")]
    if not can(user, Action.HANDLE, new, case.unit):
        return [FieldError("type", f"Du får inte handlägga {new.label.lower()} i {case.unit.name}.")]
    return []


def _changes(before: dict, draft: Draft) -> dict[str, tuple]:
    after = draft.columns() | {"categories": tuple(sorted(dict.fromkeys(draft.categories)))}
    return {name: (before[name], after[name]) for name in LABELS
            if _normal(before[name]) != _normal(after[name])}


def _normal(value):
    """Equal values as stored and as entered: no text and no choice are the same."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, (list, tuple)):
        return tuple(sorted(value))
    return value


def _apply(case: Case, changes: dict[str, tuple]) -> None:
    for name, (_, new) in changes.items():
        if name == "categories":
            # Links kept stay (their rows are the same), so no row is deleted and re-added.
            case.category_links = [link for link in case.category_links if link.category in new]
            kept = {link.category for link in case.category_links}
            case.category_links += [CaseCategory(category=key) for key in new if key not in kept]
            case.category_bits = catalogue().taxonomy.category_mask(new)
        elif name == "type":
            case.type = CaseType(new)
        elif name in TEXTS:  # stored as intake stores them: no description is ""
            text = (new or "").strip()
            setattr(case, name, text if name == "description" else text or None)
        else:
            setattr(case, name, new)
    # The row is written whatever changed (a category only), so that the version moves.
    case.updated_at = utcnow()


def _recorded(name: str, old, new, *, texts: bool) -> tuple:
    """The old and new value as the history (``texts``) and the audit keep them: keys and ISO
    dates; a free text in the history, which is part of the case and read by those who read its
    description, and as None in the audit, which keeps no case content."""
    if name in TEXTS:
        return (old or None, new or None) if texts else (None, None)
    return _plain(old), _plain(new)


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return sorted(value)
    return value


def _flush(case: Case) -> None:
    number = case.number
    try:
        db.session.flush()
    except StaleDataError:
        raise StaleVersion(number, None) from None


def describe(event: CaseEvent) -> str:
    """A correction in the history: "Rättade Typ: Klagomål → Synpunkt; Beskrivning"."""
    parts = []
    for name, old, new in event.data.get("changes", []):
        label = LABELS.get(name, name)
        if name in TEXTS:
            parts.append(f"{label}: ”{old or ''}” → ”{new or ''}”" if old or new else label)
        else:
            parts.append(f"{label}: {_shown(name, old)} → {_shown(name, new)}")
    return "Rättade " + "; ".join(parts)


def _shown(name: str, value) -> str:
    """A recorded value in words: the label of a key, a date as people write it."""
    if value is None or value == []:
        return "inget"
    if name == "type":
        return CaseType(value).label if value in {t.value for t in CaseType} else value
    if name == "anonymous":
        return "Ja" if value else "Nej"
    if name in ("received_on", "occurred_on"):
        return format_date(date.fromisoformat(value), "d MMMM y")
    terms = catalogue().taxonomy
    table = {"source": terms.sources, "channel": terms.channels, "categories": terms.categories,
             "identified_by": terms.identified_by, "concerns": terms.concerns}.get(name, {})
    values = value if isinstance(value, list) else [value]
    return ", ".join(table[v].label if v in table else "Anonym" if v == ANONYMOUS else str(v)
                     for v in values)


def withdraw_window() -> timedelta:
    return timedelta(minutes=current_app.config["WITHDRAW_WINDOW_MINUTES"])


def withdrawable_until(case: Case) -> datetime:
    """Until when the one who registered ``case`` may take it back."""
    return as_utc(case.created_at) + withdraw_window()


def withdraw_case(case: Case, user: User) -> Case:
    """Take ``case`` back for ``user``, who registered it moments ago (Ångra).

    Refused (DomainError, in Swedish) for anyone else, after the window, and once anything has
    been done with the case; a second Ångra of a case already withdrawn by ``user`` is no
    change. The row stays locked until the unit of work ends, so a step taken meanwhile waits
    and is then refused by the workflow (no action leads out of "atertaget").
    """
    db.session.refresh(case, with_for_update=True)
    if case.registered_by_id != user.id:
        raise NotYours()
    if case.status == WITHDRAWN_STATUS:
        return case
    if utcnow() > withdrawable_until(case):
        minutes = current_app.config["WITHDRAW_WINDOW_MINUTES"]
        raise DomainError(f"Registreringen kan bara ångras inom {minutes} minuter. Be en "
                          "handläggare rätta uppgifterna eller avsluta ärendet.")
    if case.status != INITIAL_STATUS or _has_history(case.id):
        raise DomainError(STARTED)
    case.apt_pending = False
    case.updated_at = utcnow()
    db.session.add(CaseEvent(case_id=case.id, user_id=user.id, event="withdrawn",
                             data={"from": case.status, "to": WITHDRAWN_STATUS}))
    case.status = WITHDRAWN_STATUS
    trail.record("withdraw", case_id=case.id, unit_id=case.unit_id)
    _flush(case)
    return case


def _has_history(case_id: int) -> bool:
    """Whether anything but the registration happened to the case."""
    return bool(db.session.scalar(sa.select(sa.func.count()).select_from(CaseEvent).where(
        CaseEvent.case_id == case_id, CaseEvent.event != "created")))


def describe_withdrawal(event: CaseEvent) -> str:
    who = event.user.name if event.user else "en borttagen användare"
    return f"Återtaget av {who} direkt efter registreringen"


steps.register_described_event("corrected", describe)
steps.register_described_event("withdrawn", describe_withdrawal)
