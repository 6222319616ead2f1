"""ISO weeks in the app's time zone: a week runs from Monday 00:00 to the next Monday 00:00
in Stockholm, whatever the UTC offset does in between (summer time starts and ends on a
Sunday)."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from casework.core.clock import app_zone, local_today
from casework.core.columns import db_int

#: No case is received before 2000 (casework.cases.validation), so no check is older.
FIRST_YEAR = 2000


@dataclass(frozen=True, order=True)
class Week:
    year: int
    number: int

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.number, 1)

    @property
    def label(self) -> str:
        return f"vecka {self.number}, {self.year}"

    def bounds(self) -> tuple[datetime, datetime]:
        """The week's first moment and the first moment after it, in UTC (SQLite compares the
        stored UTC text, so the bounds must be UTC)."""
        zone = app_zone()
        start = datetime.combine(self.monday, time(), zone)
        end = datetime.combine(self.monday + timedelta(days=7), time(), zone)
        return start.astimezone(timezone.utc), end.astimezone(timezone.utc)

    def before(self, count: int = 1) -> "Week":
        return of(self.monday - timedelta(weeks=count))

    def after(self) -> "Week":
        return of(self.monday + timedelta(weeks=1))

    @property
    def ended(self) -> bool:
        return self < current()


def of(day: date) -> "Week":
    year, number, _ = day.isocalendar()
    return Week(year, number)


def current() -> Week:
    return of(local_today())


def parse(year: str | int, number: str | int) -> Week | None:
    """The week ``number`` of ISO year ``year``, from a URL; None for a week that does not exist
    (0, 54, 53 in a year of 52), lies before ``FIRST_YEAR`` or has not begun."""
    try:
        year, number = db_int(year), db_int(number)
        week = Week(year, number)
        week.monday  # noqa: B018  (raises for a week the year does not have)
    except ValueError:
        return None
    if year < FIRST_YEAR or week > current():
        return None
    return week
