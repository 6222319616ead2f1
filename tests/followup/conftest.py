"""A klagomål with an e-mail address in an enhet, its handler, and how to close it and read
the link its follow-up question e-mails."""
import re
import urllib.parse

import pytest

from casework.cases import handling
from casework.core import unit_of_work
from casework.core.extensions import db
from tests import factories

EMAIL = "klara.klagande@example.se"
LINK = re.compile(r"https?://\S+(/uppfoljning/\S+)")


@pytest.fixture
def unit(app_ctx):
    return factories.node("enhet", "Aspudden hemtjänst", factories.node("omrade", "Område 1"))


@pytest.fixture
def handler(unit):
    return factories.user("bitradande_enhetschef", unit, name="Bea Biträdande",
                          email="bea@example.se")


@pytest.fixture
def complaint(unit, handler):
    case = factories.case(unit, contact_email=EMAIL, description="Hemtjänsten kom inte.")
    db.session.commit()
    return case


def close(case, user) -> None:
    """Record återkoppling if there is none, and close ``case``, in a unit of work."""
    with unit_of_work.unit():
        if case.feedback_on is None:
            handling.record_feedback(case, case.version, user, given_on=case.received_on,
                                     method="telefon", recipient="Klara", content="Vi ringde.")
        handling.close(case, case.version, user, summary="Klart.")


def reopen(case, user) -> None:
    with unit_of_work.unit():
        handling.reopen(case, case.version, user)


def link_path(body: str) -> str:
    """The path of the follow-up link in an e-mail's body."""
    return urllib.parse.urlsplit(LINK.search(body).group(0)).path


def token_of(body: str) -> str:
    return link_path(body).rsplit("/", 1)[1]
