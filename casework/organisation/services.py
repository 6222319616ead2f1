"""Writes to the organisation tree. Services flush; the caller commits.

Every change is audited (``casework.trail.record_admin_change``) with the codes and names of
the nodes involved: a unit's name is not personal. The refusals are in Swedish and name the
field they concern (``InvalidFields``), so the admin pages and ``casework units`` say the same.
"""
import re
from datetime import date

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from casework import trail
from casework.core.clock import local_today
from casework.core.errors import FieldError, InvalidFields, UnknownValue
from casework.core.extensions import db
from casework.organisation.models import NodeKind, OrgNode

CODE_MAX = 32
NAME_MAX = 200
CODE_PATTERN = re.compile(r"[A-Za-z0-9-]+")

KIND_LABELS = {
    NodeKind.FORVALTNING: "förvaltning",
    NodeKind.AVDELNING: "avdelning",
    NodeKind.OMRADE: "område",
    NodeKind.ENHET: "enhet",
}


def add_node(code: str, name: str, kind: str, parent_code: str | None = None) -> OrgNode:
    """Add a node under ``parent_code``; a child must be of a lower kind than its parent and
    its code unique."""
    code, name = code.strip(), name.strip()
    node_kind = _kind(kind)
    errors = _code_problems(code) + _name_problems(name)
    parent = node_by_code(parent_code) if parent_code else None
    if parent is not None and parent.kind.rank >= node_kind.rank:
        errors.append(FieldError("kind", _rank_problem(node_kind, parent)))
    _refuse(errors)
    node = OrgNode(code=code, name=name, kind=node_kind, parent=parent, path="")
    db.session.add(node)
    try:
        db.session.flush()  # assigns the id the path is made of
    except IntegrityError:  # another admin took the code a moment ago
        raise InvalidFields([FieldError("code", _code_taken(code))]) from None
    node.path = f"{parent.path if parent else '/'}{node.id}/"
    trail.record_admin_change("unit_add", before=None, after={
        "code": code, "name": name, "kind": node_kind.value,
        "parent": parent.code if parent else None}, unit_id=node.id)
    return node


def rename_node(node: OrgNode, name: str) -> OrgNode:
    """Give ``node`` a new name; its code, place and cases stay."""
    name = name.strip()
    _refuse(_name_problems(name))
    if name != node.name:
        before, node.name = node.name, name
        trail.record_admin_change("unit_rename", before={"code": node.code, "name": before},
                                  after={"code": node.code, "name": name}, unit_id=node.id)
    db.session.flush()
    return node


def move_node(node: OrgNode, parent: OrgNode) -> OrgNode:
    """Put ``node`` and its whole subtree under ``parent``. The cases stay with their units;
    the materialised paths of the subtree are rewritten, so the grants, the reports and the
    roll-ups follow today's tree. Frozen snapshots keep what they showed."""
    if parent.path.startswith(node.path):
        _refuse([FieldError("parent", f"{node.name} kan inte flyttas till sig själv eller "
                                      f"till en del under sig ({parent.name}).")])
    if parent.kind.rank >= node.kind.rank:
        _refuse([FieldError("parent", _rank_problem(node.kind, parent))])
    if parent.id == node.parent_id:
        _refuse([FieldError("parent", f"{node.name} ligger redan under {parent.name}.")])
    before = node.parent.code if node.parent else None
    old, new = node.path, f"{parent.path}{node.id}/"
    for member in db.session.scalars(sa.select(OrgNode).where(OrgNode.path.startswith(old))):
        member.path = new + member.path[len(old):]
    node.parent = parent
    db.session.flush()
    trail.record_admin_change("unit_move", before={"code": node.code, "parent": before},
                              after={"code": node.code, "parent": parent.code}, unit_id=node.id)
    return node


def close_unit(node: OrgNode, on: date | None = None) -> OrgNode:
    """Close an enhet (today unless ``on``): it takes no new cases; its cases stay readable,
    handleable and reportable."""
    if node.kind is not NodeKind.ENHET:
        _refuse([FieldError("node", "Bara en enhet kan stängas.")])
    if node.closed:
        _refuse([FieldError("node", f"{node.name} är redan stängd.")])
    node.closed_on = on or local_today()
    db.session.flush()
    trail.record_admin_change("unit_close", before={"code": node.code, "closed_on": None},
                              after={"code": node.code, "closed_on": node.closed_on.isoformat()},
                              unit_id=node.id)
    return node


def reopen_unit(node: OrgNode) -> OrgNode:
    """Open a closed enhet again: it takes new cases."""
    if not node.closed:
        _refuse([FieldError("node", f"{node.name} är inte stängd.")])
    before, node.closed_on = node.closed_on, None
    db.session.flush()
    trail.record_admin_change("unit_reopen",
                              before={"code": node.code, "closed_on": before.isoformat()},
                              after={"code": node.code, "closed_on": None}, unit_id=node.id)
    return node


ADDRESS_MAX = 500
ADDRESS_LINES = 6


def set_postal_address(node: OrgNode, address: str) -> OrgNode:
    """The postal address letters from ``node`` (and from the nodes below it that have none)
    carry: up to ``ADDRESS_LINES`` lines; empty removes it."""
    lines = [line.strip() for line in (address or "").splitlines() if line.strip()]
    text = "\n".join(lines)
    if len(text) > ADDRESS_MAX:
        _refuse([FieldError("postal_address", f"Adressen får vara högst {ADDRESS_MAX} tecken.")])
    if len(lines) > ADDRESS_LINES:
        _refuse([FieldError("postal_address",
                            f"Adressen får ha högst {ADDRESS_LINES} rader.")])
    if (text or None) != node.postal_address:
        before, node.postal_address = node.postal_address, text or None
        db.session.flush()
        # The address is the unit's, not a person's: it is kept before and after.
        trail.record_admin_change("unit_address",
                                  before={"code": node.code, "postal_address": before},
                                  after={"code": node.code, "postal_address": node.postal_address},
                                  unit_id=node.id)
    return node


def node_by_code(code: str) -> OrgNode:
    node = db.session.scalar(sa.select(OrgNode).where(OrgNode.code == code))
    if node is None:
        codes = db.session.scalars(sa.select(OrgNode.code).order_by(OrgNode.code)).all()
        raise UnknownValue("unit", code, codes)
    return node


def _code_problems(code: str) -> list[FieldError]:
    if not code:
        return [FieldError("code", "Ange en kod.")]
    if len(code) > CODE_MAX:
        return [FieldError("code", f"Koden får vara högst {CODE_MAX} tecken.")]
    if not CODE_PATTERN.fullmatch(code):
        return [FieldError("code", "Koden får bara innehålla bokstäverna A–Z, siffror och "
                                   "bindestreck.")]
    if db.session.scalar(sa.select(OrgNode.id).where(OrgNode.code == code)):
        return [FieldError("code", _code_taken(code))]
    return []


def _code_taken(code: str) -> str:
    return f"Koden {code} används redan."


def _name_problems(name: str) -> list[FieldError]:
    if not name:
        return [FieldError("name", "Ange ett namn.")]
    if len(name) > NAME_MAX:
        return [FieldError("name", f"Namnet får vara högst {NAME_MAX} tecken.")]
    return []


def _rank_problem(kind: NodeKind, parent: OrgNode) -> str:
    return (f"{_indefinite(kind).capitalize()} kan inte ligga under {_indefinite(parent.kind)} "
            f"({parent.name}).")


def _indefinite(kind: NodeKind) -> str:
    """"ett område", "en enhet": the kind with its article."""
    return f"{'ett' if kind is NodeKind.OMRADE else 'en'} {KIND_LABELS[kind]}"


def _refuse(errors: list[FieldError]) -> None:
    if errors:
        raise InvalidFields(errors)


def _kind(kind: str) -> NodeKind:
    try:
        return NodeKind(kind)
    except ValueError:
        raise UnknownValue("kind", kind, [k.value for k in NodeKind]) from None
