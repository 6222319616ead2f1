"""Writes to the organisation tree. Services flush; the caller commits."""
import sqlalchemy as sa

from casework.core.errors import Conflict, DomainError, UnknownValue
from casework.core.extensions import db
from casework.organisation.models import NodeKind, OrgNode


def add_node(code: str, name: str, kind: str, parent_code: str | None = None) -> OrgNode:
    """Add a node under ``parent_code``; a child must be of a lower kind than its parent."""
    node_kind = _kind(kind)
    if db.session.scalar(sa.select(OrgNode.id).where(OrgNode.code == code)):
        raise Conflict(f"an organisation node with code {code!r} already exists")
    parent = None
    if parent_code:
        parent = node_by_code(parent_code)
        if parent.kind.rank >= node_kind.rank:
            raise DomainError(f"a {node_kind.value} cannot be placed under a {parent.kind.value}")
    node = OrgNode(code=code, name=name, kind=node_kind, parent=parent, path="")
    db.session.add(node)
    db.session.flush()  # assigns the id the path is made of
    node.path = f"{parent.path if parent else '/'}{node.id}/"
    return node


def node_by_code(code: str) -> OrgNode:
    node = db.session.scalar(sa.select(OrgNode).where(OrgNode.code == code))
    if node is None:
        codes = db.session.scalars(sa.select(OrgNode.code).order_by(OrgNode.code)).all()
        raise UnknownValue("unit", code, codes)
    return node


def _kind(kind: str) -> NodeKind:
    try:
        return NodeKind(kind)
    except ValueError:
        raise UnknownValue("kind", kind, [k.value for k in NodeKind]) from None
