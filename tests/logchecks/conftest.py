"""An område with two enheter, their people and cases, and reads of them in a week long past
(week 10 of 2025: Monday 3 March to Sunday 9 March, Stockholm at UTC+1)."""
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from casework.core.extensions import db
from casework.organisation.models import OrgNode
from casework.trail.models import AuditEvent
from tests import factories

WEEK = (2025, 10)
#: Tuesday of the week, 10:00 in Stockholm: within working hours.
TUESDAY_10 = datetime(2025, 3, 4, 9, 0, tzinfo=UTC)


@dataclass
class Org:
    area: OrgNode
    a: OrgNode
    b: OrgNode
    people: dict
    cases: dict


@pytest.fixture
def org(app_ctx) -> Org:
    area = factories.node("omrade", "Område Kontroll", code="LKO")
    a = factories.node("enhet", "Aspudden hemtjänst", area, code="LKA")
    b = factories.node("enhet", "Trekanten hemtjänst", area, code="LKB")
    people = {
        "chief": factories.user("enhetschef", a, name="Erik Enhetschef"),
        "deputy": factories.user("bitradande_enhetschef", a, name="Bea Biträdande"),
        "planner": factories.user("planerare", a, name="Pia Planerare"),
        "area_chief": factories.user("omradeschef", area, name="Olle Områdeschef"),
        "b_deputy": factories.user("bitradande_enhetschef", b, name="Bo Beta"),
    }
    received = date(2025, 3, 3)
    cases = {
        "complaint": factories.case(a, "klagomal", received, by=people["planner"]),
        "deviation": factories.case(a, "avvikelse", received),
        "sarah": factories.case(a, "lex_sarah", received),
        "other": factories.case(a, "synpunkt", received),
        "b_complaint": factories.case(b, "klagomal", received),
    }
    cases["complaint"].handler_id = people["deputy"].id
    db.session.commit()
    return Org(area, a, b, people, cases)


def read(user, case, at: datetime, action: str = "view", roles: str | None = None) -> AuditEvent:
    """A read of ``case`` by ``user`` at ``at``, as the trail writes it (committed)."""
    event = AuditEvent(action=action, user_id=user.id, case_id=case.id, unit_id=case.unit_id,
                       roles=roles if roles is not None else ",".join(sorted(user.roles())),
                       detail={"endpoint": "cases.detail"}, at=at)
    db.session.add(event)
    db.session.commit()
    return event
