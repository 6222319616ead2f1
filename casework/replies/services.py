"""Writing the standard texts. Services flush; the caller commits.

A text is checked as a whole before anything is stored, every reason at its field in Swedish
(``InvalidFields``): its purpose, type and category from the lists, a node the user manages
(none, for every unit, only for an admin), a name, a subject for what is e-mailed, and a text
within its limit whose placeholders are all known and allowed for the purpose. Each change is
audited as an admin change with the text's codes before and after (its words are no personal
data, but they stay out of the trail like every free text).
"""
from dataclasses import dataclass

from casework import trail
from casework.access.policy import ANSWERED_TYPES
from casework.auth.models import User
from casework.core.case_types import CaseType
from casework.core.errors import FieldError, InvalidFields
from casework.core.extensions import db
from casework.core.fields import swedish_number
from casework.core.personnummer import contains_personnummer
from casework.core.taxonomy import catalogue
from casework.organisation.models import OrgNode
from casework.replies import placeholders
from casework.replies.models import ReplyText, TextPurpose
from casework.replies.queries import manageable_nodes, manages_everywhere, may_manage

NAME_MAX = 200
SUBJECT_MAX = 200
BODY_MAX = 10_000
#: The purposes whose text is e-mailed, and so has a subject line.
MAILED = frozenset({TextPurpose.RECEIPT, TextPurpose.ANSWER})
NOT_YOURS = "Välj en av de organisationsdelar du hanterar svarsmallar för."


@dataclass(frozen=True)
class TextInput:
    """What a form or a caller gives for a text; ids and keys as text, "" for none."""

    purpose: str
    case_type: str
    category: str
    node_id: int | None
    name: str
    subject: str
    body: str


def complaint_categories() -> dict[str, str]:
    """The categories a text may be for: those of klagomål and synpunkter, by label."""
    terms = catalogue().taxonomy.categories.values()
    return dict(sorted(((t.key, t.label) for t in terms if t.domain == "complaint"),
                       key=lambda item: item[1]))


def create(user: User, given: TextInput) -> ReplyText:
    text = ReplyText()
    _apply(user, text, given)
    db.session.add(text)
    db.session.flush()
    trail.record_admin_change("reply_text_create", before=None, after=_codes(text),
                              unit_id=text.org_node_id, reply_text=text.id)
    return text


def update(user: User, text: ReplyText, given: TextInput) -> ReplyText:
    before, words = _codes(text), (text.subject, text.body)
    _apply(user, text, given)
    db.session.flush()
    after = _codes(text) | {"text_changed": (text.subject, text.body) != words}
    trail.record_admin_change("reply_text_change", before=before, after=after,
                              unit_id=text.org_node_id, reply_text=text.id)
    return text


def delete(user: User, text: ReplyText) -> None:
    if not may_manage(user, text):
        raise InvalidFields([FieldError("node", NOT_YOURS)])
    trail.record_admin_change("reply_text_delete", before=_codes(text), after=None,
                              unit_id=text.org_node_id, reply_text=text.id)
    db.session.delete(text)
    db.session.flush()


def _apply(user: User, text: ReplyText, given: TextInput) -> None:
    errors = []
    purpose = _choice(TextPurpose, given.purpose, "purpose", "Välj vad mallen används till.",
                      errors)
    case_type = None
    if given.case_type:
        case_type = _choice(CaseType, given.case_type, "case_type", "Välj en ärendetyp.", errors)
        if case_type is not None and case_type not in ANSWERED_TYPES:
            errors.append(FieldError("case_type", "Välj en ärendetyp."))
    if given.category and given.category not in complaint_categories():
        errors.append(FieldError("category", "Välj en kategori ur listan."))
    node = _node(user, given.node_id, errors)
    if text.id is not None and not may_manage(user, text):  # moved out of reach meanwhile
        errors.append(FieldError("node", NOT_YOURS))
    name, subject, body = (given.name or "").strip(), (given.subject or "").strip(), \
        (given.body or "").replace("\r\n", "\n").strip()
    allowed = placeholders.RECEIPT_PLACEHOLDERS if purpose is TextPurpose.RECEIPT else None
    errors += _text_problems("name", name, NAME_MAX, "Ge mallen ett namn.", line=True)
    if purpose in MAILED:
        errors += _text_problems("subject", subject, SUBJECT_MAX,
                                 "Skriv e-postens ämnesrad.", line=True, allowed=allowed)
    errors += _text_problems("body", body, BODY_MAX, "Skriv mallens text.", allowed=allowed)
    if errors:
        raise InvalidFields(errors)
    text.purpose, text.case_type = purpose, case_type
    text.category = given.category or None
    text.org_node = node
    text.name, text.body = name, body
    text.subject = subject if purpose in MAILED else None
    text.updated_by_id = user.id


def _choice(enum, value: str, field: str, message: str, errors: list):
    try:
        return enum(value)
    except ValueError:
        errors.append(FieldError(field, message))
        return None


def _node(user: User, node_id: int | None, errors: list) -> OrgNode | None:
    if node_id is None:
        if not manages_everywhere(user):
            errors.append(FieldError("node", NOT_YOURS))
        return None
    node = next((n for n in manageable_nodes(user) if n.id == node_id), None)
    if node is None:
        errors.append(FieldError("node", NOT_YOURS))
    return node


def _text_problems(field: str, value: str, limit: int, empty: str, *, line: bool = False,
                   allowed: frozenset[str] | None = None) -> list[FieldError]:
    if not value:
        return [FieldError(field, empty)]
    if "\x00" in value:
        return [FieldError(field, "Texten innehåller ett otillåtet tecken (NUL).")]
    if len(value) > limit:
        return [FieldError(field, f"Texten får vara högst {swedish_number(limit)} tecken; "
                                  f"den här har {swedish_number(len(value))}.")]
    reasons = []
    if line and "\n" in value:
        reasons.append("Skriv texten på en rad.")
    if contains_personnummer(value):
        reasons.append("Skriv inte personnummer här.")
    reasons += placeholders.problems(value, allowed) if field != "name" else []
    return [FieldError(field, reason) for reason in reasons]


def _codes(text: ReplyText) -> dict:
    return {"purpose": text.purpose.value, "case_type": text.case_type.value
            if text.case_type else None, "category": text.category,
            "node": text.org_node.code if text.org_node else None, "name": text.name}
