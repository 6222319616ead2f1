"""Reads of the organisation tree."""
from dataclasses import dataclass, field

import sqlalchemy as sa

from casework.core.extensions import db
from casework.organisation.models import OrgNode


@dataclass
class Branch:
    """A node and the branches under it, siblings by name: the tree as the admin reads it."""

    node: OrgNode
    children: list["Branch"] = field(default_factory=list)


def subtrees(paths: list[str]) -> list[Branch]:
    """The subtrees rooted at the nodes of ``paths`` (one query), as branches by name; a path
    inside another's subtree is shown once, in its place."""
    if not paths:
        return []
    nodes = db.session.scalars(sa.select(OrgNode).where(
        sa.or_(*(OrgNode.path.startswith(p) for p in paths))).order_by(OrgNode.name, OrgNode.id))
    branches = {node.id: Branch(node) for node in nodes}
    roots = []
    for branch in branches.values():
        parent = branches.get(branch.node.parent_id)
        (parent.children if parent else roots).append(branch)
    return roots


def within(node: OrgNode, paths: list[str]) -> bool:
    """Whether ``node`` lies in the subtree of one of ``paths``."""
    return any(node.path.startswith(path) for path in paths)


def move_targets(node: OrgNode, paths: list[str]) -> list[OrgNode]:
    """The nodes in ``paths``' subtrees that ``node`` may move under: of a higher kind, outside
    its own subtree, not its parent now; by name."""
    higher = [kind for kind in type(node.kind) if kind.rank < node.kind.rank]
    if not paths or not higher:
        return []
    query = sa.select(OrgNode).where(
        sa.or_(*(OrgNode.path.startswith(p) for p in paths)), OrgNode.kind.in_(higher),
        sa.not_(OrgNode.path.startswith(node.path)))
    if node.parent_id is not None:
        query = query.where(OrgNode.id != node.parent_id)
    return list(db.session.scalars(query.order_by(OrgNode.name, OrgNode.id)))
