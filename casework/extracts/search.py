"""Finding the cases that name a person: by a name, an e-mail address or a phone number, in the
contact fields and in the free texts (``fields.SOURCES``), exact and near matches.

Both sides are folded the same way, in Python and in SQL (``casework.core.folding``, ``folded``):
lower case, and the letters with diacritics as their base letter (å, ä → a, ö → o, é → e ...),
one character for one. A match is

* exact: the folded query, its words separated by any blank space, stands in the folded text
  (for a query of digits only, a phone number, the digits with up to two separators between);
* near: each word of the query is a word of the text give or take a few typos (``typos``: a
  letter wrong, missing or extra in a word of 4 to 8 letters, two in a longer one), a single
  letter the start of a word (an initial).

The database narrows first, on both backends by the same portable ``LIKE``: a word with ``k``
typos allowed is cut into ``k + 1`` pieces, one of which its near match holds untouched, and a
row is read only when it holds a piece of every word. The query's ``%`` and ``_`` are escaped,
so they match themselves. Python then decides and ranks: exact matches first, then contact
fields before free text, the newest case first. At most ``RESULT_LIMIT`` cases are shown, and
``ROW_LIMIT`` rows read of each field; either cap makes the results say they are cut.
"""
import re
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from casework.access.policy import extract_units
from casework.auth.models import User
from casework.cases.handling import InvalidInput
from casework.cases.models import Case
from casework.core.extensions import db
from casework.core.folding import FOLDS, SQLITE_FUNCTION, fold
from casework.extracts.fields import SOURCES, Source

FIELD = "sok"
MAX_QUERY = 200
MIN_QUERY = 2
RESULT_LIMIT = 100
ROW_LIMIT = 2000
#: Characters of context on either side of a match in its excerpt.
CONTEXT = 50

_WORD = re.compile(r"\w+")


def folded(column, dialect: str) -> sa.ColumnElement:
    """``fold`` in SQL: SQLite calls the very function (``casework.core.database``),
    PostgreSQL applies ``lower`` (any capital) and ``translate`` (``FOLDS``)."""
    if dialect == "postgresql":
        return sa.func.translate(sa.func.lower(column), "".join(FOLDS), "".join(FOLDS.values()))
    return getattr(sa.func, SQLITE_FUNCTION)(column)


def typos(word: str) -> int:
    """How many letters of ``word`` may be wrong, missing or extra in a near match."""
    return 0 if len(word) < 4 else 1 if len(word) < 9 else 2


def pieces(word: str) -> list[str]:
    """``word`` cut into ``typos(word) + 1`` parts, one of which a near match holds intact."""
    parts = typos(word) + 1
    size, extra = divmod(len(word), parts)
    bounds = [0]
    for part in range(parts):
        bounds.append(bounds[-1] + size + (part < extra))
    return [word[a:b] for a, b in zip(bounds, bounds[1:])]


@dataclass(frozen=True)
class Query:
    """A search text, checked and folded. ``words`` are its words (or, if it has none, the
    whole text, searched as it is); ``digits`` its digits when it is a phone number."""

    text: str
    folded: str
    words: tuple[str, ...]
    digits: str | None


def parse(text: str | None) -> Query:
    """The query, or InvalidInput in Swedish: empty, too short, too long, a NUL character."""
    text = text or ""
    if "\0" in text:
        raise InvalidInput(FIELD, "Söktexten innehåller ett tecken som inte kan sökas på (NUL).")
    text = " ".join(text.split())
    if not text:
        raise InvalidInput(FIELD, "Skriv ett namn, en e-postadress eller ett telefonnummer att "
                                  "söka efter.")
    if len(text) > MAX_QUERY:
        raise InvalidInput(FIELD, f"Söktexten får vara högst {MAX_QUERY} tecken; den här har "
                                  f"{len(text)}.")
    if len(text.replace(" ", "")) < MIN_QUERY:
        raise InvalidInput(FIELD, f"Skriv minst {MIN_QUERY} tecken.")
    lowered = fold(text)
    words = tuple(_WORD.findall(lowered)) or (lowered,)
    digits = re.sub(r"\D", "", text)
    phone = len(digits) >= 6 and not re.search(r"[^\d\s+()\-]", text)
    return Query(text, lowered, words, digits if phone else None)


@dataclass(frozen=True)
class Match:
    source: Source
    exact: bool
    text: str
    #: (start, end) of each matched stretch of ``text``, in order.
    spans: tuple[tuple[int, int], ...]

    @property
    def rank(self) -> tuple:
        return (not self.exact, not self.source.contact, SOURCES.index(self.source))

    def excerpt(self) -> list[tuple[str, bool]]:
        """The text around the first match as (part, marked) pairs, the matches marked; "…"
        where the text goes on."""
        first, _ = self.spans[0]
        start = max(0, first - CONTEXT)
        end = min(len(self.text), self.spans[0][1] + CONTEXT)
        parts, at = [], start
        for a, b in self.spans:
            if a < at or b > end:
                continue
            parts += [(self.text[at:a], False), (self.text[a:b], True)]
            at = b
        parts.append((self.text[at:end], False))
        if start > 0:
            parts.insert(0, ("…", False))
        if end < len(self.text):
            parts.append(("…", False))
        return [(" ".join(part.split()) if not marked else part, marked)
                for part, marked in parts if part]


@dataclass(frozen=True)
class Hit:
    case: Case
    #: Every field that matched, the best first.
    matches: list[Match]

    @property
    def best(self) -> Match:
        return self.matches[0]


@dataclass(frozen=True)
class Results:
    hits: list[Hit]
    #: True when more cases matched than are shown, or a field had more rows than were read.
    capped: bool


def search(user: User, query: Query) -> Results:
    """The cases within ``user``'s registerutdrag scope (``extract_units``) that name the
    person ``query`` describes, best first."""
    units = [unit.id for unit in extract_units(user)]
    if not units:
        return Results([], False)
    found: dict[int, list[Match]] = {}
    capped = False
    for source in SOURCES:
        rows = db.session.execute(_candidates(source, query, units)).all()
        capped |= len(rows) > ROW_LIMIT
        for case_id, text in rows[:ROW_LIMIT]:
            if (match := match_text(source, query, text)) is not None:
                found.setdefault(case_id, []).append(match)
    cases = db.session.scalars(sa.select(Case).where(Case.id.in_(found)).options(
        selectinload(Case.unit))).all() if found else []
    hits = [Hit(case, sorted(found[case.id], key=lambda m: m.rank)) for case in cases]
    hits.sort(key=lambda hit: (hit.best.rank[:2], -hit.case.received_on.toordinal(),
                               -hit.case.id))
    return Results(hits[:RESULT_LIMIT], capped or len(hits) > RESULT_LIMIT)


def _candidates(source: Source, query: Query, units: list[int]) -> sa.Select:
    """The (case id, text) rows of ``source`` that hold a piece of every word of the query
    (single letters, which every text holds, left to Python), one more than ``ROW_LIMIT``.

    The folded text is computed once per row, in a CTE that SQLite materializes (there the
    fold is a call into Python, which each piece's ``LIKE`` would repeat).
    """
    column = source.column
    rows = sa.select(Case.id.label("case_id"), column.label("text"),
                     folded(column, db.session.get_bind().dialect.name).label("folded"))
    if column.class_ is not Case:
        rows = rows.join(column.class_, column.class_.case_id == Case.id)
    rows = rows.where(Case.unit_id.in_(units), column.is_not(None)).cte(
        "extract_rows").prefix_with("MATERIALIZED", dialect="sqlite")
    words = [word for word in query.words if len(word) > 1] or list(query.words)
    holds = sa.and_(*(sa.or_(*(rows.c.folded.like(f"%{_escaped(piece)}%", escape="\\")
                               for piece in pieces(word))) for word in words))
    if query.digits:  # the number as written, with its blanks and dashes
        bare = sa.func.replace(sa.func.replace(rows.c.folded, " ", ""), "-", "")
        holds = sa.or_(holds, bare.like(f"%{query.digits}%"))
    return (sa.select(rows.c.case_id, rows.c.text).where(holds)
            .order_by(rows.c.case_id.desc()).limit(ROW_LIMIT + 1))


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def match_text(source: Source, query: Query, text: str) -> Match | None:
    """How ``text`` of ``source`` matches ``query``: exactly, nearly, or not (None)."""
    lowered = fold(text)
    exact = re.compile(r"\s+".join(map(re.escape, query.folded.split(" "))))
    if query.digits:
        exact = re.compile(r"[ \-]{0,2}".join(query.digits))
    if (found := exact.search(lowered)) is not None:
        return Match(source, True, text, (found.span(),))
    words = list(_WORD.finditer(lowered))
    spans = []
    for word in query.words:
        near = next((w for w in words if _near(word, w.group())), None)
        if near is None:
            return None
        spans.append(near.span())
    return Match(source, False, text, tuple(sorted(set(spans))))


def _near(word: str, candidate: str) -> bool:
    if len(word) == 1:
        return candidate.startswith(word)
    return within(word, candidate, typos(word))


def within(a: str, b: str, limit: int) -> bool:
    """Whether the edit distance (Levenshtein) of ``a`` and ``b`` is at most ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, letter in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (letter != other)))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit
