"""Two enheter of one område, a deputy manager of each, and a complaint in the first."""
import io
from pathlib import Path

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from casework.attachments.models import Attachment
from casework.core.extensions import db
from tests import factories


@pytest.fixture
def unit(app_ctx):
    return factories.node("enhet", "Aspudden hemtjänst", factories.node("omrade", "Område 1"))


@pytest.fixture
def other_unit(unit):
    return factories.node("enhet", "Trekanten hemtjänst", unit.parent)


@pytest.fixture
def manager(unit):
    return factories.user("bitradande_enhetschef", unit, name="Bea Biträdande")


@pytest.fixture
def case(unit):
    return factories.case(unit, "klagomal")


@pytest.fixture
def stored_files(app):
    """The names in the local storage folder, read when called."""
    folder = Path(app.config["ATTACHMENT_STORAGE_DIR"])
    return lambda: sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def files(*pairs: tuple[str, bytes]) -> list[tuple[io.BytesIO, str]]:
    """The ``attachments`` of a multipart post: (name, bytes) pairs."""
    return [(io.BytesIO(data), name) for name, data in pairs]


def rows() -> list[Attachment]:
    return list(db.session.scalars(sa.select(Attachment).order_by(Attachment.id)))


def post_files(client, url: str, fields: dict, **kwargs):
    """Post ``fields`` (``attachments`` as from ``files``) as multipart/form-data, the body
    encoded in memory: the test client's own encoding leaves a temporary file open for a
    large body."""
    values = MultiDict()
    for name, value in fields.items():
        for one in value if isinstance(value, list) else [value]:
            values.add(name, FileStorage(*one) if isinstance(one, tuple) else one)
    boundary, body = encode_multipart(values)
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}",
                       **kwargs)
