"""Finding the cases that name a person: by a name, an e-mail address or a phone number, in the
contact fields and in the free texts (``fields.SOURCES``), exact and near matches.

Both sides are folded the same way (``fold``): lower case, and the letters with diacritics as
their base letter (å, ä → a, ö → o, é → e ...), one character for one, so that a match's place
in the folded text is its place in the text. A match is

* exact: the folded query, its words separated by any blank space, stands in the folded text
  (for a query of digits only, a phone number, the digits with up to two blanks or dashes
  between);
* near: each word of the query is a word of the text give or take a few typos (``typos``: a
  letter wrong, missing or extra in a word of 4 to 8 letters, two in a longer one), a single
  letter the start of a word (an initial).

The texts are read from the database, those of the cases of the admin's enheter only, one
query per table, and matched in Python, the same on SQLite and PostgreSQL: nothing of the query
goes into SQL, so ``%`` and ``_`` are only themselves. (Folding in SQL was tried and dropped:
PostgreSQL's ``translate`` alone took about two seconds over the descriptions of 20,000 demo
cases, SQLite has no such function and its parser refuses fifty nested ``replace`` calls; the
whole search here takes two to eight seconds over the 90,000 texts of those cases, on either
database.) A cheap test comes first: a word with ``k`` typos allowed is cut into ``k + 1``
pieces, one of which its near match holds untouched, so a text without a piece of every word
is passed over, and only the words holding a piece are measured. Exact matches rank first,
then contact fields before free text, then the newest case. At most ``RESULT_LIMIT`` cases are
shown, and the results say when there were more.
"""
import re
from dataclasses import dataclass
from functools import cached_property

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from casework.access.policy import extract_units
from casework.auth.models import User
from casework.cases.handling import InvalidInput
from casework.cases.models import Case
from casework.core.extensions import db
from casework.extracts.fields import SOURCES, Source

FIELD = "sok"
MAX_QUERY = 200
MIN_QUERY = 2
RESULT_LIMIT = 100
#: Rows read from the database at a time.
BATCH = 2000
#: Characters of context on either side of a match in its excerpt.
CONTEXT = 50

_BASE_LETTERS = {
    "a": "åäáàâã", "o": "öøóòôõ", "e": "éèêë", "i": "íìîï", "u": "úùûü", "y": "ýÿ", "c": "ç",
    "n": "ñ",
}
_BASE = {accented: base for base, letters in _BASE_LETTERS.items() for accented in letters}
_ACCENTED = re.compile("[" + "".join(_BASE) + "]")
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Lower case without diacritics, character for character (where ``lower`` would make one
    letter two, such as İ, each letter is lowered alone and such a one kept)."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    if lowered.isascii():
        return lowered
    return _ACCENTED.sub(lambda letter: _BASE[letter.group()], lowered)


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

    @cached_property
    def needles(self) -> tuple[tuple[str, ...], ...]:
        """The pieces of each word longer than one letter (of every word if none is)."""
        words = [word for word in self.words if len(word) > 1] or self.words
        return tuple(tuple(pieces(word)) for word in words)

    @cached_property
    def near_words(self) -> tuple[re.Pattern, ...]:
        """For each word, the words of a text that hold one of its pieces (a near word does),
        or for a single letter those it begins."""
        return tuple(re.compile(rf"(?<!\w){re.escape(word)}\w*" if len(word) == 1 else
                                r"(?<!\w)\w*?(?:" + "|".join(map(re.escape, pieces(word)))
                                + r")\w*") for word in self.words)

    @cached_property
    def exact(self) -> re.Pattern:
        """The query as it stands in a folded text: its words with any blank space between,
        a phone number's digits with up to two blanks or dashes."""
        if self.digits:
            return re.compile(r"[ \-]{0,2}".join(self.digits))
        return re.compile(r"\s+".join(map(re.escape, self.folded.split(" "))))


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
        first, last = self.spans[0]
        start = max(0, first - CONTEXT)
        end = min(len(self.text), last + CONTEXT)
        # Whole words only: the context starts after a blank and ends before one.
        if start > 0 and (blank := re.search(r"\s", self.text[start:first])):
            start += blank.end()
        if end < len(self.text) and (blank := re.search(r"\s\S*$", self.text[last:end])):
            end = last + blank.start()
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
        return [(re.sub(r"\s+", " ", part), marked) for part, marked in parts if part]


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
    #: More cases matched than are shown.
    capped: bool = False


def search(user: User, query: Query) -> Results:
    """The cases within ``user``'s registerutdrag scope (``extract_units``) that name the
    person ``query`` describes, best first."""
    units = [unit.id for unit in extract_units(user)]
    found: dict[int, list[Match]] = {}
    for sources, rows in _texts(units) if units else ():
        for case_id, *texts in rows:
            for source, text in zip(sources, texts):
                if not text:
                    continue
                lowered = fold(text)
                if _may_match(query, lowered) and (
                        match := match_text(source, query, text, lowered)) is not None:
                    found.setdefault(case_id, []).append(match)
    cases = db.session.scalars(sa.select(Case).where(Case.id.in_(found)).options(
        selectinload(Case.unit))).all() if found else []
    hits = [Hit(case, sorted(found[case.id], key=lambda m: m.rank)) for case in cases]
    hits.sort(key=lambda hit: (hit.best.rank[:2], -hit.case.received_on.toordinal(),
                               -hit.case.id))
    return Results(hits[:RESULT_LIMIT], len(hits) > RESULT_LIMIT)


def _texts(units: list[int]):
    """For each table of ``SOURCES``: its sources, and the rows (case id, then each source's
    text) of the cases of ``units`` that hold any, read in batches."""
    tables: dict[type, list[Source]] = {}
    for source in SOURCES:
        tables.setdefault(source.column.class_, []).append(source)
    for model, sources in tables.items():
        columns = [source.column for source in sources]
        select = sa.select(Case.id, *columns)
        if model is not Case:
            select = select.join(model, model.case_id == Case.id)
        select = select.where(Case.unit_id.in_(units), sa.or_(*(c != "" for c in columns)))
        yield sources, db.session.execute(select.execution_options(yield_per=BATCH))


def _may_match(query: Query, lowered: str) -> bool:
    """Whether ``lowered`` holds a piece of every word of the query (``needles``), or its
    digits with the blanks and dashes left out, without which it cannot match."""
    if query.digits and query.digits in lowered.replace(" ", "").replace("-", ""):
        return True
    return all(any(piece in lowered for piece in word) for word in query.needles)


def match_text(source: Source, query: Query, text: str, lowered: str | None = None) \
        -> Match | None:
    """How ``text`` of ``source`` (``lowered``: folded) matches ``query``: exactly, nearly, or
    not (None)."""
    lowered = fold(text) if lowered is None else lowered
    if (found := query.exact.search(lowered)) is not None:
        return Match(source, True, text, (found.span(),))
    spans = []
    for word, candidates in zip(query.words, query.near_words):
        near = next((found.span() for found in candidates.finditer(lowered)
                     if within(word, found.group(), typos(word))), None)
        if near is None:
            return None
        spans.append(near)
    return Match(source, False, text, tuple(sorted(set(spans))))


def within(a: str, b: str, limit: int) -> bool:
    """Whether the edit distance (Levenshtein) of ``a`` and ``b`` is at most ``limit``."""
    if len(a) == 1:  # a single letter: an initial, whatever follows
        return b.startswith(a)
    if abs(len(a) - len(b)) > limit:
        return False
    if limit == 0 or a == b:
        return a == b
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
