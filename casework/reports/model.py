"""The computed report table: plain values, so that exports and views need no database."""
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ReportRow:
    """One row of the table; ``t1``, ``t2``, ``vb`` are the tertials' Utfall."""

    section: str
    label: str
    key: str
    t1: int = 0
    t2: int = 0
    vb: int = 0
    note: str = ""

    @property
    def total(self) -> int:
        """Totalt ack. Utfall: always the sum, so it cannot disagree with the tertials."""
        return self.t1 + self.t2 + self.vb


@dataclass(frozen=True)
class Unmapped:
    """A counted case that a template breakdown cannot place, and why (counting rule 7)."""

    number: str
    type: str
    received_on: date
    reason: str


@dataclass(frozen=True)
class ReportTable:
    """A template's table for an organisation node and year, as of ``cutoff``."""

    template: int
    unit: str
    year: int
    cutoff: date
    rows: tuple[ReportRow, ...]
    unmapped: tuple[Unmapped, ...]
