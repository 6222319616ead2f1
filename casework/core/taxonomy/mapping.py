"""Where each term lands in each year's report table: the cross-year mapping, for people to
review (the admins' page /admin/kategorier).

It reads the templates' own rows (``Row.covers``, what the load-time coverage check and the
label resolver read), so what it shows is what the report counts by, not a second copy.
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import ANONYMOUS, CASE_TYPES, Catalogue, Template


@dataclass(frozen=True)
class Landing:
    """A row a term lands in, and the case types it lands there for."""

    section: str
    row: str
    row_key: str
    types: tuple[str, ...]


@dataclass(frozen=True)
class TermMapping:
    key: str
    label: str
    #: The choices the forms of the chosen year offer for it, as (label, case types).
    offered: tuple[tuple[str, tuple[str, ...]], ...]
    #: Template year → the rows it lands in (none: that template does not count it).
    landings: dict[int, tuple[Landing, ...]]


def landings(template: Template, dimension: str, value: str) -> tuple[Landing, ...]:
    """The rows of ``template`` that count a case whose ``dimension`` is ``value``."""
    found = []
    for section, row in template.rows():
        types = tuple(t for t in row.types
                      if row.sorts_by(dimension, t) and row.covers(dimension, t, value))
        if types:
            found.append(Landing(section.title, row.label, row.key, types))
    return tuple(found)


def term_mappings(catalogue: Catalogue, dimension: str, year: int) -> list[TermMapping]:
    """Every term of ``dimension`` (for sources, also an anonymous sender), with what the forms
    of ``year`` offer for it and the rows it lands in under every year's template."""
    terms = [(key, term.label) for key, term in catalogue.taxonomy.terms(dimension).items()]
    if dimension == "source":
        terms.append((ANONYMOUS, "Anonym"))
    offered: dict[str, dict[str, list[str]]] = {}
    for case_type in CASE_TYPES:
        for key, label in catalogue.choices(year, dimension, case_type):
            offered.setdefault(key, {}).setdefault(label, []).append(case_type)
    return [
        TermMapping(key, label,
                    tuple((text, tuple(types)) for text, types in offered.get(key, {}).items()),
                    {y: landings(t, dimension, key) for y, t in catalogue.templates.items()})
        for key, label in terms
    ]
