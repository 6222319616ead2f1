"""The enhet a resident names by typing: its name, or the words of it in any order
("hemtjänst Aspudden" for "Aspudden hemtjänst"), any case, word beginnings enough.

Only open enheter take cases from the e-service; a closed one is not offered and not found.
The match is pure (``find``): the view passes the open units it read once.
"""
import difflib
from dataclasses import dataclass

import sqlalchemy as sa

from casework.core.extensions import db
from casework.organisation.models import NodeKind, OrgNode

#: How many close names a refusal suggests.
SUGGESTED = 5


@dataclass(frozen=True)
class NoSuchUnit(Exception):
    """The text names no open enhet, or several: ``close`` holds the names that come near."""

    close: tuple[str, ...]
    ambiguous: bool = False


def open_units() -> list[OrgNode]:
    """The open enheter, by name."""
    return list(db.session.scalars(
        sa.select(OrgNode).where(OrgNode.kind == NodeKind.ENHET, OrgNode.closed_on.is_(None))
        .order_by(OrgNode.name, OrgNode.id)))


def _words(text: str) -> list[str]:
    return " ".join(text.replace(",", " ").split()).casefold().split()


def find(text: str, units: list[OrgNode]) -> OrgNode:
    """The one unit of ``units`` that ``text`` names; NoSuchUnit otherwise.

    A name written out (any case and spacing) wins; else every word typed must begin a word of
    the name, in any order.
    """
    typed = _words(text)
    exact = [u for u in units if _words(u.name) == typed]
    if len(exact) == 1:
        return exact[0]
    found = exact or [u for u in units if typed and all(
        any(word.startswith(t) for word in _words(u.name)) for t in typed)]
    if len(found) == 1:
        return found[0]
    if found:
        return _refuse([u.name for u in found], ambiguous=True)
    names = {" ".join(_words(u.name)): u.name for u in units}
    close = difflib.get_close_matches(" ".join(typed), names, n=SUGGESTED, cutoff=0.6)
    sharing = [u.name for u in units if set(typed) & set(_words(u.name))]
    return _refuse([names[c] for c in close] + sharing)


def _refuse(names: list[str], ambiguous: bool = False):
    raise NoSuchUnit(tuple(dict.fromkeys(names))[:SUGGESTED], ambiguous)
