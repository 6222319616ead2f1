"""Sending the public form as a browser does: shown first (its signed start), then posted."""
import re

import sqlalchemy as sa

from casework.cases.models import Case
from casework.core.extensions import db

FORM = "/lamna-synpunkt"
RECEIPT = "/lamna-synpunkt/kvitto"
DESCRIPTION = "Personalen kom två timmar för sent i tisdags och ringde inte."


def started(client, lang: str | None = None) -> str:
    page = client.get(FORM + (f"?lang={lang}" if lang else "")).get_data(as_text=True)
    found = re.search(r'<input[^>]*name="started"[^>]*>', page)
    assert found, "the form has no start token"
    return re.search(r'value="([^"]+)"', found.group(0)).group(1)


def values(unit: str = "Aspudden hemtjänst", **given) -> dict:
    """A complete submission; ``given`` replaces or (None) leaves out a field."""
    posted = {"unit": unit, "type": "klagomal", "description": DESCRIPTION,
              "source": "narstaende", "name": "Anna Andersson",
              "contact_email": "Anna@Example.se", "phone": "070-123 45 67", "webbplats": ""}
    posted.update(given)
    return {k: v for k, v in posted.items() if v is not None}


def send(client, lang: str | None = None, environ=None, **given):
    data = values(**given) | {"started": given.pop("started", None) or started(client, lang)}
    data = {k: v for k, v in data.items() if v is not None}
    url = FORM + (f"?lang={lang}" if lang else "")
    return client.post(url, data=data, environ_base=environ or {})


def cases() -> list[Case]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Case).order_by(Case.id)))
