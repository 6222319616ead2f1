"""A tree for the registerutdrag: förvaltning F → område O → enheter A and B, the admin over O,
and a neighbouring förvaltning G whose enhet GE is out of the admin's reach."""
from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from casework.attachments.models import Attachment
from casework.cases import handling
from casework.core.clock import utcnow
from casework.core.extensions import db
from casework.followup.models import Answer, FollowUp
from casework.legal.models import LexSarahDetails
from tests import factories

PERSON = "Anna Lindqvist"
EMAIL = "anna.lindqvist@example.se"
#: (code, kind, name, parent's code).
TREE = (("XF", "forvaltning", "Förvaltningen", None), ("XO", "omrade", "Området", "XF"),
        ("XA", "enhet", "Enhet Alfa", "XO"), ("XB", "enhet", "Enhet Beta", "XO"),
        ("XG", "forvaltning", "Grannförvaltningen", None), ("XGE", "enhet", "Grannenheten", "XG"))


@pytest.fixture
def world(app_ctx):
    nodes = {}
    for code, kind, name, parent in TREE:
        nodes[code] = factories.node(kind, name, nodes.get(parent), code=code)
    a, b, ge = nodes["XA"], nodes["XB"], nodes["XGE"]
    admin = factories.user("admin", nodes["XO"], name="Ada Admin", email="ada@example.se")
    deputy = factories.user("bitradande_enhetschef", a, name="Bo Biträdande")
    contact = factories.case(a, contact=f"{PERSON}, 070-123 45 67", contact_email=EMAIL,
                             description="Hemtjänsten kom inte på måndagen.",
                             received_on=date(2025, 2, 1))
    handling.add_action(contact, None, deputy, description="Ringde upp och bad om ursäkt.",
                        taken_on=date(2025, 2, 3))
    handling.record_feedback(contact, None, deputy, given_on=date(2025, 2, 4), method="telefon",
                             recipient=PERSON, content="Vi har ändrat schemat.")
    free_text = factories.case(b, "synpunkt", received_on=date(2025, 3, 1),
                               description="Dottern till Anna Lindqvist undrar över maten.")
    sarah = factories.case(a, "lex_sarah", received_on=date(2025, 4, 1),
                           description="Ett larm besvarades inte.")
    db.session.add(LexSarahDetails(case_id=sarah.id,
                                   what_happened="Brukaren Åsa Öberg föll i badrummet."))
    other = factories.case(a, "berom", description="Tack för hjälpen med flytten.")
    db.session.add_all([
        Attachment(case_id=contact.id, file_name="brev-från-Anna.pdf", size=1234,
                   content_type="application/pdf", storage_key="k" * 32, sha256="0" * 64),
        FollowUp(case_id=other.id, token_hash="1" * 64, expires_at=utcnow() + timedelta(30),
                 answered_at=utcnow(), answer=Answer.JA, comment="Hälsningar från Per Persson"),
    ])
    outside = factories.case(ge, contact=PERSON, description="Samma namn i en annan förvaltning.")
    db.session.flush()
    return SimpleNamespace(admin=admin, deputy=deputy, contact=contact, free_text=free_text,
                           sarah=sarah, other=other, outside=outside, units=(a, b, ge))
