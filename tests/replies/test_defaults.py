"""The default texts pass the same checks as a typed one, and are added once."""
import sqlalchemy as sa

from casework.core.extensions import db
from casework.replies import placeholders
from casework.replies.defaults import DEFAULT_TEXTS, add_defaults
from casework.replies.models import ReplyText, TextPurpose


def test_every_default_text_is_one_that_could_be_saved():
    for text in DEFAULT_TEXTS:
        allowed = (placeholders.RECEIPT_PLACEHOLDERS if text["purpose"] is TextPurpose.RECEIPT
                   else None)
        for words in (text["subject"] or "", text["body"]):
            assert placeholders.problems(words, allowed) == [], text["name"]


def test_defaults_are_added_once(app_ctx):
    assert add_defaults() == len(DEFAULT_TEXTS)
    assert add_defaults() == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReplyText)) == len(
        DEFAULT_TEXTS)
