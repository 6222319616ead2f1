"""The legal vocabulary as data (config/legal.toml): assessments and dated legal references.

Loaded and validated at start-up with the other configuration files, so a typo stops start-up
instead of showing a handler a wrong reference.
"""
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from flask import current_app

from casework.core.case_types import CaseType
from casework.core.config_files import read_toml, table_fields

FILE_NAME = "legal.toml"
#: The case types the file must describe.
LEGAL_TYPES = (CaseType.LEX_SARAH, CaseType.LEX_MARIA, CaseType.PERSONUPPGIFTSINCIDENT)


class LegalTermsError(Exception):
    """config/legal.toml is missing, malformed or inconsistent."""


@dataclass(frozen=True)
class Assessment:
    key: str
    label: str
    #: The assessment obliges the care provider to notify the authority.
    notify: bool


@dataclass(frozen=True)
class Reference:
    text: str
    valid_from: date | None
    valid_until: date | None

    def in_force(self, on: date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_until is None or on <= self.valid_until
        )


@dataclass(frozen=True)
class TypeTerms:
    authority: str
    assessments: dict[str, Assessment]
    references: tuple[Reference, ...]

    def references_on(self, on: date) -> list[str]:
        return [ref.text for ref in self.references if ref.in_force(on)]

    def assessment_label(self, key: str | None) -> str:
        return self.assessments[key].label if key in self.assessments else (key or "–")

    def requires_notification(self, key: str | None) -> bool:
        return key in self.assessments and self.assessments[key].notify


#: Where the app keeps the loaded terms.
EXTENSION = "casework.legal_terms"


def legal_terms(case_type: CaseType) -> TypeTerms:
    """The assessments and legal references of a lex Sarah, lex Maria or breach case; KeyError
    for another type."""
    return current_app.extensions[EXTENSION][CaseType(case_type)]


def load_legal_terms(config_dir: Path) -> dict[CaseType, TypeTerms]:
    """Read and validate ``legal.toml`` in ``config_dir``; LegalTermsError names any fault."""
    path = Path(config_dir) / FILE_NAME
    data = read_toml(path, error=LegalTermsError)
    names = {t.value for t in LEGAL_TYPES}
    unknown = sorted(set(data) - names)
    missing = sorted(names - set(data))
    if unknown or missing:
        raise LegalTermsError(
            f"{path}: " + "; ".join(
                ([f"unknown case type {', '.join(unknown)}"] if unknown else [])
                + ([f"missing case type {', '.join(missing)}"] if missing else [])
            )
        )
    return {t: _type_terms(data[t.value], f"{path}: [{t.value}]") for t in LEGAL_TYPES}


def _type_terms(value: Any, where: str) -> TypeTerms:
    value = _fields(value, where, {"authority", "assessments", "references"})
    if not isinstance(value["authority"], str) or not value["authority"].strip():
        raise LegalTermsError(f"{where}: 'authority' must be a non-empty string")
    assessments = {}
    for item in _list(value["assessments"], f"{where} assessments"):
        item = _fields(item, f"{where} assessments", {"key", "label", "notify"})
        if item["key"] in assessments:
            raise LegalTermsError(f"{where}: assessment {item['key']!r} is listed twice")
        if not isinstance(item["notify"], bool) or not _text(item["label"]):
            raise LegalTermsError(
                f"{where}: assessment {item['key']!r} needs a label and notify = true or false"
            )
        assessments[item["key"]] = Assessment(item["key"], item["label"], item["notify"])
    references = []
    for item in _list(value["references"], f"{where} references"):
        item = _fields(item, f"{where} references", {"text"}, {"from", "until"})
        start, end = item.get("from"), item.get("until")
        if not _text(item["text"]) or any(
            d is not None and type(d) is not date for d in (start, end)
        ):
            raise LegalTermsError(f"{where}: a reference needs a text and dates as YYYY-MM-DD")
        if start and end and end < start:
            raise LegalTermsError(f"{where}: reference {item['text']!r} ends before it starts")
        references.append(Reference(item["text"], start, end))
    return TypeTerms(value["authority"], assessments, tuple(references))


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _list(value: Any, where: str) -> list:
    if not isinstance(value, list):
        raise LegalTermsError(f"{where}: expected a list")
    return value


_fields = partial(table_fields, error=LegalTermsError)
