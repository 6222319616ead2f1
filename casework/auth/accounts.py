"""People as an admin manages them: creating a user with grants, changing the grants and the
name, deactivating and reactivating, turning off a lost second factor, sending a link.

A new user never gets a password from the admin: the account starts with none that can be
typed (``NO_PASSWORD``), and the user chooses one through the one-time link of
``casework.auth.reset``, sent when the account is created. An admin manages the users who hold a
grant within the subtrees of their admin grants, and grants only there (``managed``). An admin
cannot deactivate themself nor take away their own admin grant: nobody would be left to undo
it.

Every change is audited with what it was before and after, in ids, role codes and node codes
(``trail.record_admin_change``). The messages are Swedish: the admin pages show them as they
are. Services flush; the caller commits. What sends the link runs after the commit: the
functions that send one return it.
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from casework import trail
from casework.auth import reset, totp
from casework.auth.models import Role, RoleGrant, User
from casework.auth.passwords import NO_PASSWORD
from casework.auth.sessions import end_all_sessions
from casework.core.addresses import email_problem
from casework.core.errors import Conflict, DomainError, FieldError, InvalidFields
from casework.core.extensions import db
from casework.organisation.models import OrgNode
from casework.organisation.queries import within

EMAIL_TAKEN = "Det finns redan en användare med den e-postadressen."
NAME_MAX = 200


@dataclass(frozen=True)
class Filters:
    """The user list's filters; ``text`` matches names and addresses (it names people, so the
    page keeps it out of the URL)."""

    text: str = ""
    role: Role | None = None
    node: OrgNode | None = None
    active: bool | None = True


def admin_paths(admin: User) -> list[str]:
    """The paths of the nodes over which ``admin`` holds the admin role: the admin pages show
    and change those subtrees only (users here, the organisation tree and the rules too)."""
    return [g.node.path for g in admin.grants if g.role is Role.ADMIN] if admin.active else []


def manages_node(admin: User, node: OrgNode) -> bool:
    return within(node, admin_paths(admin))


def managed_nodes(admin: User) -> list[OrgNode]:
    """The nodes the admin may grant roles over, in tree order."""
    paths = admin_paths(admin)
    if not paths:
        return []
    return list(db.session.scalars(
        sa.select(OrgNode).where(sa.or_(*(OrgNode.path.startswith(p) for p in paths)))
        .order_by(OrgNode.path)))


def managed(admin: User) -> sa.Select:
    """The users the admin manages: those with a grant within the admin's subtrees."""
    paths = admin_paths(admin) or ["-"]  # no admin grant: a path no node has
    within = (sa.select(RoleGrant.user_id).join(OrgNode, OrgNode.id == RoleGrant.org_node_id)
              .where(sa.or_(*(OrgNode.path.startswith(p) for p in paths))))
    return sa.select(User).where(User.id.in_(within))


def search(admin: User, filters: Filters, limit: int = 200) -> list[User]:
    """The managed users matching ``filters``, by name."""
    query = managed(admin)
    if filters.text.strip():
        pattern = f"%{_escape_like(filters.text.strip().lower())}%"
        query = query.where(sa.or_(sa.func.lower(User.name).like(pattern, escape="\\"),
                                   User.email.like(pattern, escape="\\")))
    if filters.role is not None or filters.node is not None:
        grants = sa.select(RoleGrant.user_id)
        if filters.role is not None:
            grants = grants.where(RoleGrant.role == filters.role)
        if filters.node is not None:
            grants = grants.where(RoleGrant.org_node_id == filters.node.id)
        query = query.where(User.id.in_(grants))
    if filters.active is not None:
        query = query.where(User.active.is_(filters.active))
    return list(db.session.scalars(query.order_by(User.name, User.id).limit(limit)))


def managed_user(admin: User, user_id: int) -> User | None:
    """The user ``user_id`` if the admin manages them, else None (the page answers 404)."""
    return db.session.scalar(managed(admin).where(User.id == user_id))


def create_user(admin: User | None, email: str, name: str,
                grants: Iterable[tuple[Role, OrgNode]]) -> tuple[User, Callable[[], None]]:
    """Create a user with ``grants`` and no password; returns the user and what sends their
    link to choose one. ``admin`` is None on the command line, which may grant anywhere."""
    email, name = check_email(email), check_name(name)
    grants = list(dict.fromkeys(grants))
    if not grants:
        raise DomainError("Ge användaren minst en behörighet.")
    for _role, node in grants:
        _check_node(admin, node)
    taken = InvalidFields([FieldError("email", EMAIL_TAKEN)])
    if db.session.scalar(sa.select(User.id).where(User.email == email)) is not None:
        raise taken
    user = User(email=email, name=name, password_hash=NO_PASSWORD)
    user.grants = [RoleGrant(role=role, node=node) for role, node in grants]
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError:  # another admin added the address a moment ago
        raise taken from None
    trail.record_admin_change("user_create", before={}, after=_state(user),
                              unit_id=grants[0][1].id, user=user.id)
    return user, reset.send_link(user, reset.INVITE)


def add_grant(admin: User | None, user: User, role: Role, node: OrgNode) -> None:
    _check_node(admin, node)
    if any(g.role is role and g.org_node_id == node.id for g in user.grants):
        raise Conflict(f"{user.name} har redan rollen {role.label} för {node.name}.")
    before = _state(user)
    user.grants.append(RoleGrant(role=role, node=node))
    db.session.flush()
    trail.record_admin_change("user_grants", before=before, after=_state(user),
                              unit_id=node.id, user=user.id)


def remove_grant(admin: User | None, user: User, grant_id: int) -> None:
    grant = next((g for g in user.grants if g.id == grant_id), None)
    if grant is None:
        raise DomainError("Behörigheten finns inte längre.")
    _check_node(admin, grant.node)
    if len(user.grants) == 1:
        raise DomainError("En användare behöver minst en behörighet. Inaktivera användaren "
                          "i stället.")
    if admin is not None and user.id == admin.id and grant.role is Role.ADMIN:
        raise DomainError("Du kan inte ta bort din egen administratörsbehörighet.")
    before, node_id = _state(user), grant.org_node_id
    user.grants.remove(grant)
    db.session.flush()
    # The grant's access ends now: sessions read the grants afresh on every request.
    trail.record_admin_change("user_grants", before=before, after=_state(user),
                              unit_id=node_id, user=user.id)


def rename(user: User, name: str) -> None:
    name = check_name(name)
    if name != user.name:
        user.name = name
        db.session.flush()
        # The names themselves stay out of the trail: it says that the name changed.
        trail.record_admin_change("user_name", before={}, after={}, user=user.id)


TITLE_MAX = 200


def set_title(user: User, title: str) -> None:
    """The title the user signs answers with; empty: the label of their role."""
    title = " ".join((title or "").split())
    if len(title) > TITLE_MAX:
        _refuse("title", f"Titeln får vara högst {TITLE_MAX} tecken.")
    if (title or None) != user.title:
        before, user.title = user.title, title or None
        db.session.flush()
        trail.record_admin_change("user_title", before={"title": before},
                                  after={"title": user.title}, user=user.id)


def deactivate(admin: User | None, user: User) -> None:
    """Stop the user from signing in and end their sessions at once; cases and history stay."""
    if admin is not None and user.id == admin.id:
        raise DomainError("Du kan inte inaktivera dig själv.")
    if user.active:
        user.active = False
        end_all_sessions(user.id, "deactivated")
        trail.record_admin_change("user_deactivate", before={"active": True},
                                  after={"active": False}, user=user.id)


def reactivate(user: User) -> None:
    """Let the user sign in again, with their old password (or the link)."""
    if not user.active:
        user.active = True
        db.session.flush()
        trail.record_admin_change("user_reactivate", before={"active": False},
                                  after={"active": True}, user=user.id)


def reset_second_factor(admin: User | None, user: User) -> None:
    """Turn off a lost second factor (ends the sessions); a role that requires one sets it up
    again at the next login. An admin's own is turned off on their account page, which asks
    for a code."""
    if admin is not None and user.id == admin.id:
        raise DomainError("Din egen tvåstegsverifiering ändrar du under ditt konto.")
    if user.totp_enabled or user.totp_secret:
        totp.disable(user)
        trail.record_admin_change("user_totp_reset", before={"totp": True},
                                  after={"totp": False}, user=user.id)


def send_password_link(user: User) -> Callable[[], None]:
    """A new one-time link for the user to choose a password (a lost one, or an invitation
    that expired); what sends it."""
    if not user.active:
        raise DomainError("Aktivera användaren innan du skickar en länk.")
    send = reset.send_link(user, reset.INVITE if user.password_hash == NO_PASSWORD
                           else reset.RESET)
    trail.record_admin_change("user_link", before={}, after={}, user=user.id)
    return send


def check_email(email: str) -> str:
    email = (email or "").strip().lower()
    if not email:
        _refuse("email", "Ange en e-postadress.")
    if problem := email_problem(email):
        _refuse("email", problem)
    return email


def check_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        _refuse("name", "Ange användarens namn.")
    if len(name) > NAME_MAX:
        _refuse("name", f"Namnet får vara högst {NAME_MAX} tecken.")
    return name


def _refuse(field: str, message: str) -> None:
    raise InvalidFields([FieldError(field, message)])


def _check_node(admin: User | None, node: OrgNode) -> None:
    if admin is not None and not manages_node(admin, node):
        raise DomainError(f"Du kan inte ge behörigheter för {node.name}.")


def _state(user: User) -> dict:
    """A user's grants and status for the trail: role codes at node codes, never names."""
    return {"grants": sorted(f"{g.role.value}@{g.node.code}" for g in user.grants),
            "active": user.active}


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
