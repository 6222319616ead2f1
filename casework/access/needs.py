"""What each route needs before its view runs: the route layer of authorization.

Every view declares its need with ``@requires(NEED)`` directly under its route decorator, and
tests/access/test_declarations.py fails for a view without one. A need is a predicate on the
signed-in user taken from ``casework.access.policy``: the roles, case types and actions the user
holds *somewhere*. Where is the object's question, and the policy still answers it in the view
(``case_or_404``, ``units_for``, ``report_nodes``, ``may_write_report_notes``, the APT unit):
a declaration is the route's gate, not a permission on what lies behind it.

Routes about one case or one APT unit need only ``SIGNED_IN``: whether the object is out of
reach (404) or seen but not changeable (403) is for the object to say, and a gate in front of it
would answer 403 where ids must reveal nothing.
"""
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial, wraps

from flask import abort, current_app
from flask_login import current_user

from casework.access.policy import (
    AUDIT_ROLES,
    COMPLAINTS,
    IMPORT_ROLES,
    LEGAL_INTAKE_TYPES,
    REPLY_TEXT_ROLES,
    REPORT_ROLES,
    RETENTION_ROLES,
    STAFF_REPORTS,
    creates_some,
    handles_cases,
    holds_role,
)
from casework.auth.models import Role, TokenScope, User

#: The attribute of a view function that holds its need.
ATTRIBUTE = "casework_need"


@dataclass(frozen=True)
class Need:
    name: str
    #: What the user must be or hold, in words, for the map of routes.
    meaning: str
    holds: Callable[[User], bool]
    #: False only for ``PUBLIC``: the route is for the signed out too.
    signed_in: bool = True

    def __str__(self) -> str:
        return self.name


def _anyone(_user: User) -> bool:
    return True


PUBLIC = Need("PUBLIC", "anyone, signed in or not", _anyone, signed_in=False)
SIGNED_IN = Need("SIGNED_IN", "an active user, signed in", _anyone)
REGISTERS_COMPLAINTS = Need("REGISTERS_COMPLAINTS", "creates klagomål, synpunkter or beröm",
                            partial(creates_some, case_types=COMPLAINTS))
FILES_STAFF_REPORTS = Need("FILES_STAFF_REPORTS", "creates avvikelser or lex Sarah-rapporter",
                           partial(creates_some, case_types=STAFF_REPORTS))
REGISTERS_LEGAL = Need("REGISTERS_LEGAL", "creates lex Maria cases or personuppgiftsincidenter",
                       partial(creates_some, case_types=LEGAL_INTAKE_TYPES))
HANDLES = Need("HANDLES", "handles some type of case", handles_cases)
READS_REPORTS = Need("READS_REPORTS", "holds a role that reads report tables",
                     partial(holds_role, roles=REPORT_ROLES))
READS_AUDIT = Need("READS_AUDIT", "holds a role that reads the audit trail",
                   partial(holds_role, roles=AUDIT_ROLES))
MANAGES_REPLY_TEXTS = Need("MANAGES_REPLY_TEXTS", "holds a role that manages standard texts",
                           partial(holds_role, roles=REPLY_TEXT_ROLES))
IMPORTS_CASES = Need("IMPORTS_CASES", "holds a role that imports cases from a spreadsheet",
                     partial(holds_role, roles=IMPORT_ROLES))
MANAGES_RETENTION = Need("MANAGES_RETENTION", "holds a role that puts legal holds on cases",
                         partial(holds_role, roles=RETENTION_ROLES))
ADMIN = Need("ADMIN", "holds the admin role", partial(holds_role, roles=frozenset({Role.ADMIN})))
# The API's needs: held by an API token's scope (casework.auth.tokens.ApiClient), never by a
# person, whose session cookie opens nothing under /api.
API_READS_CASES = Need("API_READS_CASES", "an API token of scope read or write", partial(
    holds_role, roles=frozenset({TokenScope.READ, TokenScope.WRITE})))
API_WRITES_CASES = Need("API_WRITES_CASES", "an API token of scope write", partial(
    holds_role, roles=frozenset({TokenScope.WRITE})))
API_READS_REPORTS = Need("API_READS_REPORTS", "an API token of scope reports", partial(
    holds_role, roles=frozenset({TokenScope.REPORTS})))


def requires(need: Need):
    """Declare the view's ``need`` and enforce it.

    Unless the need is ``PUBLIC``, a user who is not signed in, or whose account is deactivated,
    is sent to the login page as by ``login_required``; a signed-in user without the need gets
    403. The view itself still checks each object it touches against the policy.
    """
    def declare(view):
        @wraps(view)
        def gated(*args, **kwargs):
            if need.signed_in:
                if not (current_user.is_authenticated and current_user.is_active):
                    return current_app.login_manager.unauthorized()
                if not need.holds(current_user):
                    abort(403)
            return view(*args, **kwargs)

        setattr(gated, ATTRIBUTE, need)
        return gated

    return declare


def need_of(view) -> Need | None:
    """The need ``view`` declares, or None."""
    return getattr(view, ATTRIBUTE, None)
