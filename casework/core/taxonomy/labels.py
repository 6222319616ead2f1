"""Turn a label from a spreadsheet or a form into a taxonomy key.

Imported data carries the labels of whichever template year it was kept
under. Resolving through the rows of every template means no import needs a
per-year translation table, and the mapping stays the one reviewed in config/.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from .model import ANONYMOUS, DIMENSIONS, Catalogue, Row


class LabelError(ValueError):
    """A label could not be turned into exactly one key."""


class UnknownLabel(LabelError):
    def __init__(self, dimension: str, text: str, accepted: list[str]):
        self.dimension, self.text, self.accepted = dimension, text, accepted
        super().__init__(f"unknown {dimension} {text!r}; accepted: {'; '.join(accepted)}")


class AmbiguousLabel(LabelError):
    def __init__(self, dimension: str, text: str, options: list[str]):
        self.dimension, self.text, self.options = dimension, text, options
        super().__init__(f"ambiguous {dimension} {text!r}; write one of: {'; '.join(options)}")


@dataclass(frozen=True)
class _Entry:
    year: int  # the template's
    section: str  # normalised section title
    qualified: str  # "Section > Label" as written in the template
    row: Row


@dataclass(frozen=True)
class _Index:
    rows: dict[str, dict[str, list[_Entry]]]  # dimension -> normalised label -> entries
    terms: dict[str, dict[str, list[str]]]  # dimension -> normalised term label -> keys


def _norm(text: str) -> str:
    # Spreadsheets bring stray spaces and changed case; neither is meaningful.
    return " ".join(text.split()).casefold()


@lru_cache(maxsize=8)
def _index(catalogue: Catalogue) -> _Index:
    rows: dict[str, dict[str, list[_Entry]]] = {d: defaultdict(list) for d in DIMENSIONS}
    for template in catalogue.templates.values():
        for section, row in template.rows():
            entry = _Entry(
                template.year, _norm(section.title), f"{section.title} > {row.label}", row
            )
            for dimension in DIMENSIONS:
                if any(row.sorts_by(dimension, t) for t in row.types):
                    rows[dimension][_norm(row.label)].append(entry)
    terms: dict[str, dict[str, list[str]]] = {d: defaultdict(list) for d in DIMENSIONS}
    for dimension in DIMENSIONS:
        for key, term in catalogue.taxonomy.terms(dimension).items():
            terms[dimension][_norm(term.label)].append(key)
    return _Index(rows, terms)


def resolve(
    catalogue: Catalogue, dimension: str, text: str, case_type: str, year: int | None = None
) -> str:
    """The key of `dimension` that `text` stands for on a case of `case_type`.

    `text` may be a row label of any template year, "Section > Label", a
    term key or a term label. With `year` (the case's received year), the
    template in force that year is tried first: a 2024 register's "Annat (ange
    vad i rapporteringsvyn)" means 2024's row although 2025 has two rows with
    that label. Then rows of every year that sort `case_type` by `dimension`,
    then rows of any type, then the taxonomy's term labels. For sources,
    "Anonym" gives ANONYMOUS. Raises UnknownLabel or AmbiguousLabel.
    """
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}")
    text = text.strip()
    if text in catalogue.taxonomy.terms(dimension) or (dimension == "source" and text == ANONYMOUS):
        return text
    index = _index(catalogue)
    section, _, label = text.rpartition(" > ")
    entries = [
        entry
        for entry in index.rows[dimension].get(_norm(label), [])
        if not section or entry.section == _norm(section)
    ]
    in_force = [(True, catalogue.template_for(year).year)] if year is not None else []
    for by_type, only_year in [*in_force, (True, None), (False, None)]:
        found = {
            (entry.qualified, key)
            for entry in entries
            if only_year is None or entry.year == only_year
            for t in ((case_type,) if by_type else entry.row.types)
            if (key := catalogue.primary(entry.row, dimension, t)) is not None
        }
        keys = {key for _, key in found}
        if len(keys) == 1:
            return keys.pop()
        if keys:
            raise AmbiguousLabel(dimension, text, sorted({qualified for qualified, _ in found}))
    keys = index.terms[dimension].get(_norm(text), [])
    if len(keys) == 1:
        return keys[0]
    if keys:
        raise AmbiguousLabel(dimension, text, sorted(keys))
    raise UnknownLabel(dimension, text, accepted_labels(catalogue, dimension, case_type))


def accepted_labels(catalogue: Catalogue, dimension: str, case_type: str) -> list[str]:
    """Row labels of any year that sort `case_type` by `dimension` (all such rows if none do)."""
    entries = [entry for group in _index(catalogue).rows[dimension].values() for entry in group]
    own = [entry for entry in entries if entry.row.sorts_by(dimension, case_type)]
    return sorted({entry.row.label for entry in own or entries})
