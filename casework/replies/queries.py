"""Reads of the standard texts: who manages which, and which apply to a case."""
import sqlalchemy as sa

from casework.access.policy import REPLY_TEXT_ROLES
from casework.auth.models import Role, User
from casework.core.extensions import db
from casework.organisation.models import OrgNode
from casework.organisation.queries import within
from casework.replies.models import ReplyText, TextPurpose


def manager_paths(user: User) -> list[str]:
    """The subtrees in which ``user`` manages standard texts: those of their enhetschef and
    admin grants."""
    if not user.is_active:
        return []
    return [g.node.path for g in user.grants if g.role in REPLY_TEXT_ROLES]


def manages_everywhere(user: User) -> bool:
    """Whether ``user`` manages the texts that apply to every unit (no node): an admin."""
    return user.is_active and any(g.role is Role.ADMIN for g in user.grants)


def may_manage(user: User, text: ReplyText) -> bool:
    if text.org_node is None:
        return manages_everywhere(user)
    return within(text.org_node, manager_paths(user))


def manageable_nodes(user: User) -> list[OrgNode]:
    """The nodes ``user`` may scope a standard text to, in tree order."""
    paths = manager_paths(user)
    if not paths:
        return []
    return list(db.session.scalars(
        sa.select(OrgNode).where(sa.or_(*(OrgNode.path.startswith(p) for p in paths)))
        .order_by(OrgNode.path)))


def listed(user: User) -> list[tuple[ReplyText, bool]]:
    """The texts the list page shows ``user``: those they manage, and those for every unit,
    which only an admin changes; each with whether ``user`` may change it."""
    paths = manager_paths(user)
    if not paths:
        return []
    node_ids = sa.select(OrgNode.id).where(sa.or_(*(OrgNode.path.startswith(p) for p in paths)))
    query = (sa.select(ReplyText)
             .where(sa.or_(ReplyText.org_node_id.is_(None), ReplyText.org_node_id.in_(node_ids)))
             .order_by(ReplyText.purpose, ReplyText.name, ReplyText.id))
    return [(text, may_manage(user, text)) for text in db.session.scalars(query)]


def managed_or_none(user: User, text_id: int) -> ReplyText | None:
    text = db.session.get(ReplyText, text_id)
    return text if text is not None and may_manage(user, text) else None


def applicable(case, purpose: TextPurpose) -> list[ReplyText]:
    """The texts of ``purpose`` that apply to ``case`` (its type, one of its categories, its
    unit or a node above it, or everywhere), the most specific first: a category's before a
    type's before one for every type, then the nearest node."""
    ancestors = [int(i) for i in case.unit.path.strip("/").split("/")]
    query = sa.select(ReplyText).where(
        ReplyText.purpose == purpose,
        sa.or_(ReplyText.case_type.is_(None), ReplyText.case_type == case.type),
        sa.or_(ReplyText.category.is_(None), ReplyText.category.in_(case.categories)),
        sa.or_(ReplyText.org_node_id.is_(None), ReplyText.org_node_id.in_(ancestors)),
    )
    depth = {node_id: n for n, node_id in enumerate(ancestors, 1)}

    def specificity(text: ReplyText):
        return (text.category is None, text.case_type is None,
                -depth.get(text.org_node_id, 0), text.name, text.id)

    return sorted(db.session.scalars(query), key=specificity)
