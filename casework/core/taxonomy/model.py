"""The report catalogue: year-neutral terms and the yearly report templates.

Cases store taxonomy keys, never template labels. Each template row says which
keys it counts, so a case registered under one year's labels can be reported
under any year's template through a mapping that lives in config/ and can be
reviewed there.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from casework.core.case_types import CaseType

CASE_TYPES = tuple(t.value for t in CaseType)
COMPLAINT_TYPES = (CaseType.KLAGOMAL.value, CaseType.SYNPUNKT.value)

DOMAINS = ("complaint", "avvikelse")
# The category domain whose terms a case type prefers when a row lists several.
CATEGORY_DOMAINS = {
    CaseType.KLAGOMAL.value: "complaint",
    CaseType.SYNPUNKT.value: "complaint",
    CaseType.AVVIKELSE.value: "avvikelse",
}

# Dates a clause can require to be on or before the report's cut-off:
# återkoppling given, first action taken, IVO (or IMY) notified.
FLAGS = ("feedback", "action", "authority_notified")

# What a source row without sources (2025 "Anonym") stands for. Not a source:
# the importer and forms turn it into anonymous=True on the case.
ANONYMOUS = "anonym"

# The channel of the cases the public e-service makes (casework.public); a key of
# config/taxonomy.toml's [channels], which the loader checks is there.
E_SERVICE = "e_tjanst"

#: A category's bit in a case's ``category_bits``: 0 to 62, the bits of a signed 64-bit integer
#: that keep it positive on SQLite and PostgreSQL alike.
CATEGORY_BITS = 63

# Reporting dimensions, each named after the Clause and Taxonomy attribute
# that holds its keys.
DIMENSIONS = {
    "category": "categories",
    "source": "sources",
    "identified_by": "identified_by",
    "concerns": "concerns",
}


@dataclass(frozen=True)
class Term:
    key: str
    label: str
    domain: str | None = None
    #: Categories only: the term's bit in a case's ``category_bits`` (see CATEGORY_BITS).
    bit: int | None = None


@dataclass(frozen=True)
class Clause:
    """One way for a case to count in a row; every filter given must hold.

    A filter left as None does not restrict. `sources` implies the case is
    not anonymous.
    """

    types: tuple[str, ...]
    categories: tuple[str, ...] | None = None
    sources: tuple[str, ...] | None = None
    anonymous: bool | None = None
    identified_by: tuple[str, ...] | None = None
    concerns: tuple[str, ...] | None = None
    flag: str | None = None

    def values(self, dimension: str) -> tuple[str, ...]:
        return getattr(self, DIMENSIONS[dimension]) or ()

    def sorts_by(self, dimension: str) -> bool:
        """Whether this clause selects cases by their value in `dimension`."""
        if dimension == "source" and self.anonymous is not None:
            return True
        return getattr(self, DIMENSIONS[dimension]) is not None

    def covers(self, dimension: str, value: str) -> bool:
        """Whether a case whose `dimension` is `value` passes that filter.

        For "source", `value` may be ANONYMOUS, meaning an anonymous case.
        """
        if dimension != "source":
            return value in self.values(dimension)
        if value == ANONYMOUS:
            return self.anonymous is True
        if self.sources is None:
            return self.anonymous is False
        return value in self.sources


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    clauses: tuple[Clause, ...]

    @property
    def types(self) -> tuple[str, ...]:
        """The case types any clause counts, in order of first mention."""
        return tuple(dict.fromkeys(t for clause in self.clauses for t in clause.types))

    def clauses_for(self, case_type: str) -> list[Clause]:
        return [clause for clause in self.clauses if case_type in clause.types]

    def sorts_by(self, dimension: str, case_type: str) -> bool:
        return any(clause.sorts_by(dimension) for clause in self.clauses_for(case_type))

    def covers(self, dimension: str, case_type: str, value: str) -> bool:
        return any(clause.covers(dimension, value) for clause in self.clauses_for(case_type))

    def values(self, dimension: str, case_type: str) -> list[str]:
        """Keys of `dimension` this row counts for `case_type`, as listed."""
        found = (v for clause in self.clauses_for(case_type) for v in clause.values(dimension))
        return list(dict.fromkeys(found))


@dataclass(frozen=True)
class Section:
    title: str
    rows: tuple[Row, ...]
    #: The section in a few words, for telling alike labels apart on forms ("ej personal").
    short: str | None = None


@dataclass(frozen=True)
class Template:
    year: int
    text_column: str
    sections: tuple[Section, ...]

    def rows(self) -> Iterator[tuple[Section, Row]]:
        for section in self.sections:
            for row in section.rows:
                yield section, row


@dataclass(frozen=True)
class Taxonomy:
    categories: dict[str, Term]
    sources: dict[str, Term]
    identified_by: dict[str, Term]
    concerns: dict[str, Term]
    channels: dict[str, Term]

    def terms(self, dimension: str) -> dict[str, Term]:
        return getattr(self, DIMENSIONS[dimension])

    def category_mask(self, keys) -> int:
        """The ``category_bits`` of a case carrying the categories ``keys``, or of a clause
        counting any of them; a key the taxonomy does not know has no bit."""
        bits = {self.categories[key].bit for key in keys if key in self.categories}
        return sum(1 << bit for bit in bits)


@dataclass(frozen=True, eq=False)
class Catalogue:
    """Taxonomy plus templates by year.

    Compared by identity, so that lookups built from it can be cached per
    loaded catalogue.
    """

    taxonomy: Taxonomy
    templates: dict[int, Template]

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(self.templates))

    def template_for(self, year: int) -> Template:
        """The template in force in `year`; the oldest before it, the newest after."""
        in_force = [y for y in self.years if y <= year]
        return self.templates[in_force[-1] if in_force else self.years[0]]

    def primary(self, row: Row, dimension: str, case_type: str) -> str | None:
        """The key a user picking `row` for a case of `case_type` gets.

        For categories that is the first one of the type's own domain (else
        the first listed); for sources the first listed, or ANONYMOUS for a
        row that counts only anonymous cases. None if the row does not sort
        that type by `dimension`.
        """
        values = row.values(dimension, case_type)
        if dimension == "category":
            domain = CATEGORY_DOMAINS.get(case_type)
            own = [v for v in values if self.taxonomy.categories[v].domain == domain]
            values = own or values
        if values:
            return values[0]
        if dimension == "source" and row.covers(dimension, case_type, ANONYMOUS):
            return ANONYMOUS
        return None

    def choices(self, year: int, dimension: str, case_type: str) -> list[tuple[str, str]]:
        """(key, label) per row of the template in force sorting `case_type` by `dimension`.

        A label that occurs twice among the choices is written
        "Section > Label" so that the list stays unambiguous.
        """
        return list(self._choices(year, dimension, case_type))

    @lru_cache(maxsize=512)  # every intake form asks, and the catalogue never changes
    def _choices(self, year: int, dimension: str, case_type: str) -> tuple[tuple[str, str], ...]:
        found = []
        for section, row in self.template_for(year).rows():
            key = self.primary(row, dimension, case_type)
            if key is not None:
                found.append((key, section.title, row.label))
        repeated = Counter(label for _, _, label in found)
        return tuple(
            (key, f"{title} > {label}" if repeated[label] > 1 else label)
            for key, title, label in found
        )

    def category_choices(self, year: int, case_type: str) -> list[tuple[str, str]]:
        return self.choices(year, "category", case_type)

    def source_choices(self, year: int) -> list[tuple[str, str]]:
        """Sources of complaints, including ANONYMOUS where the template has "Anonym"."""
        return self.choices(year, "source", CaseType.KLAGOMAL.value)
