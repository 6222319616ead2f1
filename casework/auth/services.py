"""Writes for users and their role grants. Services flush; the caller commits."""
import sqlalchemy as sa

from casework.auth.models import Role, RoleGrant, User
from casework.auth.passwords import hash_password, password_problems
from casework.errors import Conflict, DomainError, UnknownValue
from casework.extensions import db
from casework.organisation.services import node_by_code


class WeakPassword(DomainError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(" ".join(problems))


def parse_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise UnknownValue("role", role, [r.value for r in Role]) from None


def add_user(email: str, name: str, password: str, role: str, unit_code: str) -> User:
    """Create a user holding ``role`` over the node ``unit_code`` and its subtree."""
    email = email.strip().lower()
    grant_role = parse_role(role)
    node = node_by_code(unit_code)
    if user_by_email(email) is not None:
        raise Conflict(f"a user with e-mail {email!r} already exists")
    problems = password_problems(password, email=email, name=name)
    if problems:
        raise WeakPassword(problems)
    user = User(email=email, name=name, password_hash=hash_password(password))
    user.grants.append(RoleGrant(role=grant_role, node=node))
    db.session.add(user)
    db.session.flush()
    return user


def user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))
