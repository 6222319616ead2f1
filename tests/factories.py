"""Test data built through the same services the CLI and the app use. Callers commit if needed."""
from datetime import date
from itertools import count

from casework.auth import services as auth_services
from casework.auth.models import Role, RoleGrant, User
from casework.cases.services import create_case
from casework.core.clock import utcnow
from casework.core.extensions import db
from casework.organisation import services as org_services
from casework.organisation.models import OrgNode
from casework.trail.models import AuditEvent

#: Every factory user's password; long and uncommon enough for the password policy.
PASSWORD = "Kanelbulle-och-kaffe-42"

#: The day a factory case came in, unless a test says otherwise.
RECEIVED = date(2025, 3, 4)
DESCRIPTION = "Morgonbesöket kom för sent."
#: What the case validator asks of each type besides a description, at values no test counts
#: or filters by unless it says so; every template from 2023 on offers them. (The staff report
#: also asks the day an avvikelse happened; the service does not.)
CASE_DEFAULTS = {
    "klagomal": {"source": "annan", "categories": ["annat"]},
    "synpunkt": {"source": "annan", "categories": ["annat"]},
    "avvikelse": {"categories": ["avv_annat"], "identified_by": "medarbetare",
                  "concerns": "egen_verksamhet"},
}

_serial = count(1)


def node(kind: str = "enhet", name: str | None = None, parent: OrgNode | None = None,
         code: str | None = None) -> OrgNode:
    n = next(_serial)
    made = org_services.add_node(
        code or f"N{n}", name or f"Enhet {n}", kind, parent.code if parent else None
    )
    _unaudited()
    return made


def _unaudited() -> None:
    """Leave out the admin-change row the service has just added: a test's tree is its
    setting, not an admin's change, and the trail's tests count only what they do."""
    for pending in [row for row in db.session.new if isinstance(row, AuditEvent)]:
        db.session.expunge(pending)


def user(role: str | Role = Role.PLANERARE, unit: OrgNode | None = None, *, name: str | None = None,
         email: str | None = None, password: str = PASSWORD, active: bool = True) -> User:
    """A user holding ``role`` over ``unit`` (a new enhet when not given)."""
    n = next(_serial)
    unit = unit or node()
    created = auth_services.add_user(
        email or f"user{n}@example.se", name or f"Användare {n}", password, str(role), unit.code
    )
    created.active = active
    db.session.flush()
    return created


def admin(unit: OrgNode, *, email: str, name: str = "Ada Admin") -> str:
    """An admin over ``unit`` with the second factor on (the server asks admins for one); the
    TOTP secret, to make codes with."""
    import pyotp

    holder = user(Role.ADMIN, unit, name=name, email=email)
    holder.totp_secret, holder.totp_enabled_at = pyotp.random_base32(), utcnow()
    db.session.flush()
    return holder.totp_secret


def grant(holder: User, role: str | Role, unit: OrgNode) -> RoleGrant:
    """Give ``holder`` one more role."""
    added = RoleGrant(role=Role(role), node=unit)
    holder.grants.append(added)
    db.session.flush()
    return added


def case_fields(type: str = "klagomal", **fields) -> dict:
    """``create_case``'s keywords, or a row of the bulk path, for a complete case of ``type``:
    ``fields``, and the type's CASE_DEFAULTS (and a description) for what they leave out; an
    empty value given for one of those (no categories, a blank description) counts as left
    out. One home for what a valid case needs, so that a test names only what it is about."""
    defaults = {"description": DESCRIPTION} | CASE_DEFAULTS.get(type, {})
    given = {name: value for name, value in fields.items() if value or name not in defaults}
    if given.get("anonymous"):  # an anonymous case names no source
        defaults = {name: value for name, value in defaults.items() if name != "source"}
    return {"type": type} | defaults | given


def case(unit: OrgNode, type: str = "klagomal", received_on: date = RECEIVED, *,
         by: User | None = None, **fields):
    """A complete case of ``type`` in ``unit``, registered by ``by``, made as the app makes one
    (``create_case``: validated, numbered, its ``created`` event, its clocks); ``fields`` are
    more keywords of ``create_case`` (see ``case_fields``)."""
    return create_case(**case_fields(type, unit_id=unit.id, received_on=received_on,
                                     registered_by_id=by.id if by else None, **fields))


def log_in(client, holder: User) -> None:
    """Sign ``client`` in as ``holder`` without a login request (and its password hashing):
    a server-side session as at login, its token in the cookie."""
    from casework.auth.sessions import start_session
    from casework.auth.views import TOKEN_KEY

    token = start_session(holder)
    # Committed, as a login is: a request that rolls back must not end the session.
    db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = str(holder.id)
        session["_fresh"] = True
        session[TOKEN_KEY] = token
