"""Import cases from a CSV file, all or nothing.

Units keep their history in spreadsheets, written under whichever year's report labels were in
force. Every row is checked before anything is written, by the case validator as every new case
is, and every bad row is reported with its line number, so that one run tells the user
everything to fix; a good file then goes in through the bulk path in the caller's single
transaction.
"""
import csv
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from pathlib import Path

import sqlalchemy as sa

from casework.cases.models import CaseType
from casework.cases.services import bulk_insert_cases
from casework.cases.validation import Draft, validate
from casework.core.clock import local_today
from casework.core.errors import DomainError, UnknownValue
from casework.core.extensions import db
from casework.core.taxonomy import ANONYMOUS, LabelError, catalogue, resolve
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
_YES_NO = {"ja": True, "nej": False, "": None}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class ImportFileError(DomainError):
    """The file as a whole cannot be read: not UTF-8, no header, wrong columns."""


@dataclass
class CheckedFile:
    """The outcome of checking a file: rows ready for ``bulk_insert_cases``, or what is wrong."""

    rows: list[dict] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    total: int = 0

    @property
    def bad_lines(self) -> int:
        return len({line for line, _ in self.errors})

    def counts_by_type(self) -> dict[CaseType, int]:
        counts = Counter(row["type"] for row in self.rows)
        return {t: counts[t] for t in CaseType if counts[t]}


def check_file(path: Path) -> CheckedFile:
    """Read and check every row of ``path``; writes nothing."""
    header, records = read_csv(path)
    checker = _RowChecker()
    checked = CheckedFile()
    for line, values in records:
        checked.total += 1
        if len(values) != len(header):
            checked.errors.append((line, f"{len(values)} fields, but the header has {len(header)}"))
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


def read_csv(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The checked header, and (line number, values) per non-empty row; the header is line 1.

    UTF-8 with or without a byte-order mark; ``;`` or ``,`` as the delimiter, told apart by the
    header, whose names contain neither.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            f"{path.name} is not UTF-8 text (byte {error.start}); save it as CSV UTF-8"
        ) from None
    header_line = text.partition("\n")[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = _check_header(path, next(reader, []))
    return header, _records(reader)


def _records(reader) -> Iterator[tuple[int, list[str]]]:
    # A quoted field may span lines: a row is numbered by the line it starts on.
    start = reader.line_num + 1
    try:
        for values in reader:
            line, start = start, reader.line_num + 1
            if any(value.strip() for value in values):
                yield line, values
    except csv.Error as error:
        raise ImportFileError(f"line {start}: not readable as CSV: {error}") from None


def _check_header(path: Path, names: list[str]) -> list[str]:
    header = [name.strip().lower() for name in names]
    if not any(header):
        raise ImportFileError(f"{path.name} is empty; the first line must name the columns")
    problems = []
    missing = [name for name in COLUMNS if name not in header]
    unknown = [name for name in header if name not in COLUMNS]
    repeated = sorted({name for name in header if header.count(name) > 1})
    if missing:
        problems.append(f"missing columns: {', '.join(missing)}")
    if unknown:
        problems.append(f"unknown columns: {', '.join(map(repr, unknown))}")
    if repeated:
        problems.append(f"repeated columns: {', '.join(repeated)}")
    if problems:
        raise ImportFileError(
            f"{path.name}: {'; '.join(problems)} (expected: {', '.join(COLUMNS)})"
        )
    return header


class _RowChecker:
    """Turns one row's text into case columns, collecting every reason the row is wrong: what
    does not parse (a date, a label, a unit code), then what the case validator refuses
    (casework.cases.validation) in the columns that parsed.

    Unit codes are loaded once and labels resolve through the catalogue's cached index, so
    checking costs no query per row.
    """

    def __init__(self):
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
                reasons.append(str(error))
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
                    reasons.append(f"source {source!r} means anonymous, but anonymous is 'nej'")
        draft = Draft.of(row)
        reasons += [str(error) for error in validate(draft, self.catalogue, enheter=self.enheter,
                                                     today=self.today, closed=self.closed)
                    if error.field not in unparsed]
        return row, reasons

    def _unit(self, code: str) -> int:
        code = code.strip()
        if code not in self.units:
            enheter = sorted(c for c, (_, kind) in self.units.items() if kind == NodeKind.ENHET)
            raise UnknownValue("unit", code, enheter)
        return self.units[code][0]

    def _type(self, text: str) -> CaseType:
        try:
            return self.types[text.strip().casefold()]
        except KeyError:
            raise UnknownValue("type", text.strip(), [t.value for t in CaseType]) from None

    def _anonymous(self, text: str) -> bool | None:
        """True for ja, False for nej, None when the column is empty (not stated)."""
        try:
            return _YES_NO[text.strip().lower()]
        except KeyError:
            raise UnknownValue("anonymous value", text.strip(), ["ja", "nej"]) from None

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
            raise DomainError(f"{column} {value} is before received_on {received_on}")
        if value > self.today:
            raise DomainError(f"{column} {value} is in the future")
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
    raise DomainError(f"{column} {text!r} is not a date (YYYY-MM-DD)")
