"""Category labels for people, derived from the template's row labels in this one place.

A template's labels are written for the report ("Synpunkter och klagomål - ej
personalrelaterade > Annat (ange vad i rapporteringsvyn)"). A form or a case page shows the
label's head ("Annat"), keeps examples in brackets as a muted aid ("Information" + "utebliven
info, obegriplig etc"), drops instructions to the report writer ("ange vad …"), and names the
section in short only where two heads would read alike: "Annat (ej personal)", "Annat
(personal)". A section's short name is its ``short`` in the template, else the part of its
title after the last " - ".
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .model import Catalogue, Section

#: A bracket that tells the report writer what to do rather than what the row holds.
_INSTRUCTION = re.compile(r"ange\b", re.IGNORECASE)


@dataclass(frozen=True)
class CategoryLabel:
    key: str
    label: str  # what people read and pick by: "Annat (ej personal)"
    examples: str | None = None  # the template's examples, if it gives some


def split_label(label: str) -> tuple[str, str | None]:
    """A row label's head and its examples: ``("Beslut", "avsaknad av, missnöje med etc")``;
    an instruction in brackets is dropped, and a label without brackets is all head."""
    head, bracket, rest = label.partition(" (")
    if not bracket or not rest.endswith(")"):
        return label, None
    inner = rest[:-1].strip()
    return head.strip(), None if _INSTRUCTION.match(inner) else inner


def section_short(section: Section) -> str:
    return section.short or section.title.rpartition(" - ")[2].strip() or section.title


def category_labels(catalogue: Catalogue, year: int, case_type: str) -> list[CategoryLabel]:
    """The categories the template in force in ``year`` offers ``case_type``, in its order,
    labelled for people."""
    found = []
    for section, row in catalogue.template_for(year).rows():
        key = catalogue.primary(row, "category", case_type)
        if key is not None:
            found.append((key, section, *split_label(row.label)))
    alike = Counter(head.casefold() for _, _, head, _ in found)
    return [
        CategoryLabel(key, f"{head} ({section_short(section)})"
                      if alike[head.casefold()] > 1 else head, examples)
        for key, section, head, examples in found
    ]
