"""Writes for users and their role grants. Services flush; the caller commits."""
import sqlalchemy as sa

from casework.auth.models import Role, RoleGrant, User
from casework.auth.passwords import hash_password, password_problems, verify_password
from casework.auth.sessions import end_all_sessions
from casework.core.errors import Conflict, DomainError, UnknownValue
from casework.core.extensions import db
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
    return add_users([(email, name, role, unit_code)], password)[0]


def add_users(people: list[tuple[str, str, str, str]], password: str) -> list[User]:
    """Create users who share ``password``, each given as (e-mail, name, role, node code) as
    for ``add_user``; the password is hashed once (argon2 takes a good part of a second a hash),
    which lets the demo give every enhet its managers."""
    users, password_hash = [], None
    for email, name, role, unit_code in people:
        email = email.strip().lower()
        grant_role = parse_role(role)
        node = node_by_code(unit_code)
        if user_by_email(email) is not None:
            raise Conflict(f"a user with e-mail {email!r} already exists")
        problems = password_problems(password, email=email, name=name)
        if problems:
            raise WeakPassword(problems)
        password_hash = password_hash or hash_password(password)
        user = User(email=email, name=name, password_hash=password_hash)
        user.grants.append(RoleGrant(role=grant_role, node=node))
        db.session.add(user)
        users.append(user)
    db.session.flush()
    return users


def set_password(user: User, password: str) -> None:
    """Give the user a new password (the policy applies) and end all their sessions, so that
    a session opened with the old password, or a copied cookie, no longer works."""
    problems = password_problems(password, email=user.email, name=user.name)
    if verify_password(user.password_hash, password):
        problems.append("Det nya lösenordet måste skilja sig från det nuvarande.")
    if problems:
        raise WeakPassword(problems)
    user.password_hash = hash_password(password)
    end_all_sessions(user.id, "password")


def existing_user(email: str) -> User:
    user = user_by_email(email)
    if user is None:
        raise DomainError(f"no user with e-mail {email.strip().lower()!r}")
    return user


def user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))
