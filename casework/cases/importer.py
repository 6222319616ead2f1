"""Import cases from a CSV or Excel file, all or nothing.

Units keep their history in spreadsheets, written under whichever year's report labels were in
force. Every row is checked before anything is written, by the case validator as every new case
is, and every bad row is reported with its line number and its reasons in Swedish, so that one
run tells the user everything to fix; a good file then goes in through the bulk path in the
caller's single transaction. The command line and the web page (``casework.cases.views``) read
and check a file the same way.
"""
import re
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from pathlib import Path

import sqlalchemy as sa

from casework.cases.models import CaseType
from casework.cases.services import bulk_insert_cases
from casework.cases.validation import Draft, validate
from casework.core.clock import local_today
from casework.core.errors import DomainError
from casework.core.extensions import db
from casework.core.sheets import SheetError, read_table
from casework.core.taxonomy import ANONYMOUS, LabelError, catalogue, resolve
from casework.core.taxonomy.labels import AmbiguousLabel, UnknownLabel
from casework.organisation.models import NodeKind, OrgNode

COLUMNS = (
    "unit", "type", "received_on", "source", "categories", "identified_by", "concerns",
    "anonymous", "feedback_on", "action_on", "ivo_notified_on", "description",
)
#: The file's flag-date columns and the case columns they fill.
FLAG_DATES = {
    "feedback_on": "feedback_on",
    "action_on": "first_action_on",
    "ivo_notified_on": "authority_notified_on",
}
CATEGORY_SEPARATOR = ";"
#: Rows a file may hold: a unit's history of many years, at most.
MAX_ROWS = 50_000
#: What the reasons call each dimension of the report templates.
DIMENSIONS = {"category": "kategori", "source": "från vem", "identified_by": "vem som har "
              "identifierat", "concerns": "vem avvikelsen avser"}
_YES_NO = {"ja": True, "nej": False, "": None}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class ImportFileError(SheetError):
    """The file's columns are not the import's."""


@dataclass
class CheckedFile:
    """The outcome of checking a file: rows ready for ``bulk_insert_cases``, or what is wrong."""

    rows: list[dict] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    total: int = 0

    @property
    def bad_lines(self) -> int:
        return len({line for line, _ in self.errors})

    def counts_by_unit(self) -> dict[int, int]:
        return dict(Counter(row["unit_id"] for row in self.rows))

    def counts_by_type(self) -> dict[CaseType, int]:
        counts = Counter(row["type"] for row in self.rows)
        return {t: counts[t] for t in CaseType if counts[t]}


def check_file(path: Path) -> CheckedFile:
    """Read and check every row of the file at ``path``; writes nothing."""
    return check_data(path.read_bytes(), path.name)


def check_data(data: bytes, filename: str, units: Collection[int] | None = None) -> CheckedFile:
    """Read and check every row of a CSV or xlsx file; with ``units``, a row of any other unit
    is refused. Writes nothing; SheetError when the file as a whole cannot be read."""
    names, records = read_table(data, filename, MAX_ROWS)
    header = _check_header(names)
    checker = _RowChecker(units)
    checked = CheckedFile()
    for line, values in records:
        checked.total += 1
        values = values + [""] * (len(header) - len(values))  # Excel leaves out empty ends
        if len(values) != len(header):
            checked.errors.append(
                (line, f"raden har {len(values)} fält men rubrikraden {len(header)}"))
            continue
        row, reasons = checker.check(dict(zip(header, values)))
        checked.errors.extend((line, reason) for reason in reasons)
        if not reasons:
            checked.rows.append(row)
    return checked


def import_rows(rows: list[dict], progress: Callable[[int], None] = lambda n: None) -> int:
    """Insert checked rows as imported cases; ``progress`` hears how many went in per step.

    Sorted first, so that case numbers follow received dates across the whole file.
    """
    rows = sorted(rows, key=itemgetter("received_on"))
    step = 1000
    for start in range(0, len(rows), step):
        progress(bulk_insert_cases(rows[start:start + step], event="imported"))
    return len(rows)


def _check_header(names: list[str]) -> list[str]:
    header = [name.strip().lower() for name in names]
    problems = []
    missing = [name for name in COLUMNS if name not in header]
    unknown = [name for name in header if name not in COLUMNS]
    repeated = sorted({name for name in header if header.count(name) > 1})
    if missing:
        problems.append(f"kolumner saknas: {', '.join(missing)}")
    if unknown:
        problems.append(f"okända kolumner: {', '.join(map(repr, unknown))}")
    if repeated:
        problems.append(f"kolumner som finns två gånger: {', '.join(repeated)}")
    if problems:
        raise ImportFileError(
            f"{'; '.join(problems)} (rubrikraden ska vara: {', '.join(COLUMNS)})")
    return header


class _RowChecker:
    """Turns one row's text into case columns, collecting every reason the row is wrong: what
    does not parse (a date, a label, a unit code), then what the case validator refuses
    (casework.cases.validation) in the columns that parsed.

    Unit codes are loaded once and labels resolve through the catalogue's cached index, so
    checking costs no query per row.
    """

    def __init__(self, units: Collection[int] | None = None):
        self.allowed = units
        self.catalogue = catalogue()
        self.today = local_today()
        nodes = db.session.execute(
            sa.select(OrgNode.code, OrgNode.id, OrgNode.kind, OrgNode.closed_on)).all()
        self.units = {code: (node_id, kind) for code, node_id, kind, _ in nodes}
        self.enheter = {node_id for node_id, kind in self.units.values() if kind == NodeKind.ENHET}
        self.closed = {node_id for _, node_id, _, closed_on in nodes if closed_on}
        self.types = {t.value: t for t in CaseType} | {t.label.casefold(): t for t in CaseType}

    def check(self, fields: dict[str, str]) -> tuple[dict, list[str]]:
        reasons: list[str] = []
        unparsed: set[str] = set()

        def attempt(column, check, *args):
            try:
                return check(*args)
            except (DomainError, LabelError) as error:
                reasons.append(f"{column}: {_swedish(error)}")
                unparsed.add(column)
                return None

        case_type = attempt("type", self._type, fields["type"])
        received_on = attempt("received_on", _date, "received_on", fields["received_on"])
        anonymous = attempt("anonymous", self._anonymous, fields["anonymous"])
        row = {
            "unit_id": attempt("unit", self._unit, fields["unit"]),
            "type": case_type,
            "received_on": received_on,
            "registered_by_id": None,
            "description": fields["description"].strip(),
            "anonymous": bool(anonymous),
        }
        for column, case_column in FLAG_DATES.items():
            row[case_column] = attempt(column, self._flag_date, column, fields[column], received_on)
        if case_type is not None:
            year = received_on.year if received_on else None
            categories = [
                attempt("categories", self._label, "category", label, case_type, year)
                for label in fields["categories"].split(CATEGORY_SEPARATOR)
                if label.strip()
            ]
            row["categories"] = [key for key in categories if key is not None]
            for dimension in ("identified_by", "concerns", "source"):
                row[dimension] = attempt(dimension, self._label, dimension, fields[dimension],
                                         case_type, year)
            if row["source"] == ANONYMOUS:
                row["source"], row["anonymous"] = None, True
                if anonymous is False:
                    source = fields["source"].strip()
                    reasons.append(f"source: {source!r} betyder anonymt, men anonymous är 'nej'")
        draft = Draft.of(row)
        reasons += [str(error) for error in validate(draft, self.catalogue, enheter=self.enheter,
                                                     today=self.today, closed=self.closed)
                    if error.field not in unparsed]
        return row, reasons

    def _unit(self, code: str) -> int:
        code = code.strip()
        if code not in self.units:
            enheter = sorted(c for c, (_, kind) in self.units.items() if kind == NodeKind.ENHET
                             and (self.allowed is None or self.units[c][0] in self.allowed))
            raise DomainError(f"okänd enhetskod {code!r}; giltiga: {_listed(enheter)}")
        unit_id = self.units[code][0]
        if self.allowed is not None and unit_id not in self.allowed \
                and unit_id in self.enheter:
            raise DomainError(f"enheten {code!r} är inte en av dina enheter")
        return unit_id

    def _type(self, text: str) -> CaseType:
        try:
            return self.types[text.strip().casefold()]
        except KeyError:
            raise DomainError(f"okänd typ {text.strip()!r}; giltiga: "
                              f"{', '.join(t.value for t in CaseType)}") from None

    def _anonymous(self, text: str) -> bool | None:
        """True for ja, False for nej, None when the column is empty (not stated)."""
        try:
            return _YES_NO[text.strip().lower()]
        except KeyError:
            raise DomainError(f"okänt värde {text.strip()!r}; giltiga: ja, nej") from None

    def _label(self, dimension: str, text: str, case_type: CaseType,
               year: int | None) -> str | None:
        if not text.strip():
            return None
        return resolve(self.catalogue, dimension, text, case_type.value, year)

    def _flag_date(self, column: str, text: str, received_on: date | None) -> date | None:
        value = _date(column, text)
        if value is None:
            return None
        if received_on and value < received_on:
            raise DomainError(f"{value} är före received_on {received_on}")
        if value > self.today:
            raise DomainError(f"{value} ligger i framtiden")
        return value


def _date(column: str, text: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    if _ISO_DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:  # 2024-02-30
            pass
    raise DomainError(f"{text!r} är inget datum (skriv ÅÅÅÅ-MM-DD)")


def _swedish(error: Exception) -> str:
    """A label the templates do not know, or know in several sections, in Swedish."""
    if isinstance(error, AmbiguousLabel):
        return (f"{DIMENSIONS.get(error.dimension, error.dimension)} {error.text!r} finns i "
                f"flera avsnitt; skriv ett av: {'; '.join(error.options)}")
    if isinstance(error, UnknownLabel):
        return f"okänd {DIMENSIONS.get(error.dimension, error.dimension)} {error.text!r}"
    return str(error)


def _listed(values: list[str]) -> str:
    return ", ".join(values[:40]) + (" …" if len(values) > 40 else "")
