"""Finding the demo's own people and unit."""
import sqlalchemy as sa

from casework.auth.models import Role, User
from casework.core.extensions import db
from casework.demo.generator import EMAIL_DOMAIN, OMRADEN
from casework.organisation.models import OrgNode


def demo_user(role: Role) -> User:
    return db.session.scalar(sa.select(User).where(User.email == f"{role.value}@{EMAIL_DOMAIN}"))


def first_unit() -> OrgNode:
    """The enhet where the demo users work."""
    code = OMRADEN[0][2][0][0]
    return db.session.scalar(sa.select(OrgNode).where(OrgNode.code == code))
