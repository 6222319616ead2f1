"""The organisation the end-to-end tests run in, its people, and the server they reach it by."""
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import Flask

from casework.core.extensions import db
from casework.organisation.models import OrgNode
from casework.replies.models import ReplyText, TextPurpose
from tests import factories
from tests.e2e.client import Client
from tests.server import Server

UNIT_CODE = "ASP"


@dataclass(frozen=True)
class Person:
    email: str
    name: str
    role: str
    #: The code of the node the role is granted over.
    node: str


#: Who takes the steps, by what they do: one of each role the workflows need.
PEOPLE = {
    "planner": Person("pia.planerare@example.se", "Pia Planerare", "planerare", UNIT_CODE),
    "staff": Person("mats.medarbetare@example.se", "Mats Medarbetare", "medarbetare", UNIT_CODE),
    "deputy": Person("bea.bitradande@example.se", "Bea Biträdande", "bitradande_enhetschef",
                     UNIT_CODE),
    "chief": Person("erik.enhetschef@example.se", "Erik Enhetschef", "enhetschef", UNIT_CODE),
    "mas": Person("maja.mas@example.se", "Maja MAS", "mas", "HAV"),
}


@dataclass
class Site:
    backend: str
    server: Server
    #: The test's own app on the server's database: for reading what the server saved.
    app: Flask
    tmp_dir: Path

    def local_now(self) -> datetime:
        """The app's local time to the minute, naive, as its forms take it."""
        zone = ZoneInfo(self.app.config["BABEL_DEFAULT_TIMEZONE"])
        return datetime.now(zone).replace(tzinfo=None, second=0, microsecond=0)

    def client(self, who: str) -> Client:
        """A new browser signed in as ``PEOPLE[who]``."""
        client = Client(self.server)
        client.log_in(PEOPLE[who].email, factories.PASSWORD)
        return client


def add_organisation() -> None:
    """A förvaltning down to one enhet, and ``PEOPLE`` (call in an app context; commit)."""
    district = factories.node("forvaltning", "Hägersten-Älvsjö stadsdelsförvaltning", code="HAV")
    elderly = factories.node("avdelning", "Äldreomsorg", district, code="HAV-AO")
    area = factories.node("omrade", "Hemtjänst Hägersten", elderly, code="HAV-HT")
    unit = factories.node("enhet", "Aspudden hemtjänst", area, code=UNIT_CODE)
    nodes = {"HAV": district, UNIT_CODE: unit}
    for person in PEOPLE.values():
        factories.user(person.role, nodes[person.node], name=person.name, email=person.email)


#: The unit's standard answer in the answer walks.
ANSWER_TEXT = ("Hej!\n\nTack för att du hörde av dig om ärende {ärendenummer}. Vi har gjort så "
               "här:\n{åtgärder}\n\nMed vänliga hälsningar\n{handläggare}, {titel}\n{enhet}")


def prepare_answers() -> None:
    """The organisation, the unit's postal address and its standard answer."""
    add_organisation()
    unit = db.session.scalar(sa.select(OrgNode).where(OrgNode.code == UNIT_CODE))
    unit.postal_address = "Hägerstensvägen 1\n126 48 Hägersten"
    db.session.add(ReplyText(purpose=TextPurpose.ANSWER, org_node=unit,
                             name="Svar på klagomål, Aspudden",
                             subject="Svar på ditt ärende {ärendenummer}", body=ANSWER_TEXT))
