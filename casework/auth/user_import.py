"""Creating many users at once from a table (CSV or Excel): name, e-mail, role, unit code.

Every row is checked before anything is saved, and every bad row is listed with its line and
reasons, so that one look tells the admin everything to fix. A file with any bad row creates
nobody; a good one creates everyone, each with one grant and a link to choose a password, in
the caller's one transaction. The checked rows travel to the confirmation as a CSV of their own
(``as_json``), and are checked again then: nothing the browser sends back is trusted.
"""
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa

from casework.auth import accounts
from casework.auth.models import ROLE_LABELS, Role, User
from casework.core.errors import DomainError, InvalidFields
from casework.core.extensions import db
from casework.core.sheets import SheetError, read_table
from casework.organisation.models import OrgNode

#: The columns, by the names a file may give them (Swedish or English).
COLUMNS = {"namn": "name", "name": "name", "e-post": "email", "epost": "email",
           "email": "email", "roll": "role", "role": "role", "enhet": "unit", "unit": "unit"}
HEADER = ("namn", "e-post", "roll", "enhet")
MAX_ROWS = 1000
MAX_BYTES = 2 * 1024 * 1024
_ROLES = {**{role.value: role for role in Role},
          **{label.lower(): role for role, label in ROLE_LABELS.items()}}


@dataclass
class Row:
    line: int
    name: str
    email: str
    role: Role | None
    unit: OrgNode | None
    unit_code: str
    problems: list[str] = field(default_factory=list)


@dataclass
class Checked:
    rows: list[Row]

    @property
    def bad(self) -> list[Row]:
        return [row for row in self.rows if row.problems]

    def as_json(self) -> str:
        """The rows as the confirmation posts them back: their lines, and codes, not labels."""
        return json.dumps([[row.line, row.name, row.email, row.role.value if row.role else "",
                            row.unit_code] for row in self.rows], ensure_ascii=False)


def check(admin: User | None, data: bytes, filename: str) -> Checked:
    """Every row of the file checked; raises ``SheetError`` for a file that cannot be read."""
    if len(data) > MAX_BYTES:
        raise SheetError(f"Filen är större än {MAX_BYTES // (1024 * 1024)} MB.")
    header, body = read_table(data, filename, MAX_ROWS)
    names = [COLUMNS.get(name) for name in header]
    missing = [shown for shown, key in zip(HEADER, ("name", "email", "role", "unit"))
               if key not in names]
    if missing:
        raise SheetError(f"Kolumner saknas: {', '.join(missing)}. Rubrikraden ska vara "
                         f"{';'.join(HEADER)}.")
    if not body:
        raise SheetError("Filen har inga rader under rubrikraden.")
    return _checked_rows(admin, [
        (line, {key: (values[i] if i < len(values) else "").strip()
                for i, key in enumerate(names) if key})
        for line, values in body])


def check_posted(admin: User | None, text: str) -> Checked:
    """The rows of ``Checked.as_json`` as the confirmation posts them, checked again."""
    try:
        posted = json.loads(text or "[]")
        rows = [(int(line), dict(zip(("name", "email", "role", "unit"), values, strict=True)))
                for line, *values in posted
                if all(isinstance(value, str) for value in values)]
    except (ValueError, TypeError):
        rows = []
    if not rows or len(rows) != len(posted) or len(rows) > MAX_ROWS:
        raise SheetError("Granskningen gick inte att läsa.")
    return _checked_rows(admin, rows)


def _checked_rows(admin: User | None, rows: list[tuple[int, dict[str, str]]]) -> Checked:
    checked = [_row(admin, line, values) for line, values in rows]
    _mark_repeats(checked)
    return Checked(checked)


def create_all(admin: User | None, checked: Checked) -> tuple[list[User], Callable[[], None]]:
    """Create every user of a file without bad rows; what sends all their links."""
    if checked.bad:
        raise DomainError("Filen har rader med fel; ingen användare skapades.")
    created, senders = [], []
    for row in checked.rows:
        user, send = accounts.create_user(admin, row.email, row.name, [(row.role, row.unit)])
        created.append(user)
        senders.append(send)

    def send_all() -> None:
        for send in senders:
            send()

    return created, send_all


def _row(admin: User | None, line: int, values: dict[str, str]) -> Row:
    problems = []
    name = _checked(accounts.check_name, values.get("name", ""), problems)
    email = _checked(accounts.check_email, values.get("email", ""), problems)
    role = _ROLES.get(values.get("role", "").lower())
    if role is None:
        problems.append(f"Okänd roll {values.get('role', '')!r}; skriv en av "
                        f"{', '.join(ROLE_LABELS.values())}.")
    code = values.get("unit", "")
    unit = db.session.scalar(sa.select(OrgNode).where(OrgNode.code == code)) if code else None
    if unit is None:
        problems.append(f"Okänd enhetskod {code!r}." if code else "Ange enhetens kod.")
    elif admin is not None and not accounts.manages_node(admin, unit):
        problems.append(f"Du kan inte ge behörigheter för {unit.name}.")
    if not problems and db.session.scalar(sa.select(User.id).where(User.email == email)):
        problems.append("Det finns redan en användare med den e-postadressen.")
    return Row(line, name, email, role, unit, code, problems)


def _checked(check_value: Callable[[str], str], value: str, problems: list[str]) -> str:
    """``value`` as ``check_value`` normalises it, or as given with its problem noted."""
    try:
        return check_value(value)
    except InvalidFields as refused:
        problems.extend(error.message for error in refused.errors)
        return value


def _mark_repeats(rows: list[Row]) -> None:
    counts = Counter(row.email for row in rows if row.email)
    for row in rows:
        if counts[row.email] > 1:
            row.problems.append("Adressen finns på flera rader i filen.")
